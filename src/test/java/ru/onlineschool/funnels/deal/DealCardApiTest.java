package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** GET /api/deals/{id}: the card and who may see it. */
@ApplicationTest
class DealCardApiTest {

  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired TestRestTemplate rest;
  @org.springframework.boot.test.web.server.LocalServerPort int port;
  @Autowired DealStore deals;
  @Autowired IdentityService identity;
  @Autowired org.camunda.bpm.engine.TaskService tasks;
  @Autowired DealHistory dealHistory;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
  @Autowired org.camunda.bpm.engine.ManagementService management;

  private JsonNode newLead(String phone) {
    ResponseEntity<String> response =
        postWithKey(rest, "/api/leads", json(lead("Мария Карточкина", phone, "email", "card-" + System.nanoTime() + "@example.ru", "course", "SQL", "tags", List.of("сайт"))));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return parse(response);
  }

  private ResponseEntity<String> card(String user, long dealId) {
    return rest.withBasicAuth(user, "demo").getForEntity("/api/deals/" + dealId, String.class);
  }

  @Test
  void theCardShowsContactStageResponsibleTagsAndHistoryInTheSchoolsZone() {
    String phone = TestPhones.unique();
    JsonNode lead = newLead(phone);
    long dealId = lead.path("dealId").asLong();
    long duplicate = newLead(phone).path("dealId").asLong();

    ResponseEntity<String> response = card("admin", dealId);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode card = parse(response);
    assertThat(card.path("dealId").asLong()).isEqualTo(dealId);
    assertThat(card.path("contact").path("name").asText()).isEqualTo("Мария Карточкина");
    assertThat(card.path("contact").path("phone").asText()).isEqualTo(phone);
    assertThat(card.path("funnel").path("code").asText()).isEqualTo("course-sale");
    assertThat(card.path("funnel").path("title").asText()).isEqualTo("Продажа курса");
    assertThat(card.path("stage").path("code").asText()).isEqualTo("ACCEPTED");
    String responsible = lead.path("responsible").asText();
    assertThat(card.path("responsible").path("id").asText()).isEqualTo(responsible);
    assertThat(card.path("responsible").path("name").asText()).isNotBlank().isNotEqualTo(responsible);
    assertThat(card.path("course").asText()).isEqualTo("SQL");
    assertThat(card.path("leadType").asText()).isEqualTo("С лендинга курса");
    // As the table «Типы заявок» words it for a manager (issue 18).
    assertThat(card.path("leadTypeText").asText()).isEqualTo("Заявка со страницы курса (С лендинга курса)");
    assertThat(card.path("tags").get(0).asText()).isEqualTo("сайт");
    assertThat(card.path("outcome").isNull()).isTrue();
    assertThat(card.path("closedAt").isNull()).isTrue();
    assertThat(card.path("duplicates").get(0).asLong()).isEqualTo(duplicate);
    OffsetDateTime created = OffsetDateTime.parse(card.path("createdAt").asText());
    assertThat(created.getOffset()).isEqualTo(ZoneId.of("Europe/Moscow").getRules().getOffset(created.toInstant()));
    List<String> lines = new ArrayList<>();
    card.path("timeline").forEach(line -> lines.add(line.path("kind").asText() + " " + line.path("text").asText()));
    assertThat(lines).startsWith("NOTE Заявка получена: источник не указан, комментарий не оставлен", "STAGE Этап: Новая заявка");
    assertThat(lines).contains("STAGE Этап: Принято в работу");
    assertThat(card.path("timeline").get(0).path("at").asText()).endsWith("+03:00");

    JsonNode duplicateCard = parse(card("admin", duplicate));
    assertThat(duplicateCard.path("duplicateOf").asLong()).isEqualTo(dealId);
    assertThat(duplicateCard.path("lossReason").asText()).isEqualTo("Дубль");
    assertThat(duplicateCard.path("outcome").asText()).isEqualTo("LOST");
    assertThat(duplicateCard.path("closedAt").asText()).isNotBlank();
  }

