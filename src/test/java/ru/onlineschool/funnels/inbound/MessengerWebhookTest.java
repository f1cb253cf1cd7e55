package ru.onlineschool.funnels.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TelegramStartLinks;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The messengers' webhooks over HTTP with the JSON each API really sends (issue 20, inbound):
 * Telegram's Update with the secret-token header, WhatsApp's Cloud API delivery signed with the
 * app secret and Meta's registration check; wrong secrets and signatures, repeated deliveries,
 * and each thing a message does — a new lead, a task to answer, the end of the recall cadence,
 * a returning client.
 */
@ApplicationTest
class MessengerWebhookTest {

  static final String TELEGRAM_SECRET = "demo-telegram-secret-0123456789";
  static final String WHATSAPP_APP_SECRET = "demo-whatsapp-app-secret-0123456789";
  static final String WHATSAPP_VERIFY_TOKEN = "demo-whatsapp-verify";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired DealStore deals;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired TelegramStartLinks links;
  @Autowired RepositoryService repository;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  // ---- the requests as the messengers send them ----------------------------------------------

  HttpResponse<String> send(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> telegram(String update) throws Exception {
    return send("/api/webhooks/telegram", bytes(update), "X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET);
  }

  HttpResponse<String> whatsapp(String delivery) throws Exception {
    byte[] body = bytes(delivery);
    return send("/api/webhooks/whatsapp", body, "X-Hub-Signature-256", signature(WHATSAPP_APP_SECRET, body));
  }

  static String signature(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A Telegram Update with a private chat's text message, as the Bot API posts it. */
  static String telegramText(long updateId, long chatId, String firstName, String text) {
    return """
        {"update_id":%d,
         "message":{"message_id":%d,
           "from":{"id":%d,"is_bot":false,"first_name":"%s","last_name":"Смирнова","username":"client_%d","language_code":"ru"},
           "chat":{"id":%d,"first_name":"%s","last_name":"Смирнова","username":"client_%d","type":"private"},
           "date":1764750000,"text":%s}}"""
        .formatted(updateId, updateId % 1000, chatId, firstName, chatId, chatId, firstName, chatId, quoted(text));
  }

  /** A Telegram Update in which the user shares a contact card («Поделиться номером»). */
  static String telegramContact(long updateId, long chatId, String phoneDigits, long cardUserId) {
    return """
        {"update_id":%d,
         "message":{"message_id":%d,
           "from":{"id":%d,"is_bot":false,"first_name":"Ольга","last_name":"Смирнова","language_code":"ru"},
           "chat":{"id":%d,"first_name":"Ольга","last_name":"Смирнова","type":"private"},
           "date":1764750000,
           "contact":{"phone_number":"%s","first_name":"Ольга","last_name":"Смирнова","user_id":%d}}}"""
        .formatted(updateId, updateId % 1000, chatId, chatId, phoneDigits, cardUserId);
  }

  /** A WhatsApp Cloud API delivery of one text message. */
  static String whatsappText(String waId, String name, String wamid, String text) {
    return """
        {"object":"whatsapp_business_account",
         "entry":[{"id":"102290129340398",
           "changes":[{"field":"messages",
             "value":{"messaging_product":"whatsapp",
               "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
               "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
               "messages":[{"from":"%s","id":"%s","timestamp":"1764750000","type":"text","text":{"body":%s}}]}}]}]}"""
        .formatted(name, waId, waId, wamid, quoted(text));
  }

  static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long nextId() {
    return IDS.incrementAndGet();
  }

  static String wamid() {
    return "wamid.HBgLNzkxNjEyMzQ1NjcVAgASGBQzQUZG" + nextId();
  }

  /** The processed message (processing runs after the answer, on the queue's thread). */
  Map<String, Object> processed(String channel, String externalId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<Map<String, Object>> rows =
          jdbc.queryForList("SELECT * FROM inbound_message WHERE channel = ? AND external_id = ? AND state = 'DONE'", channel, externalId);
      if (!rows.isEmpty()) {
        return rows.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not processed: " + jdbc.queryForList("SELECT state, attempts, last_error FROM inbound_message WHERE external_id = ?", externalId));
  }

  long dealOf(Map<String, Object> row) {
    return ((Number) row.get("DEAL_ID")).longValue();
  }

  String processOf(long dealId) {
    return jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
  }

  List<String> messages(long dealId) {
    return deals.timeline(dealId).stream()
        .filter(e -> e.kind() == TimelineKind.MESSAGE && e.text().startsWith("Клиент написал"))
        .map(TimelineEntry::text)
        .toList();
  }

  long leadViaApi(String name, String phone) {
    return Api.parse(Api.postWithKey(rest, "/api/leads", Api.json(Api.lead(name, phone)))).path("dealId").asLong();
  }

  // ---- authentication ------------------------------------------------------------------------

  @Test
  void aTelegramUpdateWithoutTheSecretOrWithAWrongOneIsRefusedAndLeavesNothing() throws Exception {
    long updateId = nextId();
    String update = telegramText(updateId, nextId(), "Ольга", "Здравствуйте");

    HttpResponse<String> missing = send("/api/webhooks/telegram", bytes(update));
    HttpResponse<String> wrong = send("/api/webhooks/telegram", bytes(update), "X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET + "x");

    for (HttpResponse<String> response : List.of(missing, wrong)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("title").asText()).isEqualTo("Неверный секрет вебхука");
      assertThat(problem.path("detail").asText()).contains("X-Telegram-Bot-Api-Secret-Token").doesNotContain(TELEGRAM_SECRET);
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE external_id = ?", Long.class, String.valueOf(updateId))).isZero();
  }

  @Test
  void aWhatsAppDeliveryWithABadOrMissingSignatureIsRefused() throws Exception {
    String wamid = wamid();
    byte[] body = bytes(whatsappText("79160000001", "Анна", wamid, "Привет"));
    // Signed with another secret, signed over another body, not signed at all.
    HttpResponse<String> otherSecret = send("/api/webhooks/whatsapp", body, "X-Hub-Signature-256", signature("another-app-secret-0123456789", body));
    HttpResponse<String> otherBody =
        send("/api/webhooks/whatsapp", body, "X-Hub-Signature-256", signature(WHATSAPP_APP_SECRET, bytes(whatsappText("79160000001", "Анна", wamid, "Пока"))));
    HttpResponse<String> unsigned = send("/api/webhooks/whatsapp", body);

    for (HttpResponse<String> response : List.of(otherSecret, otherBody, unsigned)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(response.body()).path("title").asText()).isEqualTo("Неверная подпись");
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE external_id = ?", Long.class, wamid)).isZero();
  }

  @Test
  void metasRegistrationCheckGetsTheChallengeBackOnlyWithTheVerifyToken() throws Exception {
    String path = "/api/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";
    HttpResponse<String> right =
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path + URLEncoder.encode(WHATSAPP_VERIFY_TOKEN, StandardCharsets.UTF_8))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path + "guess")).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).isEqualTo("1158201444");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(wrong.body()).path("detail").asText()).contains("Verify token");
  }

