package ru.onlineschool.funnels.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TelegramStartLinks;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.CourseSaleLeads;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MailServer;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Почтовик» against a real SMTP server (GreenMail): course-sale messages leave after the async
 * boundary, in Russian, once per deal and template — also when the job runs again, fails and is
 * retried, or died between the send and its record.
 */
@ApplicationTest
class ClientMailTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  @Autowired GreenMail greenMail;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired DealStore deals;
  @Autowired ContactDirectory contacts;
  @Autowired TelegramStartLinks telegramLinks;
  @Autowired Outbox outbox;
  @Autowired ClientMessage clientMessage;
  @Autowired JavaMailSender mailSender;
  @Autowired JdbcTemplate jdbc;
  @Autowired MailTemplates templates;
  @Autowired MessageModel model;
  @Autowired PlatformTransactionManager transactions;
  @Autowired TestRestTemplate rest;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  record Lead(ProcessInstance pi, long dealId, String email) {}

  Lead newLead(String email) {
    String phone = TestPhones.unique();
    long contact = deals.createContact(new NewContact("Иван Петров", phone, email, null), Instant.now());
    ProcessInstance pi = CourseSaleLeads.start(runtime, deals, contact, "Иван Петров", phone, email);
    long dealId = Long.parseLong(pi.getBusinessKey());
    return new Lead(pi, dealId, email);
  }

  static String uniqueEmail() {
    return "client" + TestPhones.unique().substring(2) + "@example.ru";
  }

  /** Completes the lead's task with exactly the answers given, the typed «Результат» among them. */
  void complete(Lead lead, String activity, Object... keyValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vars.put((String) keyValues[i], keyValues[i + 1]);
    }
    String id = tasks.createTaskQuery().processInstanceId(lead.pi().getId()).taskDefinitionKey(activity).singleResult().getId();
    tasks.complete(id, vars);
  }

  Job messageJob(Lead lead, String activity) {
    return management.createJobQuery().processInstanceId(lead.pi().getId()).activityId(activity).messages().singleResult();
  }

  List<String> timeline(long dealId) {
    return deals.timeline(dealId).stream().filter(e -> e.kind() == TimelineKind.MESSAGE).map(TimelineEntry::text).toList();
  }

  static String text(MimeMessage message) throws Exception {
    return message.getContent().toString();
  }

  @Test
  void aNameOrCourseThatAMailAppWouldTurnIntoALinkIsLeftOutOfTheMessage() {
    // Anyone may leave a lead with any e-mail: the school must not send a stranger's link in its name.
    for (String name : List.of("www.prize.example Иван", "http://prize.example", "prize.рф Анна", "ivan@prize.example")) {
      for (String course : List.of("Скидка 90% на prize.example", "https://prize.example/pay", "www.prize.example")) {
        RenderedMessage message =
            templates.render(
                MessageTemplate.NOT_REACHED,
                model.of(Map.of("course", course, "clientName", name), new Recipient(name, "anna@example.ru", null, null)));

        assertThat(message.subject() + message.body()).doesNotContain("prize");
        assertThat(message.body()).startsWith("Здравствуйте!\n").contains("Вы оставили заявку, и мы вам звонили");
      }
    }
    // A name that is a name still greets the client, HTML and all: a plain-text message shows it as typed.
    RenderedMessage plain =
        templates.render(
            MessageTemplate.NOT_REACHED,
            model.of(Map.of("course", "Python <3 и **Django**"), new Recipient("<b>Иван</b> Петров", "anna@example.ru", null, null)));
    assertThat(plain.body()).startsWith("Здравствуйте, <b>Иван</b>!\n").contains("на курс «Python <3 и **Django**»");
  }

  @Test
  void theNotReachedMailLeavesAfterTheAsyncBoundaryInRussianAndOnlyOnceEvenWhenTheJobRunsAgain() throws Exception {
    Lead lead = newLead(uniqueEmail());
    complete(lead, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    // The user task's transaction only leaves a job; nothing has gone out yet.
    Job job = messageJob(lead, "Activity_NotReachedMessage");
    assertThat(job).isNotNull();
    assertThat(MailServer.to(greenMail, lead.email())).isEmpty();

    management.executeJob(job.getId());

    List<MimeMessage> received = MailServer.to(greenMail, lead.email());
    assertThat(received).hasSize(1);
    MimeMessage mail = received.get(0);
    assertThat(mail.getSubject()).isEqualTo("Не смогли до вас дозвониться — Онлайн-школа");
    assertThat(mail.getAllRecipients()[0].toString()).contains(lead.email());
    assertThat(mail.getFrom()[0].toString()).contains("no-reply@onlineschool.example");
    assertThat(text(mail))
        .contains("Здравствуйте, Иван!")
        .contains("на курс «Python-разработчик»")
        .contains("перезвонить в удобное время или написать в чат");
    Outbox.Message row = outbox.find(lead.dealId(), "not-reached").orElseThrow();
    assertThat(row.status()).isEqualTo(Outbox.Status.SENT);
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(timeline(lead.dealId())).containsExactly("Отправлено клиенту по e-mail " + lead.email() + ": «Не смогли до вас дозвониться — Онлайн-школа»");

    // The same job again (a node that lost its lock, an operator's «retry»): nothing new leaves.
    clientMessage.send(lead.dealId(), MessageTemplate.NOT_REACHED, runtime.getVariables(lead.pi().getId()));

    assertThat(MailServer.to(greenMail, lead.email())).hasSize(1);
    assertThat(outbox.count(lead.dealId(), "not-reached")).isEqualTo(1);
    assertThat(timeline(lead.dealId())).hasSize(1);
  }

  @Test
  void theTrialInvitationCarriesTheLessonTimeInMoscowAndTheLink() throws Exception {
    Lead lead = newLead(uniqueEmail());
    complete(lead, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Интересуется Python, хочет сначала пробный урок");
    complete(lead, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", "2030-03-06T13:00:00Z", "lessonLink", "https://school.example/trial/42",
        "course", "Python-разработчик", "budget", 45000, "result", "Записал на пробный урок в среду в 16:00, ссылка в письме");

    management.executeJob(messageJob(lead, "Activity_TrialInvitation").getId());

    assertThat(deals.currentStage(lead.dealId())).contains(new Stage("TRIAL_SCHEDULED", "Назначен пробный урок"));
    MimeMessage mail = MailServer.to(greenMail, lead.email()).get(0);
    assertThat(mail.getSubject()).isEqualTo("Пробный урок по курсу «Python-разработчик» — 6 марта 2030 г., 16:00 (МСК)");
    assertThat(text(mail)).contains("Когда: 6 марта 2030 г., 16:00 (МСК)").contains("Ссылка на урок: https://school.example/trial/42");
  }

  @Test
  void aTrialTimeTypedIntoTheFormIsTheSchoolsTime() throws Exception {
    Lead lead = newLead(uniqueEmail());
    complete(lead, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Хочет попробовать, записываю на пробный");
    // What the trial form sends (timeSerializingFormat «no_timezone»): the wall time without offset,
    // whatever zone the manager's browser is in.
    complete(lead, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", "2030-03-06T16:00", "lessonLink", "https://school.example/trial/43",
        "course", "Python-разработчик", "budget", 45000, "result", "Пробный урок в среду в 16:00, приглашение уйдёт на почту");

    management.executeJob(messageJob(lead, "Activity_TrialInvitation").getId());

    MimeMessage mail = MailServer.to(greenMail, lead.email()).get(0);
    assertThat(mail.getSubject()).isEqualTo("Пробный урок по курсу «Python-разработчик» — 6 марта 2030 г., 16:00 (МСК)");
  }

  @Test
  void aFailedSendIsRetriedByTheCycleBecomesAnIncidentAndIsSentOnceWhenTheServerIsBack() throws Exception {
    Lead lead = newLead(uniqueEmail());
    complete(lead, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Абонент недоступен");
    Job job = messageJob(lead, "Activity_NotReachedMessage");
    JavaMailSenderImpl smtp = (JavaMailSenderImpl) mailSender;
    int port = smtp.getPort();
    try (ServerSocket closed = new ServerSocket(0)) {
      smtp.setPort(closed.getLocalPort() == port ? port + 1 : closed.getLocalPort());
    }
    try {
      // R5/PT5M: five attempts, each five minutes after the last failure, by the engine's clock.
      Date due = Date.from(LocalDateTime.parse("2030-03-05T10:00").atZone(MOSCOW).toInstant());
      for (int attempt = 1; attempt <= 5; attempt++) {
        ClockUtil.setCurrentTime(due);
        assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("не отправлено");
        Job retried = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(retried.getRetries()).as("after attempt %d", attempt).isEqualTo(5 - attempt);
        if (attempt < 5) {
          Date next = Date.from(due.toInstant().plus(Duration.ofMinutes(5)));
          assertThat(retried.getDuedate()).as("attempt %d is due five minutes later", attempt + 1).isEqualTo(next);
          assertThat(runtime.createIncidentQuery().processInstanceId(lead.pi().getId()).count()).isZero();
          due = next;
        }
      }
      Outbox.Message failed = outbox.find(lead.dealId(), "not-reached").orElseThrow();
      assertThat(failed.status()).isEqualTo(Outbox.Status.FAILED);
      assertThat(timeline(lead.dealId())).first().asString().startsWith("Не удалось отправить «Не смогли дозвониться");

      // The fifth failure is an incident, as Cockpit reads it (engine-rest, administrator).
      ResponseEntity<String> incidents =
          rest.withBasicAuth("admin", "demo").getForEntity("/engine-rest/incident?processInstanceId=" + lead.pi().getId(), String.class);
      assertThat(incidents.getStatusCode()).isEqualTo(HttpStatus.OK);
      JsonNode incident = new ObjectMapper().readTree(incidents.getBody());
      assertThat(incident).hasSize(1);
      assertThat(incident.get(0).path("incidentType").asText()).isEqualTo("failedJob");
      assertThat(incident.get(0).path("configuration").asText()).isEqualTo(job.getId());
      assertThat(incident.get(0).path("activityId").asText()).isEqualTo("Activity_NotReachedMessage");
    } finally {
      smtp.setPort(port);
    }
    assertThat(MailServer.to(greenMail, lead.email())).isEmpty();

    // The server is back; the operator presses «Retry» in Cockpit, which sets the job's retries.
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> retry =
        rest.withBasicAuth("admin", "demo")
            .exchange("/engine-rest/job/" + job.getId() + "/retries", HttpMethod.PUT, new HttpEntity<>("{\"retries\":1}", json), String.class);
    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createIncidentQuery().processInstanceId(lead.pi().getId()).count()).isZero();
    // The job executor (off in tests) would now pick the job up.
    management.executeJob(job.getId());

    assertThat(MailServer.to(greenMail, lead.email())).hasSize(1);
    Outbox.Message sent = outbox.find(lead.dealId(), "not-reached").orElseThrow();
    assertThat(sent.status()).isEqualTo(Outbox.Status.SENT);
    assertThat(sent.attempts()).isEqualTo(6);
    assertThat(timeline(lead.dealId())).last().asString().endsWith("(с попытки 6)");
    // The deal goes on: the recall after «не дозвонились» is planned.
    assertThat(management.createJobQuery().processInstanceId(lead.pi().getId()).activityId("Event_RecallDue").count()).isEqualTo(1);
  }

  @Test
  void aRunThatFindsTheMessageMidSendDoesNotSendItAgain() {
    Lead lead = newLead(uniqueEmail());
    complete(lead, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Сбросил звонок");
    Job job = messageJob(lead, "Activity_NotReachedMessage");
    // A previous run committed SENDING, talked to the SMTP server and died before recording SENT.
    RenderedMessage message = new RenderedMessage("not-reached", MessageTemplate.NOT_REACHED.title(), "тема", "текст");
    outbox.queueOnce(lead.dealId(), message, Outbox.CHANNEL_EMAIL, lead.email(), Instant.now());
    long id = outbox.find(lead.dealId(), "not-reached").orElseThrow().id();
    outbox.markSending(id, Instant.now());

    management.executeJob(job.getId());

    assertThat(MailServer.to(greenMail, lead.email())).isEmpty();
    assertThat(outbox.find(lead.dealId(), "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.UNCERTAIN);
    assertThat(timeline(lead.dealId())).singleElement().asString().contains("могло уйти клиенту").contains("Повторно не отправляем");
    assertThat(lead.pi()).isNotNull();
    assertThat(management.createJobQuery().processInstanceId(lead.pi().getId()).activityId("Event_RecallDue").count()).isEqualTo(1);
  }

  @Test
  void withoutAnSmtpServerMessagesStayInTheOutboxMarkedNotDelivered() {
    ClientMessage demo =
        new ClientMessage(outbox, deals, templates, model,
            List.of(new EmailChannel(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), new MailProperties(null, null))),
            contacts, transactions, new MessengerProperties(false, null, null, null, null), telegramLinks);
    String email = uniqueEmail();
    long withEmail = dealFor(email);
    long phoneOnly = dealFor(null);

    demo.send(withEmail, MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));
    demo.send(phoneOnly, MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));
    demo.send(phoneOnly, MessageTemplate.NOT_REACHED, Map.of("course", "Python-разработчик"));

    assertThat(outbox.find(withEmail, "not-reached").orElseThrow().status()).isEqualTo(Outbox.Status.QUEUED);
    assertThat(timeline(withEmail)).containsExactly(
        "НЕ ОТПРАВЛЕНО: почтовый сервер не настроен (spring.mail.host), сообщение «Не смогли до вас дозвониться — Онлайн-школа» для "
            + email + " осталось в очереди.");
    Outbox.Message messenger = outbox.find(phoneOnly, "not-reached").orElseThrow();
    assertThat(messenger.channel()).isEqualTo(Outbox.CHANNEL_MESSENGER);
    assertThat(messenger.status()).isEqualTo(Outbox.Status.QUEUED);
    assertThat(timeline(phoneOnly)).singleElement().asString()
        .startsWith("НЕ ОТПРАВЛЕНО: у клиента нет e-mail, а канал мессенджера не подключён. В мессенджер (" + messenger.recipient() + ") ушло бы:")
        .contains("Здравствуйте, Иван!");
    assertThat(MailServer.to(greenMail, email)).isEmpty();
  }

  long dealFor(String email) {
    long contact = deals.createContact(new NewContact("Иван Петров", TestPhones.unique(), email, null), Instant.now());
    return deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contact, "Python-разработчик", "С лендинга курса", null), Instant.now());
  }
}
