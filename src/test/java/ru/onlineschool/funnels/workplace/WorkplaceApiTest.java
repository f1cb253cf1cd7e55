package ru.onlineschool.funnels.workplace;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.engine.ModelStages;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** «Найти клиента» (GET /api/contacts) and «Доска сделок» (GET /api/board): what each role finds and sees. */
@ApplicationTest
class WorkplaceApiTest {

  private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired IdentityService identity;
  @Autowired ModelStages models;
  @Autowired org.camunda.bpm.engine.TaskService tasks;
  @Autowired org.camunda.bpm.engine.FormService forms;
  @Autowired org.camunda.bpm.engine.ManagementService management;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  /** A word of Cyrillic letters no other test's client has in her name: digits spelt as letters. */
  private static String uniqueWord() {
    String letters = "абвгдежзиклмнопрстуфхцчшщыэюя";
    StringBuilder word = new StringBuilder();
    for (char digit : Long.toString(NEXT.incrementAndGet()).toCharArray()) {
      word.append(letters.charAt(digit - '0'));
    }
    return word.toString();
  }

  private ResponseEntity<String> find(String user, String query) {
    // Encoded once here («+» too, which a query string would read as a space); the template must not encode again.
    java.net.URI url = UriComponentsBuilder.fromPath("/api/contacts").queryParam("query", "{q}").encode().buildAndExpand(query).toUri();
    return rest.withBasicAuth(user, "demo").getForEntity(java.net.URI.create(rest.getRootUri() + url), String.class);
  }

