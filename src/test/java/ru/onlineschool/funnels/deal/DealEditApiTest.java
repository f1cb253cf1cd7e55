package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.RuntimeService;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.UriComponentsBuilder;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * Editing in the deal card (issue 16): {@code PATCH /api/deals/{id}} and the manual tags — what
 * is checked, who may, what the history says, and that Tasklist's columns («Найти клиента», the
 * process variables) follow.
 */
@ApplicationTest
class DealEditApiTest {

  /** The demo staff by login, as people read them in a refusal (never the login). */
  static final Map<String, String> DEMO_NAMES =
      Map.of("manager1", "Анна Смирнова", "manager2", "Игорь Петров", "manager3", "Мария Кузнецова");

  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");
  private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000);

  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;

  /** A word of Cyrillic letters no other client has: digits spelt as letters. */
  private static String uniqueWord() {
    String letters = "абвгдежзиклмнопрстуфхцчшщыэюя";
    StringBuilder word = new StringBuilder();
    for (char digit : Long.toString(NEXT.incrementAndGet()).toCharArray()) {
      word.append(letters.charAt(digit - '0'));
    }
    return word.toString();
  }

  private record Lead(long dealId, String responsible, String colleague, String phone, String email, String instance) {}

  private Lead newLead(String name) {
    String phone = TestPhones.unique();
    String email = "edit-" + System.nanoTime() + "@example.ru";
    ResponseEntity<String> response = postWithKey(rest, "/api/leads", json(lead(name, phone, "email", email, "course", "SQL")));
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(response);
    long dealId = body.path("dealId").asLong();
    String responsible = body.path("responsible").asText();
    assertThat(MANAGERS).contains(responsible);
    String colleague = MANAGERS.stream().filter(m -> !m.equals(responsible)).findFirst().orElseThrow();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    return new Lead(dealId, responsible, colleague, phone, email, instance);
  }

  private ResponseEntity<String> patch(String user, long dealId, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, "demo")
        .exchange("/api/deals/" + dealId, HttpMethod.PATCH, new HttpEntity<>(body instanceof String s ? s : json(body), headers), String.class);
  }

  private ResponseEntity<String> tag(String user, HttpMethod method, long dealId, String tag) {
    java.net.URI url = UriComponentsBuilder.fromPath("/api/deals/" + dealId + "/tags/{tag}").encode().buildAndExpand(tag).toUri();
    return rest.withBasicAuth(user, "demo").exchange(java.net.URI.create(rest.getRootUri() + url), method, null, String.class);
  }

  private JsonNode card(String user, long dealId) {
    ResponseEntity<String> response = rest.withBasicAuth(user, "demo").getForEntity("/api/deals/" + dealId, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  /** «who: text» of the deal's CHANGE lines, oldest first. */
  private List<String> changes(JsonNode card) {
    List<String> lines = new ArrayList<>();
    card.path("timeline").forEach(line -> {
      if (line.path("kind").asText().equals("CHANGE")) {
        lines.add(line.path("userName").asText() + ": " + line.path("text").asText());
      }
    });
    return lines;
  }

  private int timelineCount(long dealId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM timeline_entry WHERE deal_id = ?", Integer.class, dealId);
  }

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      body.put((String) pairs[i], pairs[i + 1]);
    }
    return body;
  }

  @Test
  void theResponsibleManagerChangesClientAndDealEachChangeInTheHistoryAndInTheProcess() {
    Lead lead = newLead("Ирина Правкина");
    String surname = uniqueWord();
    String version = card(lead.responsible(), lead.dealId()).path("editing").path("version").asText();

    ResponseEntity<String> response =
        patch(
            lead.responsible(),
            lead.dealId(),
            body(
                "name", "  Ирина " + surname + " ",
                "phone", "8 (916) 555-" + lead.phone().substring(8, 10) + "-" + lead.phone().substring(10, 12),
                "email", "Irina.New@Example.RU",
                "preferredChannel", "Telegram",
                "course", "Python-разработчик",
                "budget", 64900,
                "version", version));

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode card = parse(response);
    String newPhone = "+7916555" + lead.phone().substring(8);
    assertThat(card.path("contact").path("name").asText()).isEqualTo("Ирина " + surname);
    assertThat(card.path("contact").path("phone").asText()).as("normalised as the intake does").isEqualTo(newPhone);
    assertThat(card.path("contact").path("phoneLink").asText()).isEqualTo("tel:" + newPhone);
    assertThat(card.path("contact").path("email").asText()).isEqualTo("irina.new@example.ru");
    assertThat(card.path("contact").path("preferredChannel").asText()).isEqualTo("Telegram");
    assertThat(card.path("course").asText()).isEqualTo("Python-разработчик");
    assertThat(card.path("budget").decimalValue()).isEqualByComparingTo("64900");
    assertThat(card.path("editing").path("version").asText()).as("a new version after the change").isNotEqualTo(version);

    String who = card.path("responsible").path("name").asText();
    assertThat(changes(card))
        .containsExactly(
            who + ": Имя клиента: «Ирина Правкина» → «Ирина " + surname + "»",
            who + ": Телефон клиента: " + lead.phone() + " → " + newPhone,
            who + ": E-mail клиента: " + lead.email() + " → irina.new@example.ru",
            who + ": Предпочтительный канал связи: не указан → Telegram",
            who + ": Курс: «SQL» → «Python-разработчик»",
            who + ": Бюджет: не указан → 64 900 ₽");
    assertThat(card.path("timeline").get(card.path("timeline").size() - 1).path("user").asText()).isEqualTo(lead.responsible());

    // Tasklist's columns and the forms read the process variables.
    assertThat(runtime.getVariable(lead.instance(), ProcessVariables.CLIENT_NAME)).isEqualTo("Ирина " + surname);
    assertThat(runtime.getVariable(lead.instance(), ProcessVariables.CLIENT_PHONE)).isEqualTo(newPhone);
    assertThat(runtime.getVariable(lead.instance(), ProcessVariables.CLIENT_EMAIL)).isEqualTo("irina.new@example.ru");
    assertThat(runtime.getVariable(lead.instance(), ProcessVariables.COURSE)).isEqualTo("Python-разработчик");
    assertThat(((Number) runtime.getVariable(lead.instance(), ProcessVariables.BUDGET)).intValue()).isEqualTo(64900);

    // «Найти клиента» finds her by the new name, no longer by the old one.
    JsonNode found = parse(rest.withBasicAuth(lead.responsible(), "demo").getForEntity("/api/contacts?query=" + surname, String.class));
    assertThat(found.path("contacts")).hasSize(1);
    assertThat(found.path("contacts").get(0).path("name").asText()).isEqualTo("Ирина " + surname);
    JsonNode byPhone = parse(rest.withBasicAuth(lead.responsible(), "demo").getForEntity("/api/contacts?query=" + newPhone.substring(1), String.class));
    assertThat(byPhone.path("contacts").get(0).path("name").asText()).isEqualTo("Ирина " + surname);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_name_word w JOIN deal d ON d.contact_id = w.contact_id WHERE d.id = ? AND w.word = 'правкина'", Integer.class, lead.dealId()))
        .isZero();

    // The same values again change nothing and write nothing.
    int lines = timelineCount(lead.dealId());
    assertThat(patch(lead.responsible(), lead.dealId(), body("name", "Ирина " + surname, "course", "Python-разработчик")).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(timelineCount(lead.dealId())).isEqualTo(lines);
  }

  /**
   * Issue 17, «The client's time»: the card shows the zone the lead's city gave and the convenient
   * time, offers the list of zones, and changes both with a history line each (who and when);
   * an empty zone puts the client back on the school's.
   */
  @Test
  void theClientsZoneAndConvenientTimeAreShownAndChangedInTheCardWithHistory() {
    ResponseEntity<String> posted =
        postWithKey(rest, "/api/leads", json(lead("Пётр Уральский", TestPhones.unique(), "city", "Екатеринбург", "convenientFrom", "18:00")));
    assertThat(posted.getStatusCode()).as(posted.getBody()).isEqualTo(HttpStatus.CREATED);
    long dealId = parse(posted).path("dealId").asLong();
    String responsible = parse(posted).path("responsible").asText();

    JsonNode card = card(responsible, dealId);
    assertThat(card.path("contact").path("timeZone").asText()).isEqualTo("Asia/Yekaterinburg");
    assertThat(card.path("contact").path("timeZoneTitle").asText()).isEqualTo("Екатеринбург (UTC+5)");
    assertThat(card.path("contact").path("convenientFrom").asText()).isEqualTo("18:00");
    assertThat(card.path("contact").path("convenientText").asText()).isEqualTo("с 18:00");
    List<String> offered = new ArrayList<>();
    card.path("editing").path("timeZones").forEach(z -> offered.add(z.path("id").asText() + " " + z.path("title").asText()));
    assertThat(offered).hasSize(12).contains("Europe/Kaliningrad Калининград (UTC+2)", "Asia/Vladivostok Владивосток (UTC+10)");

    ResponseEntity<String> changed =
        patch(responsible, dealId, body("timeZone", "Asia/Vladivostok", "convenientFrom", "", "convenientTo", "10:00", "version", card.path("editing").path("version").asText()));
    assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(HttpStatus.OK);
    card = parse(changed);
    assertThat(card.path("contact").path("timeZoneTitle").asText()).isEqualTo("Владивосток (UTC+10)");
    assertThat(card.path("contact").path("convenientFrom").isNull()).isTrue();
    assertThat(card.path("contact").path("convenientText").asText()).isEqualTo("до 10:00");
    String who = card.path("responsible").path("name").asText();
    assertThat(changes(card))
        .containsExactly(
            who + ": Часовой пояс клиента: Екатеринбург (UTC+5) → Владивосток (UTC+10)",
            who + ": Удобное время звонка: с 18:00 → до 10:00");
    assertThat(card.path("timeline").get(card.path("timeline").size() - 1).path("user").asText()).isEqualTo(responsible);

    // Refused, naming the field, and nothing written: a zone outside the list, «с» after the stored «до».
    int lines = timelineCount(dealId);
    ResponseEntity<String> unknownZone = patch(responsible, dealId, body("timeZone", "Mars/Olympus"));
    assertThat(unknownZone.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(unknownZone).get("timeZone")).startsWith("Неизвестный часовой пояс. Допустимые: Europe/Kaliningrad");
    ResponseEntity<String> afterTo = patch(responsible, dealId, body("convenientFrom", "11:00"));
    assertThat(afterTo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(afterTo)).containsEntry("convenientFrom", "Удобное время «до» (10:00) должно быть позже, чем «с» (11:00)");
    assertThat(errors(patch(responsible, dealId, body("convenientTo", "9:00")))).containsEntry("convenientTo", "Время — в виде ЧЧ:ММ, например 18:00");
    assertThat(timelineCount(dealId)).isEqualTo(lines);

    // An empty zone: the client lives by the school's clock again.
    card = parse(patch(responsible, dealId, body("timeZone", "")));
    assertThat(card.path("contact").path("timeZone").isNull()).isTrue();
    assertThat(card.path("contact").path("timeZoneTitle").asText()).isEqualTo("Москва (UTC+3) — пояс школы");
    assertThat(changes(card)).last().isEqualTo(who + ": Часовой пояс клиента: Владивосток (UTC+10) → пояс школы");
  }

  @Test
  void badFieldsAreRefusedInRussianAndNothingIsWritten() {
    Lead lead = newLead("Олег Проверкин");
    int lines = timelineCount(lead.dealId());
    String contactBefore = jdbc.queryForObject(
        "SELECT c.name || '|' || c.phone || '|' || c.email FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?", String.class, lead.dealId());

    ResponseEntity<String> bad =
        patch(
            lead.responsible(),
            lead.dealId(),
            body("name", "   ", "phone", "12345", "email", "не почта", "preferredChannel", "голубиная почта", "budget", -5, "course", "x".repeat(201)));

    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(errors(bad))
        .containsEntry("name", "Имя клиента не может быть пустым")
        .containsEntry("phone", "Некорректный номер телефона")
        .containsEntry("email", "Некорректный адрес e-mail")
        .containsEntry("preferredChannel", "Канал связи: whatsapp, telegram, email или phone")
        .containsEntry("budget", "Бюджет должен быть больше нуля")
        .containsEntry("course", "Не длиннее 200 символов");
    assertThat(errors(patch(lead.responsible(), lead.dealId(), body("budget", 100.555)))).containsEntry("budget", "Не больше двух знаков после запятой");
    ResponseEntity<String> unknown = patch(lead.responsible(), lead.dealId(), body("stage", "WON"));
    assertThat(unknown.getStatusCode()).as("stage moves only through the model").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(patch(lead.responsible(), lead.dealId(), body("responsible", "manager1")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    // The client keeps a phone or an e-mail.
    ResponseEntity<String> nothingLeft = patch(lead.responsible(), lead.dealId(), body("phone", "", "email", ""));
    assertThat(nothingLeft.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(nothingLeft)).containsEntry("phone", "У клиента должен остаться телефон или e-mail");

    // A phone of another client: one person, not two.
    String otherPhone = newLead("Другой Клиент").phone();
    ResponseEntity<String> taken = patch(lead.responsible(), lead.dealId(), body("name", "Олег Новый", "phone", otherPhone));
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(taken).path("detail").asText()).startsWith("Телефон " + otherPhone + " уже записан у другого клиента").contains("«Найти клиента»");

    assertThat(timelineCount(lead.dealId())).isEqualTo(lines);
    assertThat(jdbc.queryForObject(
            "SELECT c.name || '|' || c.phone || '|' || c.email FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?", String.class, lead.dealId()))
        .as("nothing half-written: the name of the refused request stays unchanged too")
        .isEqualTo(contactBefore);
    assertThat(runtime.getVariable(lead.instance(), ProcessVariables.CLIENT_NAME)).isEqualTo("Олег Проверкин");
  }

  @Test
  void aStaleCardIsRefusedWithAConflict() {
    Lead lead = newLead("Вера Версионная");
    String read = card(lead.responsible(), lead.dealId()).path("editing").path("version").asText();
    assertThat(patch("rop", lead.dealId(), body("course", "Аналитик данных", "version", read)).getStatusCode()).isEqualTo(HttpStatus.OK);

    ResponseEntity<String> stale = patch(lead.responsible(), lead.dealId(), body("course", "Java", "version", read));

    assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(stale.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(stale).path("detail").asText()).contains("уже изменил кто-то другой").contains("обновите карточку");
    assertThat(card("rop", lead.dealId()).path("course").asText()).isEqualTo("Аналитик данных");
    assertThat(changes(card("rop", lead.dealId()))).containsExactly("Ольга Орлова: Курс: «SQL» → «Аналитик данных»");
  }

  @Test
  void aColleagueOrACuratorIsRefusedTheHeadOfSalesAndAdministratorsMay() {
    Lead lead = newLead("Пётр Чужой");
    int lines = timelineCount(lead.dealId());

    ResponseEntity<String> colleague = patch(lead.colleague(), lead.dealId(), body("name", "Пётр Переименованный"));
    assertThat(colleague.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(colleague.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(colleague).path("detail").asText())
        .isEqualTo(
            "Сделку №" + lead.dealId() + " ведёт другой менеджер, " + DEMO_NAMES.get(lead.responsible())
                + ": менять её данные и теги могут ответственный менеджер, РОП и администратор.");
    assertThat(tag(lead.colleague(), HttpMethod.PUT, lead.dealId(), "trial_lesson").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> curator = patch("curator1", lead.dealId(), body("name", "Пётр Переименованный"));
    assertThat(curator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(curator).path("detail").asText()).contains("не из ваших воронок");
    assertThat(rest.exchange("/api/deals/" + lead.dealId(), HttpMethod.PATCH, new HttpEntity<>(json(body("name", "Аноним")), jsonHeaders()), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(timelineCount(lead.dealId())).isEqualTo(lines);

    // The colleague's card shows no editing; the responsible's does.
    JsonNode colleagueCard = card(lead.colleague(), lead.dealId());
    assertThat(colleagueCard.path("editing").path("allowed").asBoolean()).isFalse();
    assertThat(colleagueCard.path("editing").path("refusal").asText()).contains("ведёт другой менеджер");
    assertThat(colleagueCard.path("editing").path("manualTags")).isEmpty();
    JsonNode own = card(lead.responsible(), lead.dealId());
    assertThat(own.path("editing").path("allowed").asBoolean()).isTrue();
    assertThat(own.path("editing").path("manualTags").toString()).contains("{\"tag\":\"trial_lesson\",\"title\":\"Выдан пробный урок\"}").contains("\"холодные\"");

    assertThat(patch("rop", lead.dealId(), body("name", "Пётр Роповский")).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(patch("admin", lead.dealId(), body("name", "Пётр Админский")).getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> changes = changes(card("admin", lead.dealId()));
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0)).isEqualTo("Ольга Орлова: Имя клиента: «Пётр Чужой» → «Пётр Роповский»");
    assertThat(changes.get(1)).endsWith(": Имя клиента: «Пётр Роповский» → «Пётр Админский»");
  }

  @Test
  void aDeliveryDealIsChangedByItsCuratorNotByAnotherCuratorNorBySales() {
    long contact = deals.createContact(new NewContact("Ученик Правок", TestPhones.unique(), null, null), Instant.now());
    long delivery = deals.createDeal(new NewDeal("course-delivery", contact, "SQL", null, null), Instant.now());
    deals.setResponsible(delivery, "curator1");

    assertThat(patch("curator1", delivery, body("course", "SQL для аналитиков")).getStatusCode()).isEqualTo(HttpStatus.OK);
    for (String user : List.of("manager1", "rop")) {
      ResponseEntity<String> refused = patch(user, delivery, body("course", "Чужой курс"));
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    deals.setResponsible(delivery, "another-curator");
    ResponseEntity<String> otherCurators = patch("curator1", delivery, body("course", "Не мой курс"));
    assertThat(otherCurators.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(otherCurators).path("detail").asText()).contains("ведёт другой куратор, another-curator");
    assertThat(card("admin", delivery).path("course").asText()).isEqualTo("SQL для аналитиков");
  }

  @Test
  void manualTagsAreSetAndRemovedAutomaticOnesStayEachChangeInTheHistory() {
    Lead lead = newLead("Тамара Теговая");

    ResponseEntity<String> added = tag(lead.responsible(), HttpMethod.PUT, lead.dealId(), "trial_lesson");
    assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(parse(added).path("tags").toString()).contains("\"trial_lesson\"");
    assertThat(parse(added).path("editing").path("removableTags").toString()).contains("\"trial_lesson\"");
    // The form's checkbox follows the tag, so completing the next form does not undo it.
    assertThat(runtime.getVariable(lead.instance(), "tagTrialLesson")).isEqualTo(true);
    assertThat(tag(lead.responsible(), HttpMethod.PUT, lead.dealId(), "холодные").getStatusCode()).isEqualTo(HttpStatus.OK);
    int lines = timelineCount(lead.dealId());
    assertThat(tag(lead.responsible(), HttpMethod.PUT, lead.dealId(), "trial_lesson").getStatusCode()).as("again: nothing new").isEqualTo(HttpStatus.OK);
    assertThat(timelineCount(lead.dealId())).isEqualTo(lines);

    ResponseEntity<String> removed = tag(lead.responsible(), HttpMethod.DELETE, lead.dealId(), "trial_lesson");
    assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(removed).path("tags").toString()).doesNotContain("trial_lesson").contains("холодные");
    assertThat(runtime.getVariable(lead.instance(), "tagTrialLesson")).isEqualTo(false);
    String who = parse(removed).path("responsible").path("name").asText();
    assertThat(changes(parse(removed)))
        .containsExactly(
            who + ": Тег «trial_lesson» поставлен (Выдан пробный урок)",
            who + ": Тег «холодные» поставлен (B2B: холодный клиент)",
            who + ": Тег «trial_lesson» снят (Выдан пробный урок)");

    // A tag the process set is the process's.
    deals.addTag(lead.dealId(), "Недозвон", true, Instant.now());
    ResponseEntity<String> automatic = tag(lead.responsible(), HttpMethod.DELETE, lead.dealId(), "Недозвон");
    assertThat(automatic.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(automatic).path("detail").asText()).isEqualTo("Тег «Недозвон» ставит и снимает процесс сам: вручную его не снять.");
    assertThat(deals.tags(lead.dealId())).contains("Недозвон");
    assertThat(card(lead.responsible(), lead.dealId()).path("editing").path("removableTags").toString()).doesNotContain("Недозвон");

    ResponseEntity<String> notManual = tag(lead.responsible(), HttpMethod.PUT, lead.dealId(), "подвисла");
    assertThat(notManual.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(parse(notManual).path("detail").asText()).startsWith("«подвисла» — не ручной тег.").contains("trial_lesson, написали_в_tg, оплата_юр_лицо");
    assertThat(deals.tags(lead.dealId())).doesNotContain("подвисла");
  }

  @Test
  void tasklistsSessionChangesWithItsCsrfTokenOnly() throws Exception {
    Lead lead = newLead("Сессия Токенова");
    WebappSession session = WebappSession.login(port, lead.responsible(), "tasklist");

    HttpResponse<String> forged = session.send("PATCH", "/api/deals/" + lead.dealId(), json(body("course", "Подделка")), false);
    assertThat(forged.statusCode()).as("the session cookie alone changes nothing").isEqualTo(401);
    HttpResponse<String> changed = session.send("PATCH", "/api/deals/" + lead.dealId(), json(body("course", "Из Tasklist")), true);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    HttpResponse<String> tagged = session.send("PUT", "/api/deals/" + lead.dealId() + "/tags/trial_lesson", null, true);
    assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);

    JsonNode card = card("rop", lead.dealId());
    assertThat(card.path("course").asText()).isEqualTo("Из Tasklist");
    assertThat(card.path("tags").toString()).contains("trial_lesson");
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