  @Test
  void headsOfSalesAndEveryManagerSeeSalesDealsCuratorsNone() {
    JsonNode lead = newLead(TestPhones.unique());
    long dealId = lead.path("dealId").asLong();
    String responsible = lead.path("responsible").asText();
    String otherManager = MANAGERS.stream().filter(m -> !m.equals(responsible)).findFirst().orElseThrow();

    assertThat(card("rop", dealId).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(card(responsible, dealId).getStatusCode()).isEqualTo(HttpStatus.OK);
    // Seed 003 (issue 15): a colleague's deal too — before, 403.
    ResponseEntity<String> colleague = card(otherManager, dealId);
    assertThat(colleague.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(colleague).path("responsible").path("id").asText()).isEqualTo(responsible);
    ResponseEntity<String> forbidden = card("curator1", dealId);
    assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(forbidden.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(forbidden).path("title").asText()).isEqualTo("Доступ запрещён");
  }

  @Test
  void curatorsSeeCourseDeliveryDealsWhichSalesDoNot() {
    long contact = deals.createContact(new NewContact("Ученик", TestPhones.unique(), null, null), Instant.now());
    long delivery = deals.createDeal(new NewDeal("course-delivery", contact, "SQL", null, null), Instant.now());

    assertThat(card("curator1", delivery).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(card("admin", delivery).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(card("rop", delivery).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(card("manager1", delivery).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(card("curator1", delivery)).path("stage").isNull()).isTrue();
  }

  @Test
  void anUnknownDealIsNotFoundAndABadIdIsABadRequest() {
    ResponseEntity<String> unknown = card("admin", 987_654_321L);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(unknown).path("detail").asText()).isEqualTo("Сделка 987654321 не найдена.");

    ResponseEntity<String> bad = rest.withBasicAuth("admin", "demo").getForEntity("/api/deals/abc", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody()).contains("Ожидается целое число");
  }

  @Test
  void theCardNeedsAStaffLogin() {
    long dealId = newLead(TestPhones.unique()).path("dealId").asLong();

    ResponseEntity<String> anonymous = rest.getForEntity("/api/deals/" + dealId, String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"school\"");

    // The intake key opens nothing but intake.
    HttpHeaders key = new HttpHeaders();
    key.set("X-Api-Key", "demo-intake-key");
    ResponseEntity<String> withKey =
        rest.exchange("/api/deals/" + dealId, org.springframework.http.HttpMethod.GET, new org.springframework.http.HttpEntity<>(key), String.class);
    assertThat(withKey.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    if (identity.createUserQuery().userId("cardprobe").count() == 0) {
      var user = identity.newUser("cardprobe");
      user.setPassword("right-password");
      identity.saveUser(user);
    }
    ResponseEntity<String> wrongPassword = rest.withBasicAuth("cardprobe", "wrong").getForEntity("/api/deals/" + dealId, String.class);
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(wrongPassword.getHeaders().getContentType().toString()).startsWith("application/problem+json");
  }

  @Test
  void theCardGivesTheTabWhatAManagerReadsLinksNamesNextTouchAndTheClientsOtherDeals() {
    String phone = TestPhones.unique();
    JsonNode lead = newLead(phone);
    long dealId = lead.path("dealId").asLong();
    String responsible = lead.path("responsible").asText();
    long contact = dealHistory.summary(dealId).orElseThrow().contactId();
    long webinarDeal = deals.createDeal(new NewDeal("webinar", contact, null, null, null), Instant.now());
    deals.setResponsible(webinarDeal, "manager2");
    deals.appendTimeline(dealId, Instant.now(), TimelineKind.NOTE, null, "Клиент попросил письмо", responsible);
    String colleague = MANAGERS.stream().filter(m -> !m.equals(responsible)).findFirst().orElseThrow();

    JsonNode card = parse(card(colleague, dealId));

    JsonNode client = card.path("contact");
    assertThat(client.path("phoneLink").asText()).isEqualTo("tel:" + phone);
    assertThat(client.path("whatsAppLink").asText()).isEqualTo("https://wa.me/" + phone.substring(1));
    assertThat(client.path("telegramLink").asText()).isEqualTo("https://t.me/" + phone);
    // The client's own link to the school's bot, for the manager to send (MessengerWebhookTest follows it).
    assertThat(client.path("telegramBotLink").asText()).matches("https://t\\.me/test_school_bot\\?start=c" + contact + "-[A-Za-z0-9_-]{22}");
    assertThat(card.path("responsible").path("name").asText()).isNotEqualTo(responsible).contains(" ");
    assertThat(card.path("source").isNull() || !card.path("source").asText().isBlank()).isTrue();
    // The first task «Обработать заявку» is due 15 working minutes after the lead: today by day,
    // the next working morning in the evening (the test runs at any hour); words in Moscow time.
    java.time.ZonedDateTime due = java.time.OffsetDateTime.parse(card.path("nextTouch").path("at").asText()).atZoneSameInstant(java.time.ZoneId.of("Europe/Moscow"));
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Moscow"));
    String day =
        due.toLocalDate().equals(today) ? "сегодня" : due.toLocalDate().equals(today.plusDays(1)) ? "завтра" : due.format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"));
    assertThat(due.toInstant()).isAfter(Instant.now()).isBefore(Instant.now().plus(java.time.Duration.ofDays(4)));
    assertThat(card.path("nextTouch").path("text").asText())
        .isEqualTo("Следующая задача: «Обработать заявку» — " + day + ", " + due.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm")));
    JsonNode last = card.path("timeline").get(card.path("timeline").size() - 1);
    assertThat(last.path("text").asText()).isEqualTo("Клиент попросил письмо");
    assertThat(last.path("userName").asText()).isEqualTo(card.path("responsible").path("name").asText());
    assertThat(last.path("atText").asText()).matches("\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}");
    JsonNode other = card.path("otherDeals").get(0);
    assertThat(other.path("dealId").asLong()).isEqualTo(webinarDeal);
    assertThat(other.path("funnel").path("title").asText()).isEqualTo("Вебинар");
    assertThat(other.path("responsible").path("name").asText()).isNotEqualTo("manager2").isNotBlank();
  }

  /** Seed 000 §2.3: the card's next call names the call the client asked for with its second line. */
  @Test
  void theNextCallOfAClientWhoAskedToBeCalledBackSaysSo() {
    long dealId = newLead(TestPhones.unique()).path("dealId").asLong();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    ru.onlineschool.funnels.support.MessageJobs.run(management, instance);
    org.camunda.bpm.engine.task.Task processLead =
        tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
    String tomorrow = OffsetDateTime.now().plusDays(1).withNano(0).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    tasks.complete(processLead.getId(), java.util.Map.of("outcome", "CALL_BACK", "callBackAt", tomorrow, "result", "Просил позвонить завтра"));

    JsonNode card = parse(card("admin", dealId));
    assertThat(card.path("nextTouch").path("text").asText()).startsWith("Следующий звонок: ").endsWith(" — день 1 зв 1 — просил перезвонить");
  }

  @Test
  void aCommentOfTheTasksWorkerLandsInTheDealsHistoryAndAColleaguesIsRefusedInRussian() {
    JsonNode lead = newLead(TestPhones.unique());
    long dealId = lead.path("dealId").asLong();
    String responsible = lead.path("responsible").asText();
    String colleague = MANAGERS.stream().filter(m -> !m.equals(responsible)).findFirst().orElseThrow();
    String taskId = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult().getId();
    String comments = "/engine-rest/task/" + taskId + "/comment";
    HttpHeaders json = new HttpHeaders();
    json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);

    ResponseEntity<String> refused =
        rest.withBasicAuth(colleague, "demo").postForEntity(comments + "/create", new org.springframework.http.HttpEntity<>("{\"message\": \"Чужой комментарий\"}", json), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(refused).path("message").asText()).contains("назначена на другого сотрудника");
    ResponseEntity<String> empty =
        rest.withBasicAuth(responsible, "demo").postForEntity(comments + "/create", new org.springframework.http.HttpEntity<>("{\"message\": \"  \"}", json), String.class);
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(parse(empty).path("message").asText()).isEqualTo("Комментарий пустой: напишите, что нужно запомнить по сделке.");

    ResponseEntity<String> added =
        rest.withBasicAuth(responsible, "demo").postForEntity(comments + "/create", new org.springframework.http.HttpEntity<>("{\"message\": \"Просила звонить после 18:00\"}", json), String.class);

    assertThat(added.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(added).path("userId").asText()).isEqualTo(responsible);
    // Tasklist's «История» reads the task's comments: a colleague sees them too.
    JsonNode listed = parse(rest.withBasicAuth(colleague, "demo").getForEntity(comments, String.class));
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("message").asText()).isEqualTo("Просила звонить после 18:00");
    List<String> history = new ArrayList<>();
    parse(card("rop", dealId)).path("timeline").forEach(line -> history.add(line.path("kind").asText() + " " + line.path("userName").asText() + ": " + line.path("text").asText()));
    assertThat(history).filteredOn(line -> line.startsWith("COMMENT")).hasSize(1);
    assertThat(history).anySatisfy(line -> assertThat(line).startsWith("COMMENT ").endsWith(": Комментарий к задаче «Обработать заявку»: Просила звонить после 18:00").doesNotContain(responsible));
  }

  @Test
  void tasklistsSignInReadsTheCardInTheSameBrowserButChangesNothing() throws Exception {
    long dealId = newLead(TestPhones.unique()).path("dealId").asLong();
    var manager = ru.onlineschool.funnels.support.WebappSession.login(port, "manager3", "tasklist");

    var read = manager.get("/api/deals/" + dealId);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.body()).contains("Мария Карточкина");
    var curator = ru.onlineschool.funnels.support.WebappSession.login(port, "curator1", "tasklist").get("/api/deals/" + dealId);
    assertThat(curator.statusCode()).isEqualTo(403);
    assertThat(curator.body()).contains("У вас нет доступа к сделке " + dealId);
    // A session cookie alone never changes data: without Tasklist's CSRF token writing takes HTTP Basic.
    var write = manager.send("PUT", "/api/managers/manager3/availability", "{\"available\": false}", false);
    assertThat(write.statusCode()).isEqualTo(401);
  }
}
