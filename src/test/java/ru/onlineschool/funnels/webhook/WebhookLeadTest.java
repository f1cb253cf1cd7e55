package ru.onlineschool.funnels.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Tilda's and Marquiz's webhooks over HTTP, with the bodies each service sends (issue 19): the
 * verification request, both encodings of Cyrillic, a resent request, duplicates and distribution
 * as for POST /api/leads, a wrong secret, bad input, and an engine that cannot start the deal
 * while the webhook answers.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class WebhookLeadTest {

  static final String TILDA_SECRET = "demo-tilda-secret-0123456789";
  static final String MARQUIZ_SECRET = "demo-marquiz-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

  @LocalServerPort int port;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired DealStore deals;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired javax.sql.DataSource dataSource;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  // ---- the requests as the services send them ------------------------------------------------

  HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Tilda's POST: the form's fields urlencoded in the site's charset, Content-Type without a charset. */
  HttpResponse<String> tilda(Map<String, String> form, Charset charset) throws Exception {
    String body =
        form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), charset) + "=" + URLEncoder.encode(e.getValue(), charset))
            .collect(Collectors.joining("&"));
    return post("/api/webhooks/tilda/" + TILDA_SECRET, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.US_ASCII));
  }

  HttpResponse<String> marquiz(String body) throws Exception {
    return post("/api/webhooks/marquiz/" + MARQUIZ_SECRET, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> tildaForm(String tranid, String phone, String... more) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Name", "Мария Соколова");
    form.put("Phone", phone);
    form.put("Email", "Maria.Sokolova" + tranid.replaceAll("\\W", "") + "@Example.RU");
    for (int i = 0; i < more.length; i += 2) {
      form.put(more[i], more[i + 1]);
    }
    form.put("tranid", tranid);
    form.put("formid", "form532947829");
    return form;
  }

  static String tranid() {
    return "4571236:" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** The deal of a webhook's lead, once the worker has started it (it runs after the answer). */
  long dealOf(String channel, String externalId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> done =
          jdbc.queryForList("SELECT deal_id FROM lead_inbox WHERE channel = ? AND external_id = ? AND state = 'DONE'", Long.class, channel, externalId);
      if (!done.isEmpty()) {
        return done.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no deal for " + channel + " " + externalId + ": " + jdbc.queryForList("SELECT state, attempts, last_error FROM lead_inbox WHERE external_id = ?", externalId));
  }

  long inboxRows(String externalId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM lead_inbox WHERE external_id = ?", Long.class, externalId);
  }

  // ---- Tilda ---------------------------------------------------------------------------------

  @Test
  void tildasVerificationRequestGetsOkAndLeavesNoTrace() throws Exception {
    Map<String, Long> before = Api.footprint(jdbc);
    long inbox = jdbc.queryForObject("SELECT COUNT(*) FROM lead_inbox", Long.class);

    HttpResponse<String> response = tilda(Map.of("test", "test"), StandardCharsets.UTF_8);
    HttpResponse<String> withFormId = tilda(new LinkedHashMap<>(Map.of("test", "test", "formid", "form532947829")), StandardCharsets.UTF_8);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(withFormId.statusCode()).isEqualTo(200);
    assertThat(withFormId.body()).isEqualTo("ok");
    assertThat(Api.footprint(jdbc)).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_inbox", Long.class)).isEqualTo(inbox);
  }

  @Test
  void aTildaLeadInUtf8BecomesADealWithItsUtmTagAndTheClientsOtherAnswers() throws Exception {
    String phone = TestPhones.unique();
    String tranid = tranid();
    Map<String, String> form =
        tildaForm(
            tranid,
            TestPhones.russianStyle(phone),
            "Курс",
            "Python-разработчик",
            "Удобное время",
            "после 18:00",
            "utm_source",
            "yandex",
            "utm_medium",
            "cpc",
            "utm_campaign",
            "python_весна",
            "COOKIES",
            "_ym_uid=1699; TILDAUTM=utm_source%3Dvk%7C%7C%7Cutm_content%3Dbanner_2%7C%7C%7Cutm_term%3D%D0%BA%D1%83%D1%80%D1%81; tildauid=1");
    form.put("referer", "https://school.example/python?utm_source=yandex");

    long started = System.nanoTime();
    HttpResponse<String> response = tilda(form, StandardCharsets.UTF_8);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    long dealId = dealOf("TILDA", tranid);
    Map<String, Object> deal = jdbc.queryForMap("SELECT d.*, c.name, c.phone, c.email FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId);
    assertThat(deal)
        .containsEntry("NAME", "Мария Соколова")
        .containsEntry("PHONE", phone)
        .containsEntry("EMAIL", "maria.sokolova" + tranid.replaceAll("\\W", "").toLowerCase() + "@example.ru")
        .containsEntry("COURSE", "Python-разработчик")
        .containsEntry("LEAD_TYPE", "С лендинга курса");
    // Distribution and the 15-minute task, as for POST /api/leads.
    assertThat((String) deal.get("RESPONSIBLE")).startsWith("manager");
    assertThat(tasks.createTaskQuery().processInstanceId((String) deal.get("PROCESS_INSTANCE_ID")).taskDefinitionKey("Activity_ProcessLead").count()).isEqualTo(1);
    assertThat(deals.tags(dealId)).contains("tilda");
    // The form's UTM fields win over Tilda's cookie; the cookie fills in what the fields lack.
    Map<String, Object> source = jdbc.queryForMap("SELECT * FROM lead_source WHERE deal_id = ?", dealId);
    assertThat(source)
        .containsEntry("CHANNEL", "TILDA")
        .containsEntry("FORM_ID", "form532947829")
        .containsEntry("SOURCE", "tilda")
        .containsEntry("UTM_SOURCE", "yandex")
        .containsEntry("UTM_MEDIUM", "cpc")
        .containsEntry("UTM_CAMPAIGN", "python_весна")
        .containsEntry("UTM_CONTENT", "banner_2")
        .containsEntry("UTM_TERM", "курс")
        .containsEntry("REFERER", "https://school.example/python?utm_source=yandex");
    assertThat(deals.timeline(dealId).get(0).text()).isEqualTo("Заявка получена: источник tilda, комментарий Удобное время: после 18:00");
  }

  @Test
  void cyrillicInWindows1251AndTheFormsOwnMappingAndLeadType() throws Exception {
    String phone = TestPhones.unique();
    String tranid = tranid();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Ваше имя", "Пётр Ёлкин");
    form.put("Телефон", phone);
    form.put("Комментарий", "Перезвоните вечером");
    form.put("Город", "г. Владивосток");
    form.put("Звонить с", "18:00");
    form.put("tranid", tranid);
    form.put("formid", "form-webinar");

    HttpResponse<String> response = tilda(form, WINDOWS_1251);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    long dealId = dealOf("TILDA", tranid);
    Map<String, Object> deal = jdbc.queryForMap("SELECT d.*, c.name FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId);
    assertThat(deal).containsEntry("NAME", "Пётр Ёлкин").containsEntry("LEAD_TYPE", "С вебинара").containsEntry("COURSE", "Аналитик данных");
    assertThat(deals.tags(dealId)).containsExactly("tilda", "вебинар-март");
    assertThat(deals.timeline(dealId).get(0).text()).endsWith("комментарий Перезвоните вечером");
    // The client's city tells his zone, «Звонить с» his window (issue 17).
    assertThat(jdbc.queryForMap("SELECT c.time_zone, c.convenient_from FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId))
        .containsEntry("TIME_ZONE", "Asia/Vladivostok")
        .containsEntry("CONVENIENT_FROM", "18:00");
  }

  @Test
  void aHiddenLeadTypeFieldNamesTheLeadType() throws Exception {
    String tranid = tranid();
    assertThat(tilda(tildaForm(tranid, TestPhones.unique(), "leadtype", "intention"), StandardCharsets.UTF_8).statusCode()).isEqualTo(200);

    long dealId = dealOf("TILDA", tranid);
    assertThat(jdbc.queryForObject("SELECT lead_type FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("Intention");
  }

  @Test
  void aResentTildaRequestIsOneLead() throws Exception {
    String tranid = tranid();
    Map<String, String> form = tildaForm(tranid, TestPhones.unique());

    HttpResponse<String> first = tilda(form, StandardCharsets.UTF_8);
    HttpResponse<String> second = tilda(form, StandardCharsets.UTF_8);
    long dealId = dealOf("TILDA", tranid);
    HttpResponse<String> third = tilda(form, StandardCharsets.UTF_8);

    assertThat(List.of(first, second, third)).allSatisfy(r -> assertThat(r.body()).isEqualTo("ok"));
    assertThat(inboxRows(tranid)).isEqualTo(1);
    long contactId = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, dealId);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE contact_id = ?", Long.class, contactId)).isEqualTo(1);
  }

  @Test
  void aSecondLeadOfAnOpenClientIsADuplicateAsForTheApi() throws Exception {
    String phone = TestPhones.unique();
    String first = tranid();
    String second = tranid();
    tilda(tildaForm(first, phone), StandardCharsets.UTF_8);
    long original = dealOf("TILDA", first);
    tilda(tildaForm(second, TestPhones.russianStyle(phone)), StandardCharsets.UTF_8);
    long duplicate = dealOf("TILDA", second);

    assertThat(duplicate).isNotEqualTo(original);
    assertThat(jdbc.queryForObject("SELECT duplicate_of FROM deal WHERE id = ?", Long.class, duplicate)).isEqualTo(original);
  }

  @Test
  void badInputIsARussianProblemAndLeavesNoRow() throws Exception {
    Map<String, Long> before = Api.footprint(jdbc);
    long inbox = jdbc.queryForObject("SELECT COUNT(*) FROM lead_inbox", Long.class);
    Map<String, String> noContact = new LinkedHashMap<>();
    noContact.put("Name", "Без Телефона");
    noContact.put("tranid", tranid());

    HttpResponse<String> noPhone = tilda(noContact, StandardCharsets.UTF_8);
    HttpResponse<String> badPhone = tilda(tildaForm(tranid(), "12"), StandardCharsets.UTF_8);
    HttpResponse<String> badEscape = post("/api/webhooks/tilda/" + TILDA_SECRET, "application/x-www-form-urlencoded", "Name=%D0%G1&Phone=1".getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> json = post("/api/webhooks/tilda/" + TILDA_SECRET, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> notAnObject = marquiz("[1, 2]");
    HttpResponse<String> broken = marquiz("{\"contacts\": {\"name\": ");
    HttpResponse<String> noMarquizContact = marquiz("{\"contacts\": {\"name\": \"Анна\"}, \"answers\": []}");

    for (HttpResponse<String> response : List.of(noPhone, badPhone, badEscape, json, notAnObject, broken, noMarquizContact)) {
      assertThat(response.statusCode()).isBetween(400, 499);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("title").asText()).matches(".*[А-Яа-я].*");
      assertThat(problem.path("detail").asText()).matches(".*[А-Яа-я].*");
    }
    assertThat(JSON.readTree(noPhone.body()).path("errors").toString()).contains("телефон");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(Api.footprint(jdbc)).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_inbox", Long.class)).isEqualTo(inbox);
  }

  @Test
  void aWrongSecretIsRefusedAndNeverReachesTheLogNotEvenAtDebug(CapturedOutput output) throws Exception {
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    List<String> loggers = List.of("ru.onlineschool", "org.springframework.web", "org.apache.catalina", "org.apache.coyote");
    loggers.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
    String wrong = "guessed-secret-0123456789abcdef";
    String tranid = tranid();
    HttpResponse<String> refused;
    HttpResponse<String> noSecret;
    HttpResponse<String> unknown;
    HttpResponse<String> accepted;
    try {
      refused = post("/api/webhooks/tilda/" + wrong, "application/x-www-form-urlencoded", "test=test".getBytes(StandardCharsets.US_ASCII));
      noSecret = post("/api/webhooks/tilda", "application/x-www-form-urlencoded", "test=test".getBytes(StandardCharsets.US_ASCII));
      unknown = post("/api/webhooks/bitrix/" + TILDA_SECRET, "application/x-www-form-urlencoded", "test=test".getBytes(StandardCharsets.US_ASCII));
      accepted = tilda(tildaForm(tranid, TestPhones.unique()), StandardCharsets.UTF_8);
      dealOf("TILDA", tranid);
    } finally {
      loggers.forEach(logger -> logging.setLogLevel(logger, null));
    }

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(refused.body()).path("title").asText()).isEqualTo("Неверный адрес вебхука");
    assertThat(noSecret.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(accepted.body()).isEqualTo("ok");
    for (HttpResponse<String> response : List.of(refused, noSecret, unknown)) {
      assertThat(response.body()).doesNotContain(wrong, TILDA_SECRET);
    }
    // The DEBUG output is there (the capture works), the secrets are not.
    assertThat(output.getAll()).contains("/api/webhooks/tilda");
    assertThat(output.getAll()).doesNotContain(TILDA_SECRET, wrong);
  }

  // ---- Marquiz -------------------------------------------------------------------------------

  static String marquizBody(String phone, String quizId) {
    return """
        {
          "quiz": {"id": "%s", "name": "Какая профессия в IT вам подходит"},
          "contacts": {"name": "Ольга Петрова", "phone": "%s", "email": "olga-%s@example.ru"},
          "answers": [
            {"q": "Есть ли опыт программирования?", "a": "Нет"},
            {"q": "Что интереснее?", "a": ["Данные", "Визуализация"]},
            {"q": "Сколько часов в неделю готовы учиться?", "a": 6}
          ],
          "result": {"title": "Аналитик данных", "cost": 0},
          "extra": {
            "href": "https://quiz.school.example/it?utm_source=vk",
            "referrer": "https://vk.com/",
            "ip": "203.0.113.7",
            "utm": {"source": "vk", "medium": "social", "campaign": "it_quiz", "content": "video", "term": "аналитика"},
            "cookies": {"_ym_uid": "1699"}
          },
          "created": "2026-12-03T10:15:00.000Z",
          "raw": [{"q": "Есть ли опыт программирования?", "a": "Нет"}]
        }
        """
        .formatted(quizId, phone, quizId);
  }

  @Test
  void aMarquizQuizBecomesADealWithItsAnswersAsTheComment() throws Exception {
    String phone = TestPhones.unique();
    String quizId = "q-" + UUID.randomUUID();
    String body = marquizBody(TestPhones.russianStyle(phone), quizId);

    HttpResponse<String> response = marquiz(body);
    HttpResponse<String> resent = marquiz(body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("accepted").asBoolean()).isTrue();
    assertThat(resent.statusCode()).isEqualTo(200);
    String externalId = jdbc.queryForObject("SELECT external_id FROM lead_inbox WHERE lead LIKE ?", String.class, "%" + quizId + "%");
    long dealId = dealOf("MARQUIZ", externalId);
    assertThat(inboxRows(externalId)).isEqualTo(1);
    Map<String, Object> deal = jdbc.queryForMap("SELECT d.*, c.name, c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId);
    assertThat(deal).containsEntry("NAME", "Ольга Петрова").containsEntry("PHONE", phone);
    assertThat((String) deal.get("RESPONSIBLE")).startsWith("manager");
    assertThat(deals.tags(dealId)).contains("marquiz");
    assertThat(deals.timeline(dealId).get(0).text())
        .isEqualTo(
            "Заявка получена: источник marquiz, комментарий Ответы квиза «Какая профессия в IT вам подходит»:\n"
                + "Есть ли опыт программирования? — Нет\n"
                + "Что интереснее? — Данные, Визуализация\n"
                + "Сколько часов в неделю готовы учиться? — 6\n"
                + "Результат: Аналитик данных");
    Map<String, Object> source = jdbc.queryForMap("SELECT * FROM lead_source WHERE deal_id = ?", dealId);
    assertThat(source)
        .containsEntry("CHANNEL", "MARQUIZ")
        .containsEntry("UTM_SOURCE", "vk")
        .containsEntry("UTM_MEDIUM", "social")
        .containsEntry("UTM_CAMPAIGN", "it_quiz")
        .containsEntry("UTM_CONTENT", "video")
        .containsEntry("UTM_TERM", "аналитика")
        .containsEntry("REFERER", "https://quiz.school.example/it?utm_source=vk");
  }

  // ---- an engine that cannot start the deal --------------------------------------------------

  @Test
  void theWebhookAnswersAtOnceWhileTheEngineCannotStartTheDealWhichFollowsLater() throws Exception {
    String tranid = tranid();
    repository.suspendProcessDefinitionByKey("course-sale");
    HttpResponse<String> response;
    Duration took;
    try {
      long started = System.nanoTime();
      response = tilda(tildaForm(tranid, TestPhones.unique()), StandardCharsets.UTF_8);
      took = Duration.ofNanos(System.nanoTime() - started);
      // The worker tries, the engine refuses, the lead waits in the inbox.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (jdbc.queryForObject("SELECT attempts FROM lead_inbox WHERE external_id = ?", Integer.class, tranid) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Map<String, Object> waiting = jdbc.queryForMap("SELECT state, attempts, deal_id, last_error FROM lead_inbox WHERE external_id = ?", tranid);
      assertThat(waiting).containsEntry("STATE", "ACCEPTED").containsEntry("DEAL_ID", null);
      assertThat((Integer) waiting.get("ATTEMPTS")).isGreaterThanOrEqualTo(1);
    } finally {
      repository.activateProcessDefinitionByKey("course-sale");
    }

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    // The next attempt (after school.webhooks.retry-delay, 1 s in the tests) starts the deal.
    long dealId = dealOf("TILDA", tranid);
    assertThat(jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId)).isNotNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal d JOIN lead_inbox i ON i.deal_id = d.id WHERE i.external_id = ?", Long.class, tranid)).isEqualTo(1);
  }

  @Test
  void aSlowStartOfTheDealDelaysTheDealButNotTheAnswer() throws Exception {
    String phone = TestPhones.unique();
    String tranid = tranid();
    HttpResponse<String> response;
    Duration took;
    // Another transaction holds the client's phone (a contact being written, uncommitted): the
    // start of the deal, which looks the client up and writes her, has to wait for it.
    try (java.sql.Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (var insert = other.prepareStatement("INSERT INTO contact (name, phone, created_at) VALUES ('Держит Телефон', ?, CURRENT_TIMESTAMP)")) {
        insert.setString(1, phone);
        insert.executeUpdate();
      }
      long started = System.nanoTime();
      response = tilda(tildaForm(tranid, phone), StandardCharsets.UTF_8);
      took = Duration.ofNanos(System.nanoTime() - started);
      Thread.sleep(2000);
      assertThat(jdbc.queryForList("SELECT deal_id FROM lead_inbox WHERE external_id = ? AND state = 'DONE'", Long.class, tranid)).isEmpty();
      other.rollback();
    }

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    long dealId = dealOf("TILDA", tranid);
    assertThat(jdbc.queryForObject("SELECT c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", String.class, dealId)).isEqualTo(phone);
  }

  // ---- the report «Источники заявок» -------------------------------------------------------

  @Test
  void theSourcesReportCountsLeadsPerChannelAndUtmAndKeepsDuplicatesApart() throws Exception {
    String campaign = "report_" + UUID.randomUUID().toString().substring(0, 8);
    String phone = TestPhones.unique();
    String first = tranid();
    String again = tranid();
    tilda(tildaForm(first, phone, "utm_source", "yandex", "utm_campaign", campaign), StandardCharsets.UTF_8);
    dealOf("TILDA", first);
    // The same client again while her deal is open: a duplicate, closed as «Дубль» — not a lead.
    tilda(tildaForm(again, phone, "utm_source", "yandex", "utm_campaign", campaign), StandardCharsets.UTF_8);
    long duplicate = dealOf("TILDA", again);
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, duplicate)).isEqualTo("Дубль");
    assertThat(
            Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Отчётов Апи", TestPhones.unique(), "utmSource", "yandex", "utmCampaign", campaign)))
                .getStatusCode()
                .value())
        .isEqualTo(201);

    JsonNode report = JSON.readTree(rest.withBasicAuth("rop", "demo").getForEntity("/api/reports/sources", String.class).getBody());
    List<JsonNode> rows = new java.util.ArrayList<>();
    report.path("sources").forEach(row -> {
      if (campaign.equals(row.path("utmCampaign").asText())) {
        rows.add(row);
      }
    });
    assertThat(rows).hasSize(2);
    Map<String, JsonNode> byChannel = rows.stream().collect(Collectors.toMap(r -> r.path("channel").asText(), r -> r));
    assertThat(byChannel.get("TILDA").path("channelTitle").asText()).isEqualTo("Tilda");
    assertThat(byChannel.get("TILDA").path("utmSource").asText()).isEqualTo("yandex");
    assertThat(byChannel.get("TILDA").path("leads").asLong()).isEqualTo(1);
    assertThat(byChannel.get("TILDA").path("open").asLong()).isEqualTo(1);
    assertThat(byChannel.get("TILDA").path("won").asLong()).isZero();
    assertThat(byChannel.get("API").path("leads").asLong()).isEqualTo(1);
    assertThat(report.path("notSale").asLong()).isGreaterThanOrEqualTo(1);

    String csv = new String(rest.withBasicAuth("rop", "demo").getForEntity("/api/reports/sources.csv", byte[].class).getBody(), StandardCharsets.UTF_8);
    assertThat(csv).contains("Канал").contains("utm_campaign").contains(campaign);
  }
}
