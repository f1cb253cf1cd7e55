package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.WebappSession;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Issue 9, fault 3: the manager and the head of sales complete the same «Обработать заявку» at
 * the same moment, one through engine-rest, the other as Tasklist does it (session, CSRF token,
 * {@code submit-form}). Exactly one wins and her result is on the deal; the other gets a 4xx with
 * a Russian message Tasklist shows, never a 500.
 */
@ApplicationTest
class TaskRaceTest {

  static final int ROUNDS = Integer.getInteger("race.rounds", 20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessDriver driver;

  private final HttpClient engineRest = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void everybodyBack() {
    driver.everybodyAvailable();
  }

  record Outcome(String who, int status, String body) {}

  @Test
  void twoPeopleCompleteOneTaskAtOnceOneWinsTheOtherIsToldInRussianAndTheResultIsKept() throws Exception {
    driver.onlyAvailable("manager1");
    WebappSession tasklist = WebappSession.login(port, "rop", "tasklist");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int wonByRest = 0;
    int wonByTasklist = 0;
    List<Integer> loserStatuses = new ArrayList<>();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        long dealId = lead("Гонка " + round);
        String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
        Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
        assertThat(task.getAssignee()).isEqualTo("manager1");
        String restResult = "Квалифицирован менеджером, раунд " + round;
        String tasklistResult = "Квалифицирован РОП, раунд " + round;

        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        Callable<Outcome> byRest = () -> race(ready, go, "manager1", () -> completeByRest(task.getId(), restResult));
        Callable<Outcome> byTasklist = () -> race(ready, go, "rop", () -> submitForm(tasklist, task.getId(), tasklistResult));
        Future<Outcome> first = pool.submit(round % 2 == 0 ? byRest : byTasklist);
        Future<Outcome> second = pool.submit(round % 2 == 0 ? byTasklist : byRest);
        ready.await(10, TimeUnit.SECONDS);
        go.countDown();
        List<Outcome> outcomes = List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

        List<Outcome> won = outcomes.stream().filter(o -> o.status() == 204).toList();
        List<Outcome> lost = outcomes.stream().filter(o -> o.status() != 204).toList();
        assertThat(won).as("round %d: exactly one completes, %s", round, outcomes).hasSize(1);
        Outcome loser = lost.get(0);
        assertThat(loser.status()).as("round %d: the other is told, %s", round, loser).isIn(404, 409);
        JsonNode error = JSON.readTree(loser.body());
        assertThat(error.path("message").asText()).as("round %d", round).contains("другой сотрудник", "обновите список задач");
        assertThat(error.path("type").asText()).isNotBlank();
        loserStatuses.add(loser.status());

        String winnerText = won.get(0).who().equals("manager1") ? restResult : tasklistResult;
        String loserText = won.get(0).who().equals("manager1") ? tasklistResult : restResult;
        List<String> timeline = deals.timeline(dealId).stream().map(e -> e.text()).toList();
        assertThat(timeline).as("round %d: the winner's result is on the deal", round).contains("«Обработать заявку»: " + winnerText);
        assertThat(timeline).as("round %d: and only hers", round).noneMatch(t -> t.contains(loserText));
        assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("QUALIFIED");
        assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isZero();
        if (won.get(0).who().equals("manager1")) {
          wonByRest++;
        } else {
          wonByTasklist++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("TaskRaceTest: %d rounds, engine-rest won %d, Tasklist won %d, losers answered %s%n", ROUNDS, wonByRest, wonByTasklist, loserStatuses);
  }

  interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static Outcome race(CountDownLatch ready, CountDownLatch go, String who, Call call) throws Exception {
    ready.countDown();
    go.await(10, TimeUnit.SECONDS);
    HttpResponse<String> response = call.send();
    return new Outcome(who, response.statusCode(), response.body());
  }

  private long lead(String name) {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead(name, TestPhones.unique())));
    assertThat(response.getStatusCode().value()).isEqualTo(201);
    return Api.parse(response).path("dealId").asLong();
  }

  private static String variables(String result) {
    return "{\"variables\":{\"outcome\":{\"value\":\"QUALIFIED\"},\"result\":{\"value\":\"" + result + "\"}}}";
  }

  private HttpResponse<String> completeByRest(String taskId, String result) throws Exception {
    String basic = Base64.getEncoder().encodeToString("manager1:demo".getBytes(StandardCharsets.UTF_8));
    return engineRest.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task/" + taskId + "/complete"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(variables(result)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> submitForm(WebappSession session, String taskId, String result) throws Exception {
    return session.post("/camunda/api/engine/engine/default/task/" + taskId + "/submit-form", variables(result), "application/json");
  }
}