  private JsonNode found(String user, String query) {
    ResponseEntity<String> response = find(user, query);
    assertThat(response.getStatusCode()).as(query + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  private ResponseEntity<String> board(String user, String query) {
    return rest.withBasicAuth(user, "demo").getForEntity("/api/board" + query, String.class);
  }

  private JsonNode boardOk(String user, String query) {
    ResponseEntity<String> response = board(user, query);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  private JsonNode newLead(String name, String phone, String email) {
    ResponseEntity<String> response = postWithKey(rest, "/api/leads", json(lead(name, phone, "email", email, "course", "Python")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return parse(response);
  }

  private static String problemMessage(ResponseEntity<String> response) {
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    return parse(response).path("errors").get(0).path("message").asText();
  }

  /**
   * The probe managers exist only for the test that needs them: left in `managers`, the shared
   * context's other tests would see the smart distribution hand their leads to them.
   */
  @AfterEach
  void removeProbeManagers() {
    for (String id : List.of("boardprobe", "touchprobe", "zoneprobe", "timerprobe")) {
      if (identity.createUserQuery().userId(id).count() > 0) {
        identity.deleteUser(id);
      }
    }
  }

  private void ensureManager(String id, String first, String last) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      var user = identity.newUser(id);
      user.setFirstName(first);
      user.setLastName(last);
      user.setPassword("demo");
      identity.saveUser(user);
      identity.createMembership(id, SchoolGroup.MANAGERS.id());
    }
  }

  @Test
  void aCallerIsFoundByHerPhoneWrittenAnyWayWithTheStageAndTheResponsiblesName() {
    String phone = TestPhones.unique(); // +79161234567
    String surname = "Звонкова" + uniqueWord();
    JsonNode lead = newLead("Дарья " + surname, "+7 " + phone.substring(2), null);
    String digits = phone.substring(2); // 9161234567
    List<String> formats =
        List.of(
            TestPhones.russianStyle(phone),
            "+7 (" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6, 8) + "-" + digits.substring(8),
            digits.substring(0, 3) + " " + digits.substring(3, 6) + "-" + digits.substring(6, 8) + "-" + digits.substring(8),
            "8" + digits,
            phone);

    for (String format : formats) {
      JsonNode answer = found("manager1", format);
      assertThat(answer.path("searchedBy").asText()).as(format).isEqualTo("PHONE");
      assertThat(answer.path("contacts")).as(format).hasSize(1);
      JsonNode contact = answer.path("contacts").get(0);
      assertThat(contact.path("name").asText()).isEqualTo("Дарья " + surname);
      assertThat(contact.path("phone").asText()).isEqualTo(phone);
      JsonNode deal = contact.path("deals").get(0);
      assertThat(deal.path("dealId").asLong()).isEqualTo(lead.path("dealId").asLong());
      assertThat(deal.path("funnel").path("name").asText()).isEqualTo("Продажа курса");
      assertThat(deal.path("stage").path("name").asText()).isEqualTo("Принято в работу");
      assertThat(deal.path("open").asBoolean()).isTrue();
      String responsible = lead.path("responsible").asText();
      assertThat(deal.path("responsible").path("id").asText()).isEqualTo(responsible);
      String name = identity.createUserQuery().userId(responsible).singleResult().getFirstName();
      assertThat(deal.path("responsible").path("name").asText()).startsWith(name).isNotEqualTo(responsible);
    }
  }

  @Test
  void byEmailInAnyCaseAndByTheBeginningsOfNameWordsInAnotherCaseWithYoReadAsYe() {
    String word = uniqueWord();
    String email = "client-" + word.hashCode() + "-" + System.nanoTime() + "@example.ru";
    newLead("Алёна " + word + "ская", TestPhones.unique(), email);

    JsonNode byEmail = found("rop", email.toUpperCase());
    assertThat(byEmail.path("searchedBy").asText()).isEqualTo("EMAIL");
    assertThat(byEmail.path("contacts").get(0).path("name").asText()).isEqualTo("Алёна " + word + "ская");

    JsonNode byName = found("manager2", word.toUpperCase() + "СК алена");
    assertThat(byName.path("searchedBy").asText()).isEqualTo("NAME");
    assertThat(byName.path("contacts")).hasSize(1);
    assertThat(byName.path("contacts").get(0).path("email").asText()).isEqualTo(email);
    assertThat(byName.path("contacts").get(0).path("deals").get(0).path("stage").path("name").asText()).isEqualTo("Принято в работу");

    // Part of the name from the middle of a word is not an index range: nothing, rather than a slow scan.
    assertThat(found("manager2", word.substring(1)).path("contacts")).isEmpty();
    // Every typed word must match: the right first name with a wrong surname finds nobody.
    assertThat(found("manager2", "алёна " + word + "ий").path("contacts")).isEmpty();
  }

  @Test
  void aCuratorFindsOnlyDeliveryDealsAndSalesStaffOnlySalesDeals() {
    String word = uniqueWord();
    String phone = TestPhones.unique();
    long contact = deals.createContact(new NewContact("Ученица " + word, phone, null, null), Instant.now());
    long sale = deals.createDeal(new NewDeal("course-sale", contact, "SQL", null, null), Instant.now());
    String salesOnlyPhone = TestPhones.unique();
    deals.createDeal(new NewDeal("course-sale", deals.createContact(new NewContact("Покупатель " + word, salesOnlyPhone, null, null), Instant.now()), "SQL", null, null), Instant.now());

    assertThat(found("curator1", salesOnlyPhone).path("contacts")).isEmpty();
    assertThat(found("curator1", "ученица " + word).path("contacts")).isEmpty();

    long delivery = deals.createDeal(new NewDeal("course-delivery", contact, "SQL", null, null), Instant.now());
    JsonNode curator = found("curator1", phone).path("contacts");
    assertThat(curator).hasSize(1);
    assertThat(curator.get(0).path("deals")).hasSize(1);
    assertThat(curator.get(0).path("deals").get(0).path("dealId").asLong()).isEqualTo(delivery);
    assertThat(curator.get(0).path("deals").get(0).path("funnel").path("name").asText()).isEqualTo("Ведение курса");

    JsonNode manager = found("manager3", phone).path("contacts");
    assertThat(manager.get(0).path("deals")).hasSize(1);
    assertThat(manager.get(0).path("deals").get(0).path("dealId").asLong()).isEqualTo(sale);

    JsonNode admin = found("admin", word).path("contacts");
    assertThat(admin).hasSize(2);
    assertThat(admin.get(1).path("deals")).hasSize(2);
  }

  @Test
  void aTooShortQueryOrAnUnreadablePhoneIsRefusedInRussian() {
    ResponseEntity<String> shortQuery = find("manager1", "ан");
    assertThat(shortQuery.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(shortQuery)).isEqualTo("Введите не меньше 3 символов: телефон, e-mail или часть имени клиента.");

    ResponseEntity<String> none = rest.withBasicAuth("manager1", "demo").getForEntity("/api/contacts", String.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(none)).startsWith("Введите не меньше 3 символов");

    ResponseEntity<String> partial = find("manager1", "916 12");
    assertThat(partial.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(partial))
        .isEqualTo("Номер «916 12» не распознан. Введите его целиком, например 8 916 123-45-67 или +7 916 123-45-67.");

    ResponseEntity<String> punctuation = find("manager1", "«—»");
    assertThat(punctuation.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(punctuation)).isEqualTo("Введите телефон, e-mail или часть имени клиента буквами.");

    ResponseEntity<String> tooLong = find("manager1", "а".repeat(101));
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(tooLong)).isEqualTo("Запрос не длиннее 100 символов.");

    assertThat(rest.getForEntity("/api/contacts?query=anna", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/api/board", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theBoardShowsTheModelsStagesInOrderAndPagesEachColumn() {
    ensureManager("boardprobe", "Вера", "Доскина");
    Instant now = Instant.now();
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      long contact = deals.createContact(new NewContact("Клиент Доски " + i, TestPhones.unique(), null, null), now);
      long deal = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), now);
      deals.setResponsible(deal, "boardprobe");
      // The earlier the deal entered the stage, the longer it stands there: deal 0 for 25 days.
      deals.enterStage(deal, new Stage("QUALIFIED", "Квалифицирован"), now.minus(25 - i, ChronoUnit.DAYS));
      created.add(deal);
    }
    deals.addTag(created.get(0), "подвисла", true, now);

    JsonNode board = boardOk("rop", "?funnel=course-sale&responsible=boardprobe");
    assertThat(board.path("funnel").path("name").asText()).isEqualTo("Продажа курса");
    assertThat(board.path("responsible").path("name").asText()).isEqualTo("Вера Доскина");
    List<String> columns = new ArrayList<>();
    board.path("columns").forEach(c -> columns.add(c.path("code").asText()));
    List<String> model =
        models.of("course-sale").stream().map(Stage::code).filter(c -> !c.equals("WON") && !c.equals("LOST")).toList();
    assertThat(columns).isEqualTo(model);

    JsonNode qualified = column(board, "QUALIFIED");
    assertThat(qualified.path("title").asText()).isEqualTo(models.of("course-sale").stream().filter(s -> s.code().equals("QUALIFIED")).findFirst().orElseThrow().title());
    assertThat(qualified.path("total").asLong()).isEqualTo(25);
    assertThat(qualified.path("deals")).hasSize(20);
    JsonNode first = qualified.path("deals").get(0);
    assertThat(first.path("dealId").asLong()).isEqualTo(created.get(0));
    assertThat(first.path("client").asText()).isEqualTo("Клиент Доски 0");
    assertThat(first.path("course").asText()).isEqualTo("Python");
    assertThat(first.path("responsible").path("name").asText()).isEqualTo("Вера Доскина");
    assertThat(first.path("daysInStage").asLong()).isEqualTo(25);
    assertThat(first.path("stageEnteredAt").asText()).endsWith("+03:00");
    assertThat(first.path("tags").get(0).asText()).isEqualTo("подвисла");
    assertThat(qualified.path("deals").get(19).path("dealId").asLong()).isEqualTo(created.get(19));

    JsonNode more = boardOk("rop", "?funnel=course-sale&responsible=boardprobe&stage=QUALIFIED&offset=20");
    assertThat(more.path("columns")).hasSize(1);
    List<Long> rest = new ArrayList<>();
    more.path("columns").get(0).path("deals").forEach(d -> rest.add(d.path("dealId").asLong()));
    assertThat(rest).isEqualTo(created.subList(20, 25));

    // The new manager's own board is hers by default.
    JsonNode own = boardOk("boardprobe", "");
    assertThat(own.path("responsible").path("id").asText()).isEqualTo("boardprobe");
    assertThat(column(own, "QUALIFIED").path("total").asLong()).isEqualTo(25);
  }

