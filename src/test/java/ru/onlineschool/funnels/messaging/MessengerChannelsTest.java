package ru.onlineschool.funnels.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.TelegramStartLinks;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.CourseSaleLeads;
import ru.onlineschool.funnels.support.MailServer;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Почтовик» through the messengers (issue 20), against a fake Telegram Bot API and WhatsApp Cloud
 * API on loopback ({@code support/MessengerApis}) that answer in the real APIs' JSON: the client's
 * preferred messenger carries the message when it can, e-mail when it cannot, and the deal's
 * history says which and why; a messenger that fails is retried like SMTP, sends once, and ends as
 * an incident.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class MessengerChannelsTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  static final String BOT_TOKEN = "123456789:TEST-bot-token-never-logged";
  static final String SEND_MESSAGE = "/telegram/bot" + BOT_TOKEN + "/sendMessage";
  static final String WHATSAPP_MESSAGES = "/graph/v21.0/109876543210987/messages";

  @Autowired WireMockServer api;
  @Autowired GreenMail greenMail;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired DealStore deals;
  @Autowired ContactDirectory contacts;
  @Autowired TelegramStartLinks telegramLinks;
  @Autowired Outbox outbox;
  @Autowired ClientMessage clientMessage;
  @Autowired EmailChannel emailChannel;
  @Autowired MessengerHttp http;
  @Autowired MailTemplates templates;
  @Autowired MessageModel model;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired MessengerProperties messengerProperties;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  record Lead(ProcessInstance pi, long dealId, String phone, String email, String chat) {}

  /** A course-sale lead of a client who prefers {@code messenger}; {@code chat} is their chat with the bot, if they wrote to it. */
  Lead lead(String messenger, String email, String chat) {
    String phone = TestPhones.unique();
    long contact = deals.createContact(new NewContact("Иван Петров", phone, email, messenger), Instant.now());
    if (chat != null) {
      // What the bot's webhook stores when the client writes to the bot.
      jdbc.update("UPDATE contact SET telegram_chat_id = ? WHERE id = ?", chat, contact);
    }
    ProcessInstance pi = CourseSaleLeads.start(runtime, deals, contact, "Иван Петров", phone, email);
    return new Lead(pi, Long.parseLong(pi.getBusinessKey()), phone, email, chat);
  }

  static String uniqueChat() {
    return TestPhones.unique().substring(5);
  }

  static String uniqueEmail() {
    return "client" + TestPhones.unique().substring(2) + "@example.ru";
  }

  void complete(Lead lead, String activity, Object... keyValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vars.put((String) keyValues[i], keyValues[i + 1]);
    }
    tasks.complete(tasks.createTaskQuery().processInstanceId(lead.pi().getId()).taskDefinitionKey(activity).singleResult().getId(), vars);
  }

  /** The client was not reached: «Сообщение клиенту: не дозвонились» waits as a job. */
  Job notReached(Lead lead) {
    complete(lead, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    return management.createJobQuery().processInstanceId(lead.pi().getId()).activityId("Activity_NotReachedMessage").singleResult();
  }

  List<String> timeline(long dealId) {
    return deals.timeline(dealId).stream().filter(e -> e.kind() == TimelineKind.MESSAGE).map(TimelineEntry::text).toList();
  }

  List<LoggedRequest> telegramRequests(String chat) {
    return api.findAll(postRequestedFor(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat))));
  }

  List<LoggedRequest> whatsAppRequests(String phoneDigits) {
    return api.findAll(postRequestedFor(urlEqualTo(WHATSAPP_MESSAGES)).withRequestBody(matchingJsonPath("$.to", equalTo(phoneDigits))));
  }

  /** Telegram's answer to a sendMessage that went through. */
  static String telegramSent(String chat, long messageId) {
    return "{\"ok\":true,\"result\":{\"message_id\":" + messageId + ",\"from\":{\"id\":123456789,\"is_bot\":true,\"first_name\":\"Онлайн-школа\","
        + "\"username\":\"school_test_bot\"},\"chat\":{\"id\":" + chat + ",\"first_name\":\"Иван\",\"type\":\"private\"},\"date\":1764745200,"
        + "\"text\":\"…\"}}";
  }

  static String telegramError(int code, String description) {
    return "{\"ok\":false,\"error_code\":" + code + ",\"description\":\"" + description + "\"}";
  }

  @Test
  void aClientWhoWroteToTheBotGetsTheMessageInTelegramOnceAndTheHistorySaysSo() throws Exception {
    String chat = uniqueChat();
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat))).willReturn(okJson(telegramSent(chat, 4711))));
    Lead lead = lead("telegram", uniqueEmail(), chat);
    Job job = notReached(lead);
    assertThat(telegramRequests(chat)).as("nothing before the async boundary").isEmpty();

    management.executeJob(job.getId());

    List<LoggedRequest> sent = telegramRequests(chat);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Content-Type")).startsWith("application/json");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = new ObjectMapper().readValue(sent.get(0).getBodyAsString(), Map.class);
    assertThat(body).containsOnlyKeys("chat_id", "text").containsEntry("chat_id", chat);
    assertThat((String) body.get("text"))
        .isEqualTo("Не смогли до вас дозвониться — Онлайн-школа\n\n"
            + "Здравствуйте, Иван!\n\n"
            + "Вы оставили заявку на курс «Python-разработчик», и мы вам звонили, но не смогли дозвониться.\n\n"
            + "Как вам удобнее продолжить: перезвонить в удобное время или написать в чат (WhatsApp, Telegram)? Просто ответьте на это письмо"
            + " — менеджер свяжется с вами так, как скажете.\n\n"
            + "С уважением,\nОнлайн-школа");
    assertThat(MailServer.to(greenMail, lead.email())).as("not by e-mail as well").isEmpty();
    Outbox.Message row = outbox.find(lead.dealId(), "not-reached").orElseThrow();
    assertThat(row.status()).isEqualTo(Outbox.Status.SENT);
    assertThat(row.channel()).isEqualTo("telegram");
    assertThat(row.recipient()).isEqualTo(chat);
    assertThat(outbox.externalId(row.id())).contains("4711");
    assertThat(timeline(lead.dealId()))
        .containsExactly("Отправлено клиенту в Telegram (чат " + chat + "): «Не смогли до вас дозвониться — Онлайн-школа»");

    // The same job again: nothing new leaves.
    clientMessage.send(lead.dealId(), MessageTemplate.NOT_REACHED, runtime.getVariables(lead.pi().getId()));
    assertThat(telegramRequests(chat)).hasSize(1);
  }

  @Test
  void whenTelegramIsDownTheJobIsRetriedAndTheMessageLeavesExactlyOnceWithoutTheTokenInAnyLog(CapturedOutput output) {
    String chat = uniqueChat();
    String scenario = "down-" + chat;
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
        .inScenario(scenario).whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json").withBody(telegramError(502, "Bad Gateway")))
        .willSetStateTo("back"));
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
        .inScenario(scenario).whenScenarioStateIs("back")
        .willReturn(okJson(telegramSent(chat, 4712))));
    Lead lead = lead("telegram", null, chat);
    Job job = notReached(lead);

    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("не отправлено").hasMessageContaining("Telegram временно недоступен");
    assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries()).isEqualTo(4);
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.FAILED);

    management.executeJob(job.getId());

    assertThat(telegramRequests(chat)).hasSize(2);
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.SENT);
    assertThat(timeline(lead.dealId())).containsExactly(
        "Не удалось отправить «Не смогли дозвониться: удобнее в чате или по телефону?» в Telegram (чат " + chat + ") (попытка 1): "
            + "Telegram временно недоступен (Telegram: 502 Bad Gateway). Повтор по расписанию; после последней попытки — инцидент в Cockpit.",
        "Отправлено клиенту в Telegram (чат " + chat + "): «Не смогли до вас дозвониться — Онлайн-школа» (с попытки 2)");
    // The deal goes on, and a repeated run sends nothing more.
    assertThat(management.createJobQuery().processInstanceId(lead.pi().getId()).activityId("Event_RecallDue").count()).isEqualTo(1);
    clientMessage.send(lead.dealId(), MessageTemplate.NOT_REACHED, runtime.getVariables(lead.pi().getId()));
    assertThat(telegramRequests(chat)).hasSize(2);
    // The token is in the request's path: neither the history nor the log may show it.
    assertThat(String.join("\n", timeline(lead.dealId()))).doesNotContain("TEST-bot-token");
    assertThat(output.getAll()).doesNotContain("TEST-bot-token");
  }

  @Test
  void aClientWhoBlockedTheBotIsAnIncidentAfterTheRetriesWithTheReasonInRussian() throws Exception {
    String chat = uniqueChat();
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody(telegramError(403, "Forbidden: bot was blocked by the user"))));
    Lead lead = lead("telegram", uniqueEmail(), chat);
    Job job = notReached(lead);

    Date due = Date.from(LocalDateTime.parse("2030-03-05T10:00").atZone(MOSCOW).toInstant());
    for (int attempt = 1; attempt <= 5; attempt++) {
      ClockUtil.setCurrentTime(due);
      assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("клиент заблокировал бота школы в Telegram");
      due = Date.from(due.toInstant().plus(Duration.ofMinutes(5)));
    }

    assertThat(telegramRequests(chat)).hasSize(5);
    assertThat(runtime.createIncidentQuery().processInstanceId(lead.pi().getId()).incidentType("failedJob").count()).isEqualTo(1);
    assertThat(timeline(lead.dealId())).hasSize(5).allSatisfy(line -> assertThat(line)
        .startsWith("Не удалось отправить «Не смогли дозвониться: удобнее в чате или по телефону?» в Telegram (чат " + chat + ")")
        .contains("клиент заблокировал бота школы в Telegram — сообщения ему не доходят, свяжитесь с ним иначе"
            + " (Telegram: 403 Forbidden: bot was blocked by the user)"));
    assertThat(timeline(lead.dealId()).get(4)).contains("(попытка 5)");
    Outbox.Message row = outbox.find(lead.dealId(), "not-reached").orElseThrow();
    assertThat(row.status()).isEqualTo(Outbox.Status.FAILED);
    assertThat(MailServer.to(greenMail, lead.email())).as("a refusal is not a reason to write elsewhere unasked").isEmpty();
  }

  @Test
  void telegramsFloodControlIsRetriedLaterWithTheWaitItAskedFor() {
    String chat = uniqueChat();
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35\",\"parameters\":{\"retry_after\":35}}")));
    Lead lead = lead("telegram", null, chat);
    Job job = notReached(lead);

    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("не отправлено");

    assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries()).isEqualTo(4);
    assertThat(timeline(lead.dealId())).singleElement().asString()
        .contains("(попытка 1): Telegram просит снизить частоту отправки, повторить не раньше чем через 35 с"
            + " (Telegram: 429 Too Many Requests: retry after 35). Повтор по расписанию");
  }

  @Test
  void aWhatsAppParameterIsOneLineWithoutTabsOrLongRunsOfSpaces() {
    // WhatsApp refuses a parameter with a line break, a tab or more than three spaces in a row.
    assertThat(WhatsAppChannel.oneLine("Когда:\t6 марта,    16:00\nСсылка: https://school.example/t\n\n\nС уважением,\r\nШкола"))
        .isEqualTo("Когда: 6 марта, 16:00 Ссылка: https://school.example/t — С уважением, Школа");
    assertThat(WhatsAppChannel.oneLine("  ")).as("an empty parameter is refused too").isEqualTo("—");
    assertThat(WhatsAppChannel.oneLine("я".repeat(2000))).hasSize(WhatsAppChannel.MAX_PARAMETER).endsWith("…");
  }

  @Test
  void aTelegramApiThatHangsFailsTheJobWithinTheTimeout() {
    String chat = uniqueChat();
    api.stubFor(post(urlEqualTo(SEND_MESSAGE)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
        .willReturn(okJson(telegramSent(chat, 1)).withFixedDelay(6_000)));
    Lead lead = lead("telegram", null, chat);
    Job job = notReached(lead);

    long started = System.nanoTime();
    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("Telegram не ответил за 2 с");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.FAILED);
  }

  @Test
  void aWhatsAppClientGetsTheApprovedTemplateWithTheMessagesFactsAsParameters() throws Exception {
    Lead lead = lead("whatsapp", uniqueEmail(), null);
    String digits = lead.phone().substring(1);
    String wamid = "wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    api.stubFor(post(urlEqualTo(WHATSAPP_MESSAGES))
        .withHeader("Authorization", equalTo("Bearer TEST-whatsapp-access-token"))
        .withRequestBody(matchingJsonPath("$.to", equalTo(digits)))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + digits + "\",\"wa_id\":\"" + digits + "\"}],"
            + "\"messages\":[{\"id\":\"" + wamid + "\",\"message_status\":\"accepted\"}]}")));
    complete(lead, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Интересуется Python, хочет сначала пробный урок");
    complete(lead, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", "2030-03-06T13:00:00Z", "lessonLink", "https://school.example/trial/42",
        "course", "Python-разработчик", "budget", 45000, "result", "Записал на пробный урок в среду в 16:00, ссылка в сообщении");

    management.executeJob(
        management.createJobQuery().processInstanceId(lead.pi().getId()).activityId("Activity_TrialInvitation").singleResult().getId());

    List<LoggedRequest> sent = whatsAppRequests(digits);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer TEST-whatsapp-access-token");
    // The template's name comes from school.messengers.whatsapp.templates (the test profile maps trial-scheduled).
    assertThat(equalToJson("""
        {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "template",
         "template": {"name": "school_trial_invitation", "language": {"code": "ru"},
           "components": [{"type": "body", "parameters": [
             {"type": "text", "text": "Иван"},
             {"type": "text", "text": "Пробный урок по курсу «Python-разработчик» — 6 марта 2030 г., 16:00 (МСК)"},
             {"type": "text", "text": "Вы записаны на пробный урок по курсу «Python-разработчик». — Когда: 6 марта 2030 г., 16:00 (МСК) Ссылка на урок: https://school.example/trial/42 За два часа до начала пришлём напоминание. Если планы изменились — ответьте на это письмо, и мы подберём другое время. — С уважением, Онлайн-школа"}
           ]}]}}
        """.formatted(digits)).match(sent.get(0).getBodyAsString()).isExactMatch())
        .as(sent.get(0).getBodyAsString())
        .isTrue();
    Outbox.Message row = outbox.ofDeal(lead.dealId()).stream().filter(m -> m.template().equals("trial-scheduled")).findFirst().orElseThrow();
    assertThat(row.status()).isEqualTo(Outbox.Status.SENT);
    assertThat(row.channel()).isEqualTo("whatsapp");
    assertThat(outbox.externalId(row.id())).contains(wamid);
    assertThat(timeline(lead.dealId())).contains(
        "Отправлено клиенту в WhatsApp " + lead.phone() + ": «Пробный урок по курсу «Python-разработчик» — 6 марта 2030 г., 16:00 (МСК)»");
    assertThat(MailServer.to(greenMail, lead.email())).isEmpty();
  }

  @Test
  void whatsAppsRefusalIsReadFromItsErrorJsonIntoRussian() {
    Lead lead = lead("whatsapp", null, null);
    String digits = lead.phone().substring(1);
    api.stubFor(post(urlEqualTo(WHATSAPP_MESSAGES)).withRequestBody(matchingJsonPath("$.to", equalTo(digits)))
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("""
            {"error": {"message": "(#132001) Template name does not exist in the translation", "type": "OAuthException", "code": 132001,
              "error_data": {"messaging_product": "whatsapp", "details": "template name (not_reached) does not exist in ru"},
              "fbtrace_id": "AbCdEfGh123"}}""")));
    Job job = notReached(lead);

    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("нет одобренного шаблона");

    // Without a mapping, our not-reached is WhatsApp's not_reached.
    assertThat(whatsAppRequests(digits)).singleElement()
        .satisfies(r -> assertThat(matchingJsonPath("$.template.name", equalTo("not_reached")).match(r.getBodyAsString()).isExactMatch()).isTrue());
    assertThat(timeline(lead.dealId())).singleElement().isEqualTo(
        "Не удалось отправить «Не смогли дозвониться: удобнее в чате или по телефону?» в WhatsApp " + lead.phone() + " (попытка 1): "
            + "в WhatsApp нет одобренного шаблона с таким именем и языком — проверьте school.messengers.whatsapp.templates"
            + " (WhatsApp: HTTP 404, код 132001, template name (not_reached) does not exist in ru, fbtrace_id AbCdEfGh123)."
            + " Повтор по расписанию; после последней попытки — инцидент в Cockpit.");
  }

  @Test
  void aClientWhoNeverWroteToTheBotGetsEmailAndTheHistorySaysWhy() throws Exception {
    Lead lead = lead("telegram", uniqueEmail(), null);

    management.executeJob(notReached(lead).getId());

    assertThat(MailServer.to(greenMail, lead.email())).hasSize(1);
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().channel()).isEqualTo(Outbox.CHANNEL_EMAIL);
    assertThat(timeline(lead.dealId())).containsExactly(
        "Отправлено клиенту по e-mail " + lead.email() + ": «Не смогли до вас дозвониться — Онлайн-школа». Не в Telegram, как предпочитает клиент:"
            + " клиент ещё не писал боту школы в Telegram, а бот может написать только тому, кто написал ему первым");
    // The e-mail ends with his own link to the bot: once he presses «Старт», the school can write to him in Telegram.
    long contact = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, lead.dealId());
    String body = MailServer.to(greenMail, lead.email()).get(0).getContent().toString().strip();
    assertThat(body).endsWith("Напишите нам в Telegram — откройте ссылку и нажмите «Старт»: https://t.me/test_school_bot?start=c" + contact + "-"
        + telegramLinks.parameter(contact).orElseThrow().substring(("c" + contact + "-").length()));
    assertThat(telegramLinks.contactOf(body.substring(body.lastIndexOf("?start=") + "?start=".length()))).contains(contact);
  }

  @Test
  void aClientWhoPrefersEmailOrWhatsAppOrAlreadyWroteToTheBotGetsNoBotLink() throws Exception {
    Lead byEmail = lead("email", uniqueEmail(), null);
    Lead wrote = lead("telegram", uniqueEmail(), uniqueChat());
    MessengerProperties telegramOff = new MessengerProperties(false, null, null, null, "email");
    ClientMessage withTelegramOff =
        new ClientMessage(outbox, deals, templates, model,
            List.of(emailChannel, new TelegramChannel(telegramOff, http), new WhatsAppChannel(telegramOff, http)), contacts, transactions, telegramOff,
            telegramLinks);

    clientMessage.send(byEmail.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));
    // Telegram off, so the client who wrote to the bot gets e-mail too: he has the chat already.
    withTelegramOff.send(wrote.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    for (Lead lead : List.of(byEmail, wrote)) {
      assertThat(MailServer.to(greenMail, lead.email())).singleElement()
          .satisfies(mail -> assertThat(mail.getContent().toString()).doesNotContain("t.me/").doesNotContain("Напишите нам в Telegram"));
    }
  }

  @Test
  void aMessengerThatIsOffSendsNothingAndTheHistoryNamesIt() {
    MessengerProperties off = new MessengerProperties(false, null, null, null, null);
    ClientMessage withMessengersOff =
        new ClientMessage(outbox, deals, templates, model,
            List.of(emailChannel, new TelegramChannel(off, http), new WhatsAppChannel(off, http)), contacts, transactions, off, telegramLinks);
    Lead telegramOnly = lead("telegram", null, uniqueChat());
    Lead whatsApp = lead("whatsapp", uniqueEmail(), null);

    withMessengersOff.send(telegramOnly.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));
    withMessengersOff.send(whatsApp.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    assertThat(telegramRequests(telegramOnly.chat())).isEmpty();
    assertThat(outbox.find(telegramOnly.dealId(), "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.QUEUED);
    assertThat(timeline(telegramOnly.dealId())).singleElement().asString()
        .startsWith("НЕ ОТПРАВЛЕНО: у клиента нет e-mail, а канал Telegram не подключён (school.messengers.telegram.enabled). В мессенджер (")
        .contains("Здравствуйте, Иван!");
    // WhatsApp off: the client who has an e-mail gets it there, and the manager sees why.
    assertThat(whatsAppRequests(whatsApp.phone().substring(1))).isEmpty();
    assertThat(MailServer.to(greenMail, whatsApp.email())).hasSize(1);
    assertThat(timeline(whatsApp.dealId())).containsExactly(
        "Отправлено клиенту по e-mail " + whatsApp.email() + ": «Не смогли до вас дозвониться — Онлайн-школа». Не в WhatsApp, как предпочитает"
            + " клиент: канал WhatsApp не подключён (school.messengers.whatsapp.enabled)");
  }

  /** The school's messengers as the test profile has them, with another default for clients who chose none. */
  ClientMessage withDefault(String defaultChannel) {
    MessengerProperties on = messengerProperties;
    MessengerProperties withDefault = new MessengerProperties(on.requireTokens(), on.timeout(), on.telegram(), on.whatsapp(), defaultChannel);
    return new ClientMessage(outbox, deals, templates, model,
        List.of(emailChannel, new TelegramChannel(withDefault, http), new WhatsAppChannel(withDefault, http)), contacts, transactions, withDefault, telegramLinks);
  }

  @Test
  void aClientWhoChoseNoChannelGetsTheMissedCallMessageInWhatsAppAsTheRegulationAsks() {
    // Seed 002: «Обязательное сообщение в WhatsApp или Telegram (после 1-го недозвона)» — a new
    // lead has told nobody yet how he wants to be written to.
    Lead lead = lead(null, uniqueEmail(), null);
    String to = lead.phone().substring(1);
    api.stubFor(post(urlEqualTo(WHATSAPP_MESSAGES)).withRequestBody(matchingJsonPath("$.to", equalTo(to)))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to
            + "\"}],\"messages\":[{\"id\":\"wamid.DEFAULT" + to + "\"}]}")));

    withDefault("whatsapp").send(lead.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    assertThat(whatsAppRequests(to)).hasSize(1);
    assertThat(MailServer.to(greenMail, lead.email())).isEmpty();
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().channel()).isEqualTo("whatsapp");
    assertThat(timeline(lead.dealId())).singleElement().asString().startsWith("Отправлено клиенту в WhatsApp");
  }

  @Test
  void theDefaultMessengerIsTheSchoolsWishSoWhenItIsOffTheClientGetsEmailWithoutANote() {
    Lead lead = lead(null, uniqueEmail(), null);
    MessengerProperties off = new MessengerProperties(false, null, null, null, "whatsapp");
    ClientMessage whatsAppOff =
        new ClientMessage(outbox, deals, templates, model,
            List.of(emailChannel, new TelegramChannel(off, http), new WhatsAppChannel(off, http)), contacts, transactions, off, telegramLinks);

    whatsAppOff.send(lead.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    assertThat(MailServer.to(greenMail, lead.email())).hasSize(1);
    assertThat(timeline(lead.dealId())).containsExactly(
        "Отправлено клиенту по e-mail " + lead.email() + ": «Не смогли до вас дозвониться — Онлайн-школа»");
  }

  @Test
  void aClientWhoChoseEmailIsNeverWrittenToInAMessenger() {
    Lead lead = lead("email", uniqueEmail(), null);

    withDefault("whatsapp").send(lead.dealId(), MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    assertThat(whatsAppRequests(lead.phone().substring(1))).isEmpty();
    assertThat(MailServer.to(greenMail, lead.email())).hasSize(1);
  }

  @Test
  void anEnabledMessengerWithoutItsTokenIsOff() {
    MessengerProperties noTokens =
        new MessengerProperties(false, null, new MessengerProperties.Telegram(true, " ", null),
            new MessengerProperties.WhatsApp(true, "token", null, null, null, null), null);

    assertThat(new TelegramChannel(noTokens, http).ready()).isFalse();
    assertThat(new TelegramChannel(noTokens, http).offReason()).contains("SCHOOL_TELEGRAM_BOT_TOKEN");
    assertThat(new WhatsAppChannel(noTokens, http).ready()).isFalse();
    assertThat(new WhatsAppChannel(noTokens, http).offReason()).contains("SCHOOL_WHATSAPP_PHONE_NUMBER_ID");
    assertThat(noTokens.isTelegramTokenGiven()).as("outside prod an enabled channel without a token only stays off").isTrue();
  }
}