  // ---- what a message does -------------------------------------------------------------------

  @Test
  void anUnknownWhatsAppNumberBecomesALeadOnceHoweverOftenMetaDeliversIt() throws Exception {
    String phone = TestPhones.unique();
    String wamid = wamid();
    String delivery = whatsappText(phone.substring(1), "Анна Кузнецова", wamid, "Здравствуйте! Сколько стоит курс Python?");

    HttpResponse<String> first = whatsapp(delivery);
    Map<String, Object> row = processed("WHATSAPP", wamid);
    HttpResponse<String> again = whatsapp(delivery);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(row.get("OUTCOME")).isEqualTo("LEAD");
    long dealId = dealOf(row);
    Map<String, Object> deal = jdbc.queryForMap("SELECT d.*, c.name, c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId);
    assertThat(deal).containsEntry("NAME", "Анна Кузнецова").containsEntry("PHONE", phone).containsEntry("LEAD_TYPE", "С лендинга курса");
    assertThat((String) deal.get("RESPONSIBLE")).startsWith("manager");
    assertThat(jdbc.queryForObject("SELECT channel FROM lead_source WHERE deal_id = ?", String.class, dealId)).isEqualTo("WHATSAPP");
    assertThat(deals.tags(dealId)).contains("whatsapp");
    assertThat(messages(dealId)).containsExactly("Клиент написал в WhatsApp: Здравствуйте! Сколько стоит курс Python?");
    assertThat(tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_ProcessLead").count()).isEqualTo(1);
    // The repeated delivery: one row, one contact, one deal.
    Thread.sleep(300);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE external_id = ?", Long.class, wamid)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal d JOIN contact c ON c.id = d.contact_id WHERE c.phone = ?", Long.class, phone)).isEqualTo(1);
  }