  @Test
  void aManagersBoardIsHersByDefaultTheHeadsEveryonesAndEachCardShowsTheNextTask() {
    JsonNode lead = newLead("Клиент Задачи " + uniqueWord(), TestPhones.unique(), null);
    long dealId = lead.path("dealId").asLong();
    ensureManager("touchprobe", "Тимур", "Касаткин");
    deals.setResponsible(dealId, "touchprobe");

    JsonNode mine = boardOk("touchprobe", "");
    assertThat(mine.path("responsible").path("id").asText()).isEqualTo("touchprobe");
    assertThat(mine.path("me").path("name").asText()).isEqualTo("Тимур Касаткин");
    JsonNode accepted = column(mine, "ACCEPTED");
    assertThat(accepted.path("total").asLong()).isEqualTo(1);
    JsonNode card = accepted.path("deals").get(0);
    assertThat(card.path("dealId").asLong()).isEqualTo(dealId);
    assertThat(card.path("nextTouch").path("task").asText()).isEqualTo("Обработать заявку");
    assertThat(card.path("nextTouch").path("due").asText()).endsWith("+03:00");

    JsonNode manager1 = boardOk("manager1", "");
    assertThat(manager1.path("responsible").path("name").asText()).isEqualTo("Анна Смирнова");
    manager1.path("columns").forEach(c -> c.path("deals").forEach(d -> assertThat(d.path("responsible").path("id").asText()).isEqualTo("manager1")));

    JsonNode everyone = boardOk("manager1", "?responsible=all");
    assertThat(everyone.path("responsible").isNull()).isTrue();
    assertThat(column(everyone, "ACCEPTED").path("total").asLong()).isGreaterThan(column(manager1, "ACCEPTED").path("total").asLong());

    JsonNode rop = boardOk("rop", "");
    assertThat(rop.path("responsible").isNull()).isTrue();
    assertThat(column(rop, "ACCEPTED").path("total").asLong()).isEqualTo(column(everyone, "ACCEPTED").path("total").asLong());
    List<String> people = new ArrayList<>();
    rop.path("responsibles").forEach(p -> people.add(p.path("name").asText()));
    assertThat(people).contains("Анна Смирнова", "Игорь Петров", "Тимур Касаткин");
  }

