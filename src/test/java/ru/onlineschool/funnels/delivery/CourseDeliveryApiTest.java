package ru.onlineschool.funnels.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.CourseDeliveries;

/**
 * From a paid sale to a delivery deal at «Начало курса назначено», and the delivery endpoints as a
 * client meets them: who may call them, what they refuse and how (problem+json in Russian).
 */
@ApplicationTest
class CourseDeliveryApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired DealStore deals;
  @Autowired DeliveryDeals deliveryDeals;
  @Autowired JdbcTemplate jdbc;

  private static int phoneSeq = 7000;

  // ---------------------------------------------------------------- fixtures

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private ResponseEntity<Map> patch(TestRestTemplate client, long dealId, String body) {
    return client.exchange("/api/deals/" + dealId + "/course", HttpMethod.PATCH, json(body), Map.class);
  }

  private ResponseEntity<Map> withdraw(TestRestTemplate client, long dealId, String body) {
    return client.exchange("/api/deals/" + dealId + "/withdrawal", HttpMethod.POST, json(body), Map.class);
  }

  private static void assertProblem(ResponseEntity<Map> response, HttpStatus status, String detailPart) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(response.getBody()).containsEntry("status", status.value());
    assertThat((String) response.getBody().get("detail")).contains(detailPart);
  }

  private long contact() {
    String phone = "+7917" + String.format("%07d", phoneSeq++);
    return deals.createContact(new NewContact("Пётр Студентов", phone, "petr" + phoneSeq + "@example.ru", null), Instant.now());
  }

  /** A delivery deal started directly, as the hand-over would, at «Начало курса назначено». */
  private long deliveryDeal(LocalDate start) {
    String phone = "+7917" + String.format("%07d", phoneSeq++);
    ProcessInstance delivery =
        CourseDeliveries.start(
            runtime, deals, "Пётр Студентов", phone, "petr" + phoneSeq + "@example.ru", "Дизайн", "Д.01", start.toString(), start.plusMonths(3).toString());
    return Long.parseLong(delivery.getBusinessKey());
  }

  private ProcessInstance instanceOf(long dealId) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(CourseDelivery.PROCESS_KEY).processInstanceBusinessKey(String.valueOf(dealId)).singleResult();
  }

  /** Completes the task with exactly the answers given, the typed «Результат» among them. */
  private void complete(String processInstanceId, String activity, Map<String, Object> vars) {
    var task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activity).singleResult();
    assertThat(task).as(activity).isNotNull();
    tasks.complete(task.getId(), vars);
  }

  // ---------------------------------------------------------------- from payment to delivery

  @Test
  void aPaidSaleBecomesADeliveryDealAtScheduledWithTheContactCourseDatesAndHistory() {
    LocalDate start = LocalDate.now().plusDays(20);
    long saleId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contact(), "Python-разработчик", "С лендинга курса", null), Instant.now());
    Map<String, Object> lead = new HashMap<>();
    lead.put(ProcessVariables.DEAL_ID, saleId);
    lead.put(ProcessVariables.CLIENT_NAME, "Пётр Студентов");
    lead.put(ProcessVariables.CLIENT_PHONE, "+79170000000");
    lead.put(ProcessVariables.CLIENT_EMAIL, "petr@example.ru");
    lead.put(ProcessVariables.COURSE, "Python-разработчик");
    lead.put(CourseSale.LEAD_TYPE, "С лендинга курса");
    lead.put(CourseSale.SOURCE, "сайт");
    lead.put(CourseSale.COMMENT, null);
    lead.put(CourseSale.REFERER, null);
    lead.put(CourseSale.DUPLICATE_OF, null);
    ProcessInstance sale =
        runtime.createMessageCorrelation(CourseSale.LEAD_RECEIVED).processInstanceBusinessKey(String.valueOf(saleId)).setVariables(lead).correlateStartMessage();
    complete(sale.getId(), "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Хочет на Python-разработчика, ждёт счёт"));
    complete(sale.getId(), "Activity_PrepareOffer", Map.of(
        "outcome", "INVOICE", "course", "Python-разработчик", "teacher", "Михайлова Ирина", "startDate", start.toString(),
        "group", "ПР.01", "budget", 45000, "invoiceDeadline", LocalDate.now().plusDays(5).toString(),
        "result", "Счёт на 45 000 ₽ отправлен на почту, группа ПР.01 у Ирины Михайловой"));

    // The payment system confirms the payment through the webhook.
    HttpHeaders apiKey = new HttpHeaders();
    apiKey.setContentType(MediaType.APPLICATION_JSON);
    apiKey.set("X-Api-Key", "demo-intake-key");
    ResponseEntity<String> paid =
        rest.postForEntity(
            "/api/payments",
            new HttpEntity<>("{\"dealId\":" + saleId + ",\"amount\":45000,\"reference\":\"pay-" + saleId + "\"}", apiKey),
            String.class);
    assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    assertThat(deals.currentStage(saleId)).contains(new Stage("WON", "Успешно реализовано"));
    long deliveryId = deliveryDeals.deliveryOf(saleId).orElseThrow();
    assertThat(deals.currentStage(deliveryId)).contains(new Stage("SCHEDULED", "Начало курса назначено"));
    assertThat(jdbc.queryForMap("SELECT funnel, parent_deal_id, course, responsible, contact_id FROM deal WHERE id = ?", deliveryId))
        .containsEntry("FUNNEL", "course-delivery")
        .containsEntry("PARENT_DEAL_ID", saleId)
        .containsEntry("COURSE", "Python-разработчик")
        .containsEntry("RESPONSIBLE", "curator1")
        .containsEntry("CONTACT_ID", jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, saleId));
    ProcessInstance delivery = instanceOf(deliveryId);
    assertThat(runtime.getVariables(delivery.getId()))
        .containsEntry("clientName", "Пётр Студентов")
        .containsEntry("course", "Python-разработчик")
        .containsEntry("teacher", "Михайлова Ирина")
        .containsEntry("group", "ПР.01")
        .containsEntry("startDate", start.toString())
        .containsEntry("endDate", start.plusMonths(3).toString())
        .containsEntry("saleDealId", saleId);
    assertThat(deals.timeline(deliveryId))
        .extracting(TimelineEntry::text)
        .contains(
            "«Продажа курса» №" + saleId + ": Этап: Новая заявка",
            "«Продажа курса» №" + saleId + ": Этап: Счет выставлен",
            "Сделка создана из оплаченной сделки «Продажа курса» №" + saleId,
            "Этап: Начало курса назначено");
    assertThat(deals.timeline(saleId)).extracting(TimelineEntry::text).contains("Ученик передан в «Ведение курса»: сделка №" + deliveryId);

    // The curator moves the start by a week through the API; the notification follows.
    var before = management.createJobQuery().processInstanceId(delivery.getId()).activityId("Event_NotifyDue").singleResult().getDuedate();
    ResponseEntity<Map> response = patch(as("curator1"), deliveryId, "{\"startDate\": \"" + start.plusDays(7) + "\"}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("startDate", start.plusDays(7).toString());
    assertThat((List<?>) response.getBody().get("movedTimers")).hasSize(1);
    var after = management.createJobQuery().processInstanceId(delivery.getId()).activityId("Event_NotifyDue").singleResult().getDuedate();
    assertThat(after.toInstant()).isEqualTo(before.toInstant().plus(java.time.Duration.ofDays(7)));
  }

  // ---------------------------------------------------------------- PATCH /course

  @Test
  void courseChangesNeedAStaffLoginAndTheRightGroup() {
    long dealId = deliveryDeal(LocalDate.now().plusDays(30));
    assertProblem(patch(rest, dealId, "{\"group\": \"Д.02\"}"), HttpStatus.UNAUTHORIZED, "Войдите");
    // An unknown user: a wrong password would make the engine throttle the real user's next logins.
    ResponseEntity<Map> wrongPassword = patch(rest.withBasicAuth("nobody", "demo"), dealId, "{\"group\": \"Д.02\"}");
    assertProblem(wrongPassword, HttpStatus.UNAUTHORIZED, "Войдите");
    assertThat(wrongPassword.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    assertProblem(patch(as("manager1"), dealId, "{\"group\": \"Д.02\"}"), HttpStatus.FORBIDDEN, "кураторы, РОП и администраторы");

    assertThat(patch(as("rop"), dealId, "{\"group\": \"Д.02\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(patch(as("admin"), dealId, "{\"group\": \"Д.03\"}").getBody()).containsEntry("group", "Д.03");
    assertThat(deals.timeline(dealId))
        .filteredOn(e -> "rop".equals(e.userId()))
        .extracting(TimelineEntry::text)
        .containsExactly("Данные курса изменены: группа Д.01 → Д.02");
  }

  @Test
  void wrongCourseChangesAreRefusedAndChangeNothing() {
    LocalDate start = LocalDate.now().plusDays(30);
    long dealId = deliveryDeal(start);
    assertProblem(patch(as("curator1"), dealId, "{\"startDate\": \"16.03.2030\"}"), HttpStatus.BAD_REQUEST, "ГГГГ-ММ-ДД");
    assertProblem(patch(as("curator1"), dealId, "{}"), HttpStatus.BAD_REQUEST, "startDate, endDate, group");
    assertProblem(patch(as("curator1"), dealId, "не json"), HttpStatus.BAD_REQUEST, "JSON");
    assertProblem(
        patch(as("curator1"), dealId, "{\"startDate\": \"" + start.plusMonths(4) + "\"}"), HttpStatus.BAD_REQUEST, "должна быть позже даты начала");
    assertThat(runtime.getVariable(instanceOf(dealId).getId(), "startDate")).isEqualTo(start.toString());

    assertProblem(patch(as("curator1"), 987654321L, "{\"group\": \"Д.02\"}"), HttpStatus.NOT_FOUND, "№987654321");
    long saleDeal = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contact(), null, null, null), Instant.now());
    assertProblem(patch(as("curator1"), saleDeal, "{\"group\": \"Д.02\"}"), HttpStatus.NOT_FOUND, "«Ведение курса»");
  }

  // ---------------------------------------------------------------- POST /withdrawal

  @Test
  void aWithdrawalClosesTheDealAsLostWithTheReasonOnce() {
    long dealId = deliveryDeal(LocalDate.now().plusDays(30));
    assertProblem(withdraw(as("curator1"), dealId, "{\"reason\": \" \"}"), HttpStatus.BAD_REQUEST, "Укажите причину");
    assertProblem(withdraw(as("manager2"), dealId, "{\"reason\": \"Отчислен\"}"), HttpStatus.FORBIDDEN, "кураторы");

    ResponseEntity<Map> response = withdraw(as("curator1"), dealId, "{\"reason\": \"Отчислен\"}");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("stage", "LOST").containsEntry("lossReason", "Отчислен");
    assertThat(deals.currentStage(dealId)).contains(new Stage("LOST", "Закрыто не реализовано"));
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("Отчислен");
    assertThat(instanceOf(dealId)).isNull();

    assertProblem(withdraw(as("curator1"), dealId, "{\"reason\": \"Отчислен\"}"), HttpStatus.CONFLICT, "уже закрыта");
    assertProblem(patch(as("curator1"), dealId, "{\"group\": \"Д.02\"}"), HttpStatus.CONFLICT, "уже закрыта");
  }
}