  @Test
  void aDeliveryReportOfTheSchoolsOwnMessageIsAcceptedAndIgnored() throws Exception {
    long before = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class);
    String statuses =
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
          "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
            "statuses":[{"id":"%s","status":"delivered","timestamp":"1764750000","recipient_id":"79160000002",
              "conversation":{"id":"CONVERSATION_ID","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}}]}}]}]}"""
            .formatted(wamid());

    HttpResponse<String> response = whatsapp(statuses);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class)).isEqualTo(before);
  }

  @Test
  void aTelegramUserWhoSharesHisNumberBecomesALeadAndHisNextMessageATaskForTheResponsible() throws Exception {
    String phone = TestPhones.unique();
    long chat = nextId();
    long sharedUpdate = nextId();

    assertThat(telegram(telegramContact(sharedUpdate, chat, phone.substring(1), chat)).statusCode()).isEqualTo(200);
    Map<String, Object> lead = processed("TELEGRAM", String.valueOf(sharedUpdate));
    assertThat(lead.get("OUTCOME")).isEqualTo("LEAD");
    long dealId = dealOf(lead);
    assertThat(jdbc.queryForMap("SELECT c.phone, c.telegram_chat_id, c.name FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealId))
        .containsEntry("PHONE", phone)
        .containsEntry("TELEGRAM_CHAT_ID", String.valueOf(chat))
        .containsEntry("NAME", "Ольга Смирнова");
    assertThat(jdbc.queryForObject("SELECT channel FROM lead_source WHERE deal_id = ?", String.class, dealId)).isEqualTo("TELEGRAM");

    // The deal is at «Обработать заявку»; the client writes again: the responsible gets a task to answer.
    long textUpdate = nextId();
    String update = telegramText(textUpdate, chat, "Ольга", "Можно мне программу курса?");
    assertThat(telegram(update).statusCode()).isEqualTo(200);
    Map<String, Object> row = processed("TELEGRAM", String.valueOf(textUpdate));
    assertThat(telegram(update).statusCode()).isEqualTo(200);

    assertThat(row.get("OUTCOME")).isEqualTo("TASK");
    assertThat(dealOf(row)).isEqualTo(dealId);
    Task answer = tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").singleResult();
    assertThat(answer.getName()).isEqualTo("Ответить клиенту (Telegram): Можно мне программу курса?");
    assertThat(answer.getAssignee()).isEqualTo(jdbc.queryForObject("SELECT responsible FROM deal WHERE id = ?", String.class, dealId));
    Thread.sleep(300);
    // The repeated update: processed once — one line, one task.
    assertThat(messages(dealId)).containsExactly(
        "Клиент написал в Telegram: поделился(ась) своим номером " + phone.substring(1), "Клиент написал в Telegram: Можно мне программу курса?");
    assertThat(tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").count()).isEqualTo(1);
  }

  @Test
  void someoneElsesContactCardProvesNothingAndATelegramUserWithoutAPhoneStillBecomesALead() throws Exception {
    String phone = TestPhones.unique();
    long known = leadViaApi("Пётр Иванов", phone);
    long chat = nextId();
    long update = nextId();

    // The card is of another Telegram user: it must not tie this chat to Пётр.
    telegram(telegramContact(update, chat, phone.substring(1), chat + 1));
    Map<String, Object> row = processed("TELEGRAM", String.valueOf(update));

    assertThat(row.get("OUTCOME")).isEqualTo("LEAD");
    assertThat(dealOf(row)).isNotEqualTo(known);
    assertThat(jdbc.queryForMap("SELECT c.phone, c.telegram_chat_id, c.name FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", dealOf(row)))
        .containsEntry("PHONE", null)
        .containsEntry("TELEGRAM_CHAT_ID", String.valueOf(chat))
        .containsEntry("NAME", "Ольга Смирнова");
    assertThat(jdbc.queryForObject("SELECT c.telegram_chat_id FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", String.class, known)).isNull();
    assertThat(messages(known)).isEmpty();
  }

  @Test
  void aReplyThroughTheSchoolsLinkDuringTheRecallCadenceMovesTheDealToTheChat() throws Exception {
    String phone = TestPhones.unique();
    long dealId = leadViaApi("Мария Соколова", phone);
    String process = processOf(dealId);
    Task first = tasks.createTaskQuery().processInstanceId(process).taskDefinitionKey("Activity_ProcessLead").singleResult();
    tasks.complete(first.getId(), Map.of("outcome", "NOT_REACHED", "result", "Не взяла трубку"));
    MessageJobs.run(management, process);
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("NOT_REACHED");
    assertThat(management.createJobQuery().processInstanceId(process).activityId("Event_RecallDue").count()).isEqualTo(1);
    long contactId = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, dealId);
    long chat = nextId();

    // A forged link names the contact but not with the school's signature: nothing is tied.
    String forged = "c" + contactId + "-AAAAAAAAAAAAAAAAAAAAAA";
    long forgedUpdate = nextId();
    telegram(telegramText(forgedUpdate, nextId(), "Мошенник", "/start " + forged));
    assertThat(processed("TELEGRAM", String.valueOf(forgedUpdate)).get("OUTCOME")).isEqualTo("LEAD");
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("NOT_REACHED");

    // The client opens the bot through the link the manager sent her.
    long startUpdate = nextId();
    telegram(telegramText(startUpdate, chat, "Мария", "/start " + links.parameter(contactId).orElseThrow()));
    Map<String, Object> row = processed("TELEGRAM", String.valueOf(startUpdate));
    MessageJobs.run(management, process);

    assertThat(row.get("OUTCOME")).isEqualTo("CHAT");
    assertThat(dealOf(row)).isEqualTo(dealId);
    assertThat(jdbc.queryForObject("SELECT telegram_chat_id FROM contact WHERE id = ?", String.class, contactId)).isEqualTo(String.valueOf(chat));
    assertThat(management.createJobQuery().processInstanceId(process).activityId("Event_RecallDue").count()).isZero();
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("CHAT");
    Task chatTask = tasks.createTaskQuery().processInstanceId(process).taskDefinitionKey("Activity_ChatNextStep").singleResult();
    assertThat(chatTask.getAssignee()).isEqualTo(jdbc.queryForObject("SELECT responsible FROM deal WHERE id = ?", String.class, dealId));
    assertThat(messages(dealId)).containsExactly("Клиент написал в Telegram: перешёл(а) по ссылке школы и открыл(а) чат с ботом");

    // Her next message, in the chat now known: a line in the history (the chat's task is already hers).
    long next = nextId();
    telegram(telegramText(next, chat, "Мария", "Удобно переписываться здесь"));
    assertThat(processed("TELEGRAM", String.valueOf(next)).get("DEAL_ID")).isEqualTo(dealId);
    assertThat(messages(dealId)).contains("Клиент написал в Telegram: Удобно переписываться здесь");
  }

  @Test
  void aMessageOfAClientWhoseDealIsClosedOpensAReturningDealForTheSameManager() throws Exception {
    String phone = TestPhones.unique();
    long closed = leadViaApi("Игорь Волков", phone);
    String manager = jdbc.queryForObject("SELECT responsible FROM deal WHERE id = ?", String.class, closed);
    deals.close(closed, "LOST", "Дорого", Instant.now().minusSeconds(60));
    String wamid = wamid();

    whatsapp(whatsappText(phone.substring(1), "Игорь", wamid, "Добрый день, я снова думаю о курсе"));
    Map<String, Object> row = processed("WHATSAPP", wamid);

    assertThat(row.get("OUTCOME")).isEqualTo("RETURNED");
    long returning = dealOf(row);
    assertThat(returning).isNotEqualTo(closed);
    assertThat(jdbc.queryForMap("SELECT parent_deal_id, lead_type, responsible, closed_at FROM deal WHERE id = ?", returning))
        .containsEntry("PARENT_DEAL_ID", closed)
        .containsEntry("LEAD_TYPE", "Вернувшиеся")
        .containsEntry("RESPONSIBLE", manager)
        .containsEntry("CLOSED_AT", null);
    assertThat(messages(returning)).containsExactly("Клиент написал в WhatsApp: Добрый день, я снова думаю о курсе");
    assertThat(jdbc.queryForObject("SELECT name FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?", String.class, returning)).isEqualTo("Игорь Волков");
  }

  // ---- an engine that cannot take the message ------------------------------------------------

  @Test
  void theWebhookAnswersAtOnceWhileTheEngineRefusesAndTheMessageIsProcessedLaterNotLost() throws Exception {
    String phone = TestPhones.unique();
    String wamid = wamid();
    repository.suspendProcessDefinitionByKey("course-sale");
    HttpResponse<String> response;
    try {
      response = whatsapp(whatsappText(phone.substring(1), "Нина", wamid, "Хочу записаться"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (jdbc.queryForObject("SELECT attempts FROM inbound_message WHERE external_id = ?", Integer.class, wamid) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Map<String, Object> waiting = jdbc.queryForMap("SELECT state, attempts, deal_id, last_error FROM inbound_message WHERE external_id = ?", wamid);
      assertThat(waiting).containsEntry("STATE", "ACCEPTED").containsEntry("DEAL_ID", null);
      assertThat((Integer) waiting.get("ATTEMPTS")).isGreaterThanOrEqualTo(1);
      assertThat((String) waiting.get("LAST_ERROR")).isNotBlank();
    } finally {
      repository.activateProcessDefinitionByKey("course-sale");
    }

    assertThat(response.statusCode()).isEqualTo(200);
    // The next attempt (school.webhooks.retry-delay, 1 s in the tests) makes the lead.
    Map<String, Object> row = processed("WHATSAPP", wamid);
    assertThat(row.get("OUTCOME")).isEqualTo("LEAD");
    assertThat(messages(dealOf(row))).containsExactly("Клиент написал в WhatsApp: Хочу записаться");
  }
  // ---- webinar and course-delivery deals --------------------------------------------------------

  @Test
  void aWebinarRegistrantWhoWritesBeforeTheWebinarGetsAnAnswerTaskForTheManagers() throws Exception {
    String phone = TestPhones.unique();
    Map<String, Object> registration = new java.util.LinkedHashMap<>();
    registration.put("name", "Пётр Вебинаров");
    registration.put("phone", phone);
    registration.put("webinarTitle", "Аналитика данных с нуля");
    registration.put("startsAt", "2030-04-10T19:00:00+03:00");
    registration.put("durationMinutes", 60);
    registration.put("link", "https://webinar.example/data");
    long dealId =
        Api.parse(Api.postWithKey(rest, "/api/webinars/msg-" + System.nanoTime() + "/registrations", Api.json(registration))).path("dealId").asLong();
    assertThat(jdbc.queryForObject("SELECT funnel FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("webinar");

    String wamid = wamid();
    whatsapp(whatsappText(phone.substring(1), "Пётр", wamid, "А запись вебинара будет?"));
    Map<String, Object> row = processed("WHATSAPP", wamid);

    // His only open deal is the webinar's: the message is a task there, not a lost line in the history.
    assertThat(row.get("OUTCOME")).isEqualTo("TASK");
    assertThat(dealOf(row)).isEqualTo(dealId);
    Task answer = tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").singleResult();
    assertThat(answer.getName()).isEqualTo("Ответить клиенту (WhatsApp): А запись вебинара будет?");
    // No manager before the webinar is over: any manager takes it from the group's tasks.
    assertThat(answer.getAssignee()).isNull();
    assertThat(tasks.getIdentityLinksForTask(answer.getId())).extracting(link -> link.getGroupId()).contains("managers");
    assertThat(messages(dealId)).containsExactly("Клиент написал в WhatsApp: А запись вебинара будет?");

    // While the task is open, another message only goes into the history.
    String again = wamid();
    whatsapp(whatsappText(phone.substring(1), "Пётр", again, "И во сколько начало?"));
    assertThat(processed("WHATSAPP", again).get("DEAL_ID")).isEqualTo(dealId);
    assertThat(tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").count()).isEqualTo(1);
  }

  @Test
  void aWebinarDealWithAManagerGivesHimTheAnswerTask() throws Exception {
    String phone = TestPhones.unique();
    Map<String, Object> registration = new java.util.LinkedHashMap<>();
    registration.put("name", "Анна Вебинарова");
    registration.put("phone", phone);
    registration.put("webinarTitle", "Аналитика данных с нуля");
    registration.put("startsAt", "2030-04-10T19:00:00+03:00");
    registration.put("durationMinutes", 60);
    registration.put("link", "https://webinar.example/data");
    long dealId =
        Api.parse(Api.postWithKey(rest, "/api/webinars/msg-" + System.nanoTime() + "/registrations", Api.json(registration))).path("dealId").asLong();
    // As «Назначить менеджера» leaves it after the webinar.
    runtime.setVariable(processOf(dealId), "responsible", "manager2");
    runtime.setVariable(processOf(dealId), "candidateGroup", "sales-heads");
    deals.setResponsible(dealId, "manager2");

    String wamid = wamid();
    whatsapp(whatsappText(phone.substring(1), "Анна", wamid, "Скиньте, пожалуйста, программу"));
    Map<String, Object> row = processed("WHATSAPP", wamid);

    assertThat(row.get("OUTCOME")).isEqualTo("TASK");
    Task answer = tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").singleResult();
    assertThat(answer.getAssignee()).isEqualTo("manager2");

    // Answered: the task is done, the webinar's own path goes on, and the next message is a new task.
    tasks.complete(answer.getId(), Map.of("result", "Отправил программу вебинара в WhatsApp"));
    assertThat(tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").count()).isZero();
    String next = wamid();
    whatsapp(whatsappText(phone.substring(1), "Анна", next, "Спасибо! А запись пришлёте?"));
    assertThat(processed("WHATSAPP", next).get("OUTCOME")).isEqualTo("TASK");
    assertThat(tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AnswerClient").singleResult().getName())
        .isEqualTo("Ответить клиенту (WhatsApp): Спасибо! А запись пришлёте?");
  }

  @Test
  void aStudentWhoseSaleIsClosedGetsHisMessageToTheCuratorOfHisCourse() throws Exception {
    String phone = TestPhones.unique();
    org.camunda.bpm.engine.runtime.ProcessInstance delivery =
        ru.onlineschool.funnels.support.CourseDeliveries.start(
            runtime, deals, "Ольга Ученица", phone, null, "Python-разработчик", "ПР.16.03.30", "2030-03-16", "2030-06-15");
    long deliveryDeal = Long.parseLong(delivery.getBusinessKey());
    // The paid sale before it is closed as won; the student has no open sale.
    long contact = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, deliveryDeal);
    long sale = deals.createDeal(new ru.onlineschool.funnels.deal.NewDeal("course-sale", contact, "Python-разработчик", null, null), Instant.now().minusSeconds(86400));
    deals.close(sale, "WON", null, Instant.now().minusSeconds(3600));

    String wamid = wamid();
    whatsapp(whatsappText(phone.substring(1), "Ольга", wamid, "Не приходит доступ к урокам"));
    Map<String, Object> row = processed("WHATSAPP", wamid);

    assertThat(row.get("OUTCOME")).isEqualTo("TASK");
    assertThat(dealOf(row)).isEqualTo(deliveryDeal);
    Task answer = tasks.createTaskQuery().processInstanceId(delivery.getId()).taskDefinitionKey("Activity_AnswerClient").singleResult();
    assertThat(answer.getName()).isEqualTo("Ответить клиенту (WhatsApp): Не приходит доступ к урокам");
    // The curator «Назначить куратора» chose, as for every task of the course (the group when nobody was free).
    Object curator = runtime.getVariable(delivery.getId(), "curator");
    assertThat(answer.getAssignee()).isEqualTo(curator);
    assertThat(jdbc.queryForObject("SELECT responsible FROM deal WHERE id = ?", String.class, deliveryDeal)).isEqualTo(curator);
    assertThat(tasks.getIdentityLinksForTask(answer.getId())).extracting(link -> link.getGroupId()).contains("curators");
    assertThat(messages(deliveryDeal)).containsExactly("Клиент написал в WhatsApp: Не приходит доступ к урокам");
    assertThat(messages(sale)).isEmpty();

    // The curator answers; the course goes on and nothing is left waiting for an answer.
    tasks.complete(answer.getId(), Map.of("result", "Открыла доступ к урокам, проверили вместе"));
    assertThat(tasks.createTaskQuery().processInstanceId(delivery.getId()).taskDefinitionKey("Activity_AnswerClient").count()).isZero();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(delivery.getId()).active().count()).isEqualTo(1);
  }

  // ---- the client's link to the bot -------------------------------------------------------------

  @Test
  void theLinkOnTheDealCardTiesTheClientsTelegramChatToHisContact() throws Exception {
    String phone = TestPhones.unique();
    long dealId = leadViaApi("Мария Ссылкина", phone);
    long contactId = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, dealId);

    // What the manager copies from the card and sends to the client.
    JsonNode card = JSON.readTree(rest.withBasicAuth("admin", "demo").getForEntity("/api/deals/" + dealId, String.class).getBody());
    String link = card.path("contact").path("telegramBotLink").asText();
    assertThat(link).startsWith("https://t.me/test_school_bot?start=c" + contactId + "-");

    // The client opens it: Telegram sends the bot «/start <parameter>».
    long chat = nextId();
    long update = nextId();
    String parameter = URI.create(link).getQuery().substring("start=".length());
    assertThat(telegram(telegramText(update, chat, "Мария", "/start " + parameter)).statusCode()).isEqualTo(200);
    Map<String, Object> row = processed("TELEGRAM", String.valueOf(update));

    assertThat(dealOf(row)).isEqualTo(dealId);
    assertThat(jdbc.queryForObject("SELECT telegram_chat_id FROM contact WHERE id = ?", String.class, contactId)).isEqualTo(String.valueOf(chat));
    // Another client's card has another link: the parameter is the contact's own.
    long other = leadViaApi("Иван Другой", TestPhones.unique());
    String otherLink = JSON.readTree(rest.withBasicAuth("admin", "demo").getForEntity("/api/deals/" + other, String.class).getBody())
        .path("contact").path("telegramBotLink").asText();
    assertThat(otherLink).startsWith("https://t.me/test_school_bot?start=c").isNotEqualTo(link);
  }

  @Test
  void withoutTheBotsUsernameOrItsWebhookThereIsNoLinkAndABadUsernameStopsTheStart() {
    TelegramStartLinks noUsername = new TelegramStartLinks(TELEGRAM_SECRET, "");
    assertThat(noUsername.link(42)).isEmpty();
    // The webhook still reads parameters made before the username was removed.
    assertThat(noUsername.contactOf(links.parameter(42).orElseThrow())).contains(42L);
    assertThat(new TelegramStartLinks("", "test_school_bot").link(42)).isEmpty();
    assertThat(new TelegramStartLinks(TELEGRAM_SECRET, "@test_school_bot").link(42)).isEqualTo(links.link(42));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TelegramStartLinks(TELEGRAM_SECRET, "школа бот"))
        .hasMessageContaining("SCHOOL_TELEGRAM_BOT_USERNAME")
        .hasMessageContaining("@BotFather");
  }
}