  /**
   * Seed 002: a deal never stands at a stage without its next touch. After «Не дозвонился» the
   * recall is a timer, not yet a task: the board names it as the deal card does, with its moment,
   * instead of «Ничего не запланировано».
   */
  @Test
  void aDealWaitingForItsRecallShowsTheNextCallOnTheBoardNotNoTasks() {
    long dealId = newLead("Клиент Перезвон " + uniqueWord(), TestPhones.unique(), null).path("dealId").asLong();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    String task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult().getId();
    forms.submitTaskForm(task, Map.of("outcome", "NOT_REACHED", "result", "Не взял трубку"));
    ru.onlineschool.funnels.support.MessageJobs.run(management, instance);
    assertThat(tasks.createTaskQuery().processInstanceId(instance).count()).as("no open task while the recall waits").isZero();
    java.util.Date recall = management.createJobQuery().processInstanceId(instance).timers().singleResult().getDuedate();
    ensureManager("timerprobe", "Тамара", "Таймерова");
    deals.setResponsible(dealId, "timerprobe");

    JsonNode card = column(boardOk("timerprobe", ""), "NOT_REACHED").path("deals").get(0);

    assertThat(card.path("dealId").asLong()).isEqualTo(dealId);
    assertThat(card.path("nextTouch").path("task").asText()).isEqualTo("Следующий звонок");
    assertThat(card.path("nextTouch").path("due").asText()).endsWith("+03:00");
    assertThat(java.time.OffsetDateTime.parse(card.path("nextTouch").path("due").asText()).toInstant()).isEqualTo(recall.toInstant());
    JsonNode dealCard = parse(rest.withBasicAuth("rop", "demo").getForEntity("/api/deals/" + dealId, String.class));
    assertThat(dealCard.path("nextTouch").path("text").asText()).startsWith("Следующий звонок: ");
  }

