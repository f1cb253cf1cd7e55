package ru.onlineschool.funnels.workplace;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.TestPhones;

/** POST /api/deals/{id}/tasks: «Поставить задачу» — validation, rights, closed deals and the stage table. */
@ApplicationTest
class ManualTaskApiTest {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired DealStore deals;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  record Deal(long id, String responsible) {}

  /** A new lead, then «Обработать заявку» done with «переписка»: the deal is in «Ведётся переписка». */
  private Deal dealInChat() {
    Deal deal = newLead();
    Task processLead = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deal.id())).taskDefinitionKey("Activity_ProcessLead").singleResult();
    tasks.complete(processLead.getId(), Map.of("outcome", "CHAT", "result", "Клиент ответил в WhatsApp"));
    MessageJobs.run(management, processLead.getProcessInstanceId());
    assertThat(deals.currentStage(deal.id()).orElseThrow().code()).isEqualTo("CHAT");
    return deal;
  }

  private Deal newLead() {
    ResponseEntity<String> response =
        postWithKey(rest, "/api/leads", json(lead("Ольга Задачина", TestPhones.unique(), "course", "SQL")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(response);
    return new Deal(body.path("dealId").asLong(), body.path("responsible").asText());
  }

  private static String tomorrowAt10() {
    return LocalDate.now(MOSCOW).plusDays(1).atTime(10, 0).toString();
  }

  private ResponseEntity<String> setTask(String user, long dealId, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, "demo");
    return client.exchange("/api/deals/" + dealId + "/tasks", HttpMethod.POST, new HttpEntity<>(json(body), headers), String.class);
  }

  private static Map<String, Object> task(String text, String dueAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("dueAt", dueAt);
    return body;
  }

  private String otherManager(Deal deal) {
    return MANAGERS.stream().filter(m -> !m.equals(deal.responsible())).findFirst().orElseThrow();
  }

  @Test
  void theResponsibleManagerSetsATaskForTomorrowAt10MoscowTimeAndItIsHisWithTheDealsHistory() {
    Deal deal = dealInChat();

    ResponseEntity<String> response = setTask(deal.responsible(), deal.id(), task("Перезвонить: клиент посоветуется с женой", tomorrowAt10()));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(response);
    OffsetDateTime due = OffsetDateTime.parse(body.path("dueAt").asText());
    assertThat(due.toLocalDateTime()).isEqualTo(LocalDate.now(MOSCOW).plusDays(1).atTime(10, 0));
    assertThat(due.getOffset()).isEqualTo(MOSCOW.getRules().getOffset(due.toInstant()));
    assertThat(body.path("name").asText()).isEqualTo("По договорённости: Перезвонить: клиент посоветуется с женой");
    assertThat(body.path("assignee").asText()).isEqualTo(deal.responsible());
    assertThat(response.getHeaders().getLocation().toString()).endsWith("/engine-rest/task/" + body.path("taskId").asText());
    Task task = tasks.createTaskQuery().taskId(body.path("taskId").asText()).singleResult();
    assertThat(task.getAssignee()).isEqualTo(deal.responsible());
    assertThat(task.getDueDate().toInstant()).isEqualTo(due.toInstant());
    assertThat(task.getProcessInstanceId()).isNotNull();
    assertThat(deals.timeline(deal.id())).extracting(TimelineEntry::userId, TimelineEntry::text)
        .contains(org.assertj.core.groups.Tuple.tuple(
            deal.responsible(),
            "Поставлена задача на " + LocalDate.now(MOSCOW).plusDays(1).format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"))
                + " 10:00: «Перезвонить: клиент посоветуется с женой»"));
  }

  @Test
  void aMomentWithAnOffsetIsTakenAsItIs() {
    Deal deal = dealInChat();
    String utc = LocalDate.now(MOSCOW).plusDays(2).atTime(7, 0) + "Z";

    ResponseEntity<String> response = setTask(deal.responsible(), deal.id(), task("Отправить договор", utc));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(OffsetDateTime.parse(parse(response).path("dueAt").asText()).toLocalTime()).hasToString("10:00");
  }

  @Test
  void badTextOrMomentIsRefusedInRussianAndSetsNothing() {
    Deal deal = dealInChat();
    long before = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deal.id())).count();

    assertThat(errors(setTask(deal.responsible(), deal.id(), task("  ", tomorrowAt10())))).containsEntry("text", "Обязательное поле");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("ж".repeat(201), tomorrowAt10()))))
        .containsEntry("text", "Не длиннее 200 символов");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("Позвонить\u0007", tomorrowAt10()))))
        .containsEntry("text", "Содержит управляющие символы");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("Позвонить", null)))).containsEntry("dueAt", "Обязательное поле");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("Позвонить", "завтра в 10"))))
        .containsEntry("dueAt", "Дата и время по Москве в формате ГГГГ-ММ-ДДTЧЧ:ММ, например 2026-12-03T10:00");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("Позвонить", LocalDateTime.now(MOSCOW).minusMinutes(5).withNano(0).toString()))))
        .containsEntry("dueAt", "Срок уже прошёл: выберите время позже текущего");
    assertThat(errors(setTask(deal.responsible(), deal.id(), task("Позвонить", LocalDate.now(MOSCOW).plusYears(2).atTime(10, 0).toString()))))
        .containsEntry("dueAt", "Не дальше чем через год");
    ResponseEntity<String> unknownField = setTask(deal.responsible(), deal.id(), Map.of("text", "Позвонить", "dueAt", tomorrowAt10(), "assignee", "manager2"));
    assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> bad = setTask(deal.responsible(), deal.id(), task("", "вчера"));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");

    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deal.id())).count()).isEqualTo(before);
  }

  @Test
  void onlyTheResponsibleTheHeadOfSalesAndAdministratorsSetTasks() {
    Deal deal = dealInChat();

    ResponseEntity<String> colleague = setTask(otherManager(deal), deal.id(), task("Позвонить", tomorrowAt10()));
    assertThat(colleague.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(colleague.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(colleague).path("detail").asText())
        .isEqualTo("Ставить задачи по сделке №" + deal.id() + " могут её ответственный, РОП и администраторы.");
    assertThat(setTask("curator1", deal.id(), task("Позвонить", tomorrowAt10())).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(setTask(null, deal.id(), task("Позвонить", tomorrowAt10())).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deal.id())).taskDefinitionKey("Activity_ManualTask").count()).isZero();

    ResponseEntity<String> rop = setTask("rop", deal.id(), task("Проверить, что менеджер отправил программу", tomorrowAt10()));
    assertThat(rop.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    // The task is the deal's responsible's, whoever set it.
    assertThat(parse(rop).path("assignee").asText()).isEqualTo(deal.responsible());
    assertThat(setTask("admin", deal.id(), task("Позвонить", tomorrowAt10())).getStatusCode()).isEqualTo(HttpStatus.CREATED);

    assertThat(parse(rest.withBasicAuth(deal.responsible(), "demo").getForEntity("/api/deals/" + deal.id() + "/tasks/permission", String.class))
            .path("maySetTasks").asBoolean())
        .isTrue();
    assertThat(parse(rest.withBasicAuth(otherManager(deal), "demo").getForEntity("/api/deals/" + deal.id() + "/tasks/permission", String.class))
            .path("maySetTasks").asBoolean())
        .isFalse();
  }

  @Test
  void tasklistsSessionSetsATaskWithItsCsrfTokenAndNeverWithTheCookieAlone() throws Exception {
    Deal deal = dealInChat();
    var session = ru.onlineschool.funnels.support.WebappSession.login(port, deal.responsible(), "tasklist");

    var set = session.post("/api/deals/" + deal.id() + "/tasks", json(task("Отправить ссылку на оплату", tomorrowAt10())), "application/json");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    assertThat(set.body()).contains("По договорённости: Отправить ссылку на оплату");

    // The same cookies without the token (a form on another site): refused, nothing set.
    java.net.http.HttpClient bare = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    String cookies = session.cookieHeader();
    var forged = bare.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/deals/" + deal.id() + "/tasks"))
            .header("Content-Type", "application/json")
            .header("Cookie", cookies)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json(task("Чужая задача", tomorrowAt10()))))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deal.id())).taskDefinitionKey("Activity_ManualTask").count()).isEqualTo(1);
  }

  @Test
  void aClosedDealAStageWhereTheFunnelSetsTheTasksAndAnUnknownDealAreRefused() {
    String phone = TestPhones.unique();
    ResponseEntity<String> first = postWithKey(rest, "/api/leads", json(lead("Пётр Первый", phone)));
    Deal open = new Deal(parse(first).path("dealId").asLong(), parse(first).path("responsible").asText());
    long duplicate = parse(postWithKey(rest, "/api/leads", json(lead("Пётр Первый", phone)))).path("dealId").asLong();

    ResponseEntity<String> closed = setTask("admin", duplicate, task("Позвонить", tomorrowAt10()));
    assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(closed).path("detail").asText()).isEqualTo("Сделка №" + duplicate + " закрыта: задачи по закрытой сделке не ставятся.");

    // «Принято в работу»: the regulation lets the funnel set the tasks here (seed 002), not the manager.
    ResponseEntity<String> accepted = setTask(open.responsible(), open.id(), task("Позвонить", tomorrowAt10()));
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(accepted).path("detail").asText()).startsWith("На этапе «Принято в работу» задачи ставит сама воронка");
    assertThat(parse(rest.withBasicAuth(open.responsible(), "demo").getForEntity("/api/deals/" + open.id() + "/tasks/permission", String.class))
            .path("maySetTasks").asBoolean())
        .as("no button where the funnel sets the tasks")
        .isFalse();

    assertThat(setTask("admin", 987654321L, task("Позвонить", tomorrowAt10())).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theStagesAreTheProcessOwnersTable() {
    Deal deal = newLead();
    try {
      repository.createDeployment().name("manual tasks on every stage")
          .addString("manual-task-stages.dmn", everyStageAllowed())
          .deploy();

      ResponseEntity<String> response = setTask(deal.responsible(), deal.id(), task("Уточнить удобное время", tomorrowAt10()));

      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    } finally {
      repository.createDeployment().name("default manual task stages").addClasspathResource("bpmn/manual-task-stages.dmn").deploy();
    }
    Deal another = newLead();
    assertThat(setTask(another.responsible(), another.id(), task("Уточнить удобное время", tomorrowAt10())).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  private static String everyStageAllowed() {
    try (var in = ManualTaskApiTest.class.getResourceAsStream("/bpmn/manual-task-stages.dmn")) {
      String table = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return table.replace("<text>\"CHAT\",\"QUALIFIED\",\"TRIAL_SCHEDULED\",\"TRIAL_HELD\",\"INVOICE_SENT\"</text>", "<text></text>");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
