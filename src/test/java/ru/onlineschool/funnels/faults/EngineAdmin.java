package ru.onlineschool.funnels.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * What the tests do as administrator through {@code /engine-rest} (as scripts/bench/Bench.java
 * does): complete «Обработать заявку» with «не дозвонились», find the recall timers that follow,
 * move their due dates.
 */
final class EngineAdmin {

  static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8));
  static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  static final String PROCESS_LEAD = "Activity_ProcessLead";
  static final String RECALL_TIMER = "Event_RecallDue";
  static final String RECALL_TASK = "Activity_Recall";

  /** A recall timer job of one deal's process. */
  record Timer(String jobId, String processInstanceId) {}

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Completes every open «Обработать заявку» (at most {@code n}) with «не дозвонились», spread over
   * the nodes; returns the process instances.
   */
  List<String> notReached(List<AppNode> nodes, int n) throws Exception {
    JsonNode tasks = get(nodes.get(0), "/engine-rest/task?taskDefinitionKey=" + PROCESS_LEAD + "&processDefinitionKey=course-sale&maxResults=" + n);
    List<String[]> work = new ArrayList<>();
    tasks.forEach(t -> work.add(new String[] {t.get("id").asText(), t.get("processInstanceId").asText()}));
    parallel(work.size(), i -> {
      send(nodes.get(i % nodes.size()), "POST", "/engine-rest/task/" + work.get(i)[0] + "/complete",
          "{\"variables\":{\"outcome\":{\"value\":\"NOT_REACHED\",\"type\":\"String\"},"
              + "\"result\":{\"value\":\"Не взял трубку\",\"type\":\"String\"}}}", 204);
      return null;
    });
    return work.stream().map(w -> w[1]).toList();
  }

  /**
   * The recall timers, waiting (bounded) until there are {@code n}: the first «не дозвонились»
   * sends a client message after an async boundary, the timer exists once the job executor ran it.
   */
  List<Timer> recallTimers(AppNode node, int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode jobs = get(node, "/engine-rest/job?activityId=" + RECALL_TIMER + "&timers=true&maxResults=" + (n + 100));
      if (jobs.size() >= n || System.nanoTime() > deadline) {
        List<Timer> timers = new ArrayList<>();
        jobs.forEach(j -> timers.add(new Timer(j.get("id").asText(), j.get("processInstanceId").asText())));
        if (timers.size() < n) {
          throw new IllegalStateException("Only " + timers.size() + " of " + n + " recall timers within " + timeout.toSeconds() + " s");
        }
        return timers;
      }
      Thread.sleep(300);
    }
  }

  /** Sets each timer's due date; returns the due moment per process instance. */
  Map<String, Instant> moveDueDates(List<AppNode> nodes, List<Timer> timers, Function<Integer, Instant> due) throws Exception {
    Map<String, Instant> dues = new LinkedHashMap<>();
    for (int i = 0; i < timers.size(); i++) {
      dues.put(timers.get(i).processInstanceId(), due.apply(i).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
    parallel(timers.size(), i -> {
      Timer timer = timers.get(i);
      String date = ENGINE_DATE.format(OffsetDateTime.ofInstant(dues.get(timer.processInstanceId()), ZoneId.of(AppNode.ZONE)));
      send(nodes.get(i % nodes.size()), "PUT", "/engine-rest/job/" + timer.jobId() + "/duedate", "{\"duedate\":\"" + date + "\"}", 204);
      return null;
    });
    return dues;
  }

  JsonNode get(AppNode node, String path) throws Exception {
    return Leads.parse(send(node, "GET", path, null, 200));
  }

  String send(AppNode node, String method, String path, String json, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(30)).header("Authorization", ADMIN);
    if (json != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + node + path + " failed: " + e, e);
    }
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + node + path + " → " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  interface Step {
    Void run(int i) throws Exception;
  }

  private static void parallel(int count, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> step.run(index)));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