  /** A client in Vladivostok: the board's next touch also says what his clock shows then. */
  @Test
  void theBoardsNextTouchShowsTheClientsClockWhenHeLivesByAnother() {
    ResponseEntity<String> created =
        postWithKey(rest, "/api/leads", json(lead("Клиент Часовой " + uniqueWord(), TestPhones.unique(), "timeZone", "Asia/Vladivostok", "course", "Python")));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long dealId = parse(created).path("dealId").asLong();
    long moscowDeal = newLead("Клиент Московский " + uniqueWord(), TestPhones.unique(), null).path("dealId").asLong();
    ensureManager("zoneprobe", "Зоя", "Поясова");
    deals.setResponsible(dealId, "zoneprobe");
    deals.setResponsible(moscowDeal, "zoneprobe");

    Map<Long, JsonNode> cards = new HashMap<>();
    column(boardOk("zoneprobe", ""), "ACCEPTED").path("deals").forEach(c -> cards.put(c.path("dealId").asLong(), c));

    assertThat(cards.get(dealId).path("nextTouch").path("task").asText()).isEqualTo("Обработать заявку");
    assertThat(cards.get(dealId).path("nextTouch").path("clientClock").asText()).startsWith(" по Москве (").endsWith(" у клиента, Владивосток)");
    assertThat(cards.get(moscowDeal).path("nextTouch").path("task").asText()).isEqualTo("Обработать заявку");
    assertThat(cards.get(moscowDeal).path("nextTouch").path("clientClock").isNull()).as("a client on the school's clock").isTrue();
  }

  @Test
  void theBoardShowsOnlyTheCallersFunnelsAndRefusesUnknownOnesInRussian() {
    JsonNode curator = boardOk("curator1", "");
    assertThat(curator.path("funnel").path("id").asText()).isEqualTo("course-delivery");
    assertThat(curator.path("funnels")).hasSize(1);

    ResponseEntity<String> curatorSales = board("curator1", "?funnel=course-sale");
    assertThat(curatorSales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(curatorSales).path("detail").asText()).isEqualTo("Воронка «Продажа курса» вам недоступна.");
    ResponseEntity<String> managerDelivery = board("manager1", "?funnel=course-delivery");
    assertThat(managerDelivery.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<String> unknown = board("rop", "?funnel=nope");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(unknown)).isEqualTo("Воронки «nope» нет. Есть: course-sale, course-delivery, webinar, reanimation.");
    ResponseEntity<String> stage = board("rop", "?stage=NOPE");
    assertThat(stage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(stage)).isEqualTo("В воронке «Продажа курса» нет этапа «NOPE».");
    ResponseEntity<String> nobody = board("rop", "?responsible=nobody");
    assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(nobody)).isEqualTo("Сотрудника «nobody» нет.");
    ResponseEntity<String> negative = board("rop", "?stage=ACCEPTED&offset=-1");
    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problemMessage(negative)).isEqualTo("Смещение не может быть отрицательным.");
  }

  private static JsonNode column(JsonNode board, String code) {
    for (JsonNode column : board.path("columns")) {
      if (column.path("code").asText().equals(code)) {
        return column;
      }
    }
    throw new AssertionError("no column " + code + " in " + board);
  }
}
