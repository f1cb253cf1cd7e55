package ru.onlineschool.funnels.webinar;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The webinar API as the platform and the staff use it: registration → attendance → a qualified
 * «Продажа курса» deal in the manager's Tasklist; a moved webinar; Russian problems.
 */
@ApplicationTest
class WebinarApiTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired SmartDistribution distribution;
  @LocalServerPort int port;

  @BeforeEach
  void onlyManager3() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager3"), "test", Instant.now()));
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
  }

  static String webinarId() {
    return "api-" + System.nanoTime();
  }

  static Map<String, Object> registration(String phone, String email, String startsAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Пётр Сидоров");
    body.put("phone", phone);
    body.put("email", email);
    body.put("webinarTitle", "Аналитика данных с нуля");
    body.put("startsAt", startsAt);
    body.put("durationMinutes", 60);
    body.put("link", "https://webinar.example/data");
    return body;
  }

  String pi(long dealId) {
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult();
    return pi.getId();
  }

  JsonNode engineGet(String user, String path) {
    ResponseEntity<String> response = rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  HttpResponse<String> patch(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", Api.INTAKE_KEY)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRegistrantWhoAttendedBecomesAQualifiedSaleInTheManagersTasklist() {
    String webinar = webinarId();
    String phone = TestPhones.unique();
    String email = "api" + phone.substring(2) + "@example.ru";
    String startsAt = LocalDateTime.now(MOSCOW).plusDays(3).withNano(0).atZone(MOSCOW).toOffsetDateTime().toString();

    ResponseEntity<String> created = postWithKey(rest, "/api/webinars/" + webinar + "/registrations", json(registration(TestPhones.russianStyle(phone), email, startsAt)));

    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    JsonNode answer = parse(created);
    long dealId = answer.path("dealId").asLong();
    assertThat(answer.path("funnel").asText()).isEqualTo("webinar");
    assertThat(answer.path("stage").path("code").asText()).isEqualTo("REGISTERED");
    // The same client again: the same deal, nothing new.
    ResponseEntity<String> again = postWithKey(rest, "/api/webinars/" + webinar + "/registrations", json(registration(phone, null, startsAt)));
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(again).path("dealId").asLong()).isEqualTo(dealId);
    assertThat(parse(again).path("alreadyRegistered").asBoolean()).isTrue();
    MessageJobs.run(management, pi(dealId));

    ResponseEntity<String> attendance =
        postWithKey(rest, "/api/webinars/" + webinar + "/attendance",
            json(Map.of("attended", List.of(Map.of("phone", TestPhones.russianStyle(phone)), Map.of("email", "nobody@example.ru")))));

    assertThat(attendance.getStatusCode()).as(attendance.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(parse(attendance).path("attended").get(0).asLong()).isEqualTo(dealId);
    assertThat(parse(attendance).path("notMatched").get(0).asInt()).isEqualTo(1);
    MessageJobs.run(management, pi(dealId));
    JsonNode myTasks = engineGet("manager3", "/engine-rest/task?assignee=manager3&processInstanceBusinessKey=" + dealId);
    assertThat(myTasks).hasSize(1);
    assertThat(myTasks.get(0).path("name").asText()).isEqualTo("Позвонить участнику вебинара");

    Map<String, Object> variables = Map.of(
        "outcome", Map.of("value", "NEED_IDENTIFIED"), "course", Map.of("value", "Аналитик данных"), "result", Map.of("value", "Хочет учиться с января"));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> completed =
        rest.withBasicAuth("manager3", "demo")
            .exchange("/engine-rest/task/" + myTasks.get(0).path("id").asText() + "/complete", HttpMethod.POST,
                new HttpEntity<>(json(Map.of("variables", variables)), headers), String.class);
    assertThat(completed.getStatusCode()).as(completed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

    JsonNode webinarCard = engineGetCard("rop", dealId);
    assertThat(webinarCard.path("stage").path("code").asText()).isEqualTo("NEED_IDENTIFIED");
    Task offer = tasks.createTaskQuery().processDefinitionKey("course-sale").taskDefinitionKey("Activity_PrepareOffer").taskAssignee("manager3")
        .list().stream().filter(t -> String.valueOf(runtime.getVariable(t.getProcessInstanceId(), "source")).contains("сделка №" + dealId)).findFirst().orElseThrow();
    long saleId = Long.parseLong(runtime.createProcessInstanceQuery().processInstanceId(offer.getProcessInstanceId()).singleResult().getBusinessKey());
    JsonNode saleCard = engineGetCard("manager3", saleId);
    assertThat(saleCard.path("stage").path("code").asText()).isEqualTo("QUALIFIED");
    assertThat(saleCard.toString()).contains("Аналитик данных", "+7" + phone.substring(2));
    JsonNode saleTasks = engineGet("manager3", "/engine-rest/task?assignee=manager3&processInstanceBusinessKey=" + saleId);
    assertThat(saleTasks.get(0).path("name").asText()).isEqualTo("Подготовить предложение");
  }

  JsonNode engineGetCard(String user, long dealId) {
    return engineGet(user, "/api/deals/" + dealId);
  }

  @Test
  void movingAWebinarMovesTheRemindersOfEveryRegistrant() throws Exception {
    ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2030-04-01T10:00").atZone(MOSCOW).toInstant()));
    String webinar = webinarId();
    long first = parse(postWithKey(rest, "/api/webinars/" + webinar + "/registrations",
        json(registration(TestPhones.unique(), null, "2030-04-10T19:00:00+03:00")))).path("dealId").asLong();
    long second = parse(postWithKey(rest, "/api/webinars/" + webinar + "/registrations",
        json(registration(TestPhones.unique(), null, "2030-04-10T21:00:00+05:00")))).path("dealId").asLong();
    MessageJobs.run(management, pi(first));
    MessageJobs.run(management, pi(second));

    HttpResponse<String> moved = patch("/api/webinars/" + webinar, "{\"startsAt\":\"2030-04-12T18:00:00+03:00\"}");

    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(moved.body()).contains("\"registrations\":2");
    for (long deal : List.of(first, second)) {
      Date due = management.createJobQuery().processInstanceId(pi(deal)).activityId("Event_DayBefore").singleResult().getDuedate();
      assertThat(due).isEqualTo(Date.from(LocalDateTime.parse("2030-04-11T18:00").atZone(MOSCOW).toInstant()));
    }
    // The second registrant lives at +05:00: the variable (and so the letters) keep the client's zone.
    assertThat(runtime.getVariable(pi(second), Webinar.STARTS_AT)).isEqualTo("2030-04-12T20:00+05:00");

    HttpResponse<String> unknown = patch("/api/webinars/no-such-webinar", "{\"startsAt\":\"2030-04-12T18:00:00+03:00\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(unknown.body()).contains("не найден");
    HttpResponse<String> bad = patch("/api/webinars/" + webinar, "{\"startsAt\":\"12.04.2030 18:00\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Дата и время в формате ISO-8601 со смещением, например 2026-12-03T19:00:00+03:00");
  }

  @Test
  void badRegistrationsAndAttendanceAreRussianProblemsAndNeedTheKey() {
    String webinar = webinarId();
    ResponseEntity<String> bad =
        postWithKey(rest, "/api/webinars/" + webinar + "/registrations",
            json(Map.of("name", "", "startsAt", "завтра", "durationMinutes", 0, "link", "webinar.example")));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(bad))
        .containsEntry("name", "Обязательное поле")
        .containsEntry("phone", "Укажите телефон или e-mail")
        .containsEntry("webinarTitle", "Обязательное поле")
        .containsEntry("startsAt", "Дата и время в формате ISO-8601 со смещением, например 2026-12-03T19:00:00+03:00")
        .containsEntry("durationMinutes", "От 1 до 720 минут")
        .containsEntry("link", "Ссылка должна начинаться с http:// или https://");

    ResponseEntity<String> noKey =
        Api.post(rest, "/api/webinars/" + webinar + "/registrations", json(registration(TestPhones.unique(), null, "2030-04-10T19:00:00+03:00")), new HttpHeaders());
    assertThat(noKey.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<String> badAttendance = postWithKey(rest, "/api/webinars/" + webinar + "/attendance", json(Map.of("attended", List.of(Map.of()))));
    assertThat(badAttendance.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(badAttendance)).containsEntry("attended[0]", "Укажите dealId, phone или email");
    ResponseEntity<String> unknownWebinar =
        postWithKey(rest, "/api/webinars/" + webinar + "/attendance", json(Map.of("attended", List.of(Map.of("dealId", 1)))));
    assertThat(unknownWebinar.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aRepeatedRegistrationWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
    String webinar = webinarId();
    String body = json(registration(TestPhones.unique(), null, "2030-04-10T19:00:00+03:00"));
    HttpHeaders headers = Api.keyHeader();
    headers.set("Idempotency-Key", "reg-" + webinar);
    ResponseEntity<String> first = Api.post(rest, "/api/webinars/" + webinar + "/registrations", body, headers);
    ResponseEntity<String> replay = Api.post(rest, "/api/webinars/" + webinar + "/registrations", body, headers);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(replay.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.getBody()).isEqualTo(first.getBody());
    ResponseEntity<String> other =
        Api.post(rest, "/api/webinars/" + webinar + "/registrations", json(registration(TestPhones.unique(), null, "2030-04-10T19:00:00+03:00")), headers);
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
