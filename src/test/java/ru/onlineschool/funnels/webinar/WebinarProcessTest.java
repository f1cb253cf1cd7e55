package ru.onlineschool.funnels.webinar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.reanimation.Reanimation;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.MailServer;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Every path of «Вебинар» with time moved: messages relative to the start (and skipped when
 * past), a moved webinar, attendance and the manager's call, the hand-over to «Продажа курса».
 * The class fails unless all flow nodes and sequence flows of webinar.bpmn are covered.
 */
@ProcessTest
class WebinarProcessTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired WebinarRegistrations registrations;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired GreenMail greenMail;
  @Autowired JdbcTemplate jdbc;

  private static int webinarSeq = 0;

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager2"), "test", Instant.now()));
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
  }

  static Date moscow(String local) {
    return Date.from(LocalDateTime.parse(local).atZone(MOSCOW).toInstant());
  }

  static void setClock(String local) {
    ClockUtil.setCurrentTime(moscow(local));
  }

  record Registrant(ProcessInstance pi, long dealId, String email, String webinarId) {}

  Registrant register(String startsAt) {
    String webinarId = "test-webinar-" + (++webinarSeq) + "-" + System.nanoTime();
    return register(webinarId, startsAt);
  }

  Registrant register(String webinarId, String startsAt) {
    String phone = TestPhones.unique();
    String email = "w" + phone.substring(2) + "@example.ru";
    var answer =
        registrations.register(
            webinarId,
            new WebinarRequests.ValidRegistration(
                "Анна Иванова", phone, email, "Как войти в IT", OffsetDateTime.parse(startsAt), 90, "https://webinar.example/it"),
            null,
            null);
    assertThat(answer.status()).isEqualTo(201);
    long dealId = Long.parseLong(answer.body().replaceAll(".*\"dealId\":(\\d+).*", "$1"));
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult();
    return new Registrant(pi, dealId, email, webinarId);
  }

  void runMessages(Registrant r) {
    MessageJobs.run(management, r.pi().getId());
  }

  Job timer(Registrant r, String activity) {
    return management.createJobQuery().processInstanceId(r.pi().getId()).activityId(activity).timers().singleResult();
  }

  void fire(Registrant r, String activity) {
    Job job = timer(r, activity);
    assertThat(job).as("timer %s", activity).isNotNull();
    ClockUtil.setCurrentTime(job.getDuedate());
    management.executeJob(job.getId());
    runMessages(r);
  }

  List<String> subjects(Registrant r) {
    return MailServer.to(greenMail, r.email()).stream().map(WebinarProcessTest::subject).toList();
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Stage stage(long dealId) {
    return deals.currentStage(dealId).orElseThrow();
  }

  void attend(Registrant r) {
    var answer = registrations.attendance(r.webinarId(), List.of(new WebinarRequests.ValidAttendee(null, null, r.email())), null, null);
    assertThat(answer.body()).contains("\"attended\":[" + r.dealId() + "]");
    runMessages(r);
  }

  /** Completes «Позвонить участнику вебинара» with exactly the answers given, the typed «Результат» among them. */
  void completeCall(Registrant r, Object... keyValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vars.put((String) keyValues[i], keyValues[i + 1]);
    }
    Task task = tasks.createTaskQuery().processInstanceId(r.pi().getId()).taskDefinitionKey("Activity_CallAttendee").singleResult();
    tasks.complete(task.getId(), vars);
    runMessages(r);
  }

  @Test
  void anEarlyRegistrantGetsEveryMessageOnTimeAttendsAndBecomesAQualifiedSale() throws Exception {
    setClock("2030-03-01T10:00");
    Registrant r = register("2030-03-05T19:00:00+03:00");
    assertThat(stage(r.dealId())).isEqualTo(new Stage("REGISTERED", "Зарегистрирован на вебинар"));
    assertThat(subjects(r)).isEmpty();

    runMessages(r);

    assertThat(stage(r.dealId())).isEqualTo(new Stage("INVITED", "Приглашение выслано"));
    assertThat(subjects(r)).containsExactly("Вы зарегистрированы на вебинар «Как войти в IT»", "Как подготовиться к вебинару «Как войти в IT»");
    MimeMessage confirmation = MailServer.to(greenMail, r.email()).get(0);
    assertThat(confirmation.getContent().toString())
        .contains("Здравствуйте, Анна!", "Когда: 5 марта 2030 г., 19:00 (МСК)", "Ссылка для входа: https://webinar.example/it");
    assertThat(r.pi()).isWaitingAt(Webinar.UNTIL_OVER_ACTIVITY);
    assertThat(timer(r, "Event_DayBefore").getDuedate()).isEqualTo(moscow("2030-03-04T19:00"));
    assertThat(timer(r, "Event_DayAfterRegistration").getDuedate()).isEqualTo(moscow("2030-03-02T10:00"));

    fire(r, "Event_DayAfterRegistration");
    assertThat(subjects(r)).last().isEqualTo("Что вас ждёт на вебинаре «Как войти в IT»");
    fire(r, "Event_DayBefore");
    assertThat(subjects(r)).last().isEqualTo("Завтра вебинар «Как войти в IT»");
    assertThat(timer(r, "Event_HoursBefore").getDuedate()).isEqualTo(moscow("2030-03-05T15:00"));
    fire(r, "Event_HoursBefore");
    assertThat(subjects(r)).last().isEqualTo("Через 4 часа начинаем вебинар «Как войти в IT»");
    // The end (19:00 + 90 minutes) plus the default grace of 2 hours.
    assertThat(timer(r, "Event_WebinarOver").getDuedate()).isEqualTo(moscow("2030-03-05T22:30"));

    setClock("2030-03-05T20:40");
    attend(r);

    assertThat(stage(r.dealId())).isEqualTo(new Stage("ATTENDED", "Посетил вебинар"));
    assertThat(subjects(r)).last().isEqualTo("Спасибо, что были на вебинаре «Как войти в IT»");
    Task call = tasks.createTaskQuery().processInstanceId(r.pi().getId()).taskDefinitionKey("Activity_CallAttendee").singleResult();
    assertThat(call.getName()).isEqualTo("Позвонить участнику вебинара");
    assertThat(call.getAssignee()).isEqualTo("manager2");
    assertThat(call.getDueDate()).isEqualTo(moscow("2030-03-06T12:40"));

    completeCall(r, "outcome", "NEED_IDENTIFIED", "course", "Python-разработчик", "result", "После вебинара загорелась Python, хочет на курс с апреля");

    assertThat(r.pi()).isEnded().hasPassed("Activity_HandOverToSale", "Event_HandedOver");
    assertThat(stage(r.dealId())).isEqualTo(new Stage("NEED_IDENTIFIED", "Выявлена потребность"));
    assertThat(jdbc.queryForObject("SELECT outcome FROM deal WHERE id = ?", String.class, r.dealId())).isEqualTo("WON");
    long sale = jdbc.queryForObject("SELECT id FROM deal WHERE parent_deal_id = ? AND funnel = 'course-sale'", Long.class, r.dealId());
    assertThat(stage(sale)).isEqualTo(new Stage("QUALIFIED", "Квалифицирован"));
    ProcessInstance salePi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(sale)).singleResult();
    assertThat(salePi).isWaitingAt("Activity_PrepareOffer");
    assertThat(tasks.createTaskQuery().processInstanceId(salePi.getId()).singleResult().getAssignee()).isEqualTo("manager2");
    assertThat(runtime.getVariable(salePi.getId(), CourseSale.LEAD_TYPE)).isEqualTo("С вебинара");
    assertThat(deals.timeline(sale)).extracting(TimelineEntry::text)
        .anyMatch(t -> t.startsWith("Клиент пришёл с вебинара «Как войти в IT»"))
        .anyMatch(t -> t.contains("«Позвонить участнику вебинара»: После вебинара загорелась Python, хочет на курс с апреля"));
    // Every message went out once.
    assertThat(subjects(r)).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void aLateRegistrantSkipsPastRemindersAndANoShowGetsTheRecording() throws Exception {
    setClock("2030-03-05T16:00");
    Registrant r = register("2030-03-05T19:00:00+03:00");
    runMessages(r);

    assertThat(timer(r, "Event_DayBefore")).isNull();
    assertThat(timer(r, "Event_HoursBefore")).isNull();
    fire(r, "Event_WebinarOver");

    assertThat(r.pi()).isEnded().hasPassed("Event_NoAttendance", "Activity_RecordingMessage", "Event_LostNoShow");
    assertThat(stage(r.dealId())).isEqualTo(new Stage("LOST", "Закрыто не реализовано"));
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, r.dealId())).isEqualTo("Не пришел на вебинар");
    assertThat(subjects(r)).containsExactly(
        "Вы зарегистрированы на вебинар «Как войти в IT»", "Как подготовиться к вебинару «Как войти в IT»", "Запись вебинара «Как войти в IT»");
    assertThat(MailServer.to(greenMail, r.email()).get(2).getContent().toString()).contains("Мы сохранили запись");

    // Attendance reported after the decision changes nothing.
    var late = registrations.attendance(r.webinarId(), List.of(new WebinarRequests.ValidAttendee(r.dealId(), null, null)), null, null);
    assertThat(late.body()).contains("\"attended\":[]", "\"notMatched\":[0]");
  }

  @Test
  void aMovedWebinarMovesTheRemindersAndAnUninterestedAttendeeGetsTheFollowUp() {
    setClock("2030-03-01T10:00");
    Registrant r = register("2030-03-05T19:00:00+03:00");
    runMessages(r);
    assertThat(timer(r, "Event_DayBefore").getDuedate()).isEqualTo(moscow("2030-03-04T19:00"));

    // Moved to the same evening: the 24-hour reminder is already past and skipped.
    var moved = registrations.move(r.webinarId(), OffsetDateTime.parse("2030-03-01T20:00:00+03:00"));

    assertThat(moved.registrations()).isEqualTo(1);
    assertThat(r.pi()).isWaitingAt(Webinar.UNTIL_OVER_ACTIVITY);
    assertThat(timer(r, "Event_DayBefore")).isNull();
    assertThat(timer(r, "Event_HoursBefore").getDuedate()).isEqualTo(moscow("2030-03-01T16:00"));
    assertThat(runtime.getVariable(r.pi().getId(), Webinar.STARTS_AT)).isEqualTo("2030-03-01T20:00+03:00");
    fire(r, "Event_HoursBefore");
    assertThat(subjects(r)).last().isEqualTo("Через 4 часа начинаем вебинар «Как войти в IT»");
    assertThat(MailServer.to(greenMail, r.email())).last().satisfies(m -> assertThat(m.getContent().toString()).contains("1 марта 2030 г., 20:00 (МСК)"));

    setClock("2030-03-01T21:00");
    attend(r);
    completeCall(r, "outcome", "NOT_INTERESTED", "result", "Была на вебинаре из любопытства, учиться не планирует");

    assertThat(r.pi()).isEnded().hasPassed("Activity_FollowUpMessage", "Event_LostNotInterested");
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, r.dealId()))
        .isEqualTo("Был на вебинаре, но не заинтересовало");
    assertThat(subjects(r)).last().isEqualTo("Полезные материалы после вебинара «Как войти в IT»");
  }

  /** The calls of the deal's history, in order. */
  List<String> callTimeline(Registrant r) {
    return deals.timeline(r.dealId()).stream().filter(e -> e.kind() == TimelineKind.CALL).map(TimelineEntry::text).toList();
  }

  /**
   * The webinar call has «Просил перезвонить» (the call comes again at the named time) and «Не
   * дозвонился»: the attendee has the offer by e-mail, so a silent one gets the attempts of
   * «Недозвон после предложения» (seed 000 §2.4) with a message, then the deal closes with
   * «Перестал выходить на связь» and «Реанимация» takes it.
   */
  @Test
  void anAttendeeWhoAskedToBeCalledBackAndThenWentSilentGetsTheAttemptsAfterTheOfferThenReanimation() {
    setClock("2030-03-04T09:00");
    Registrant r = register("2030-03-04T11:00:00+03:00");
    runMessages(r);
    setClock("2030-03-04T12:40");
    attend(r);

    completeCall(r, "outcome", "CALL_BACK", "callBackAt", "2030-03-04T16:00", "result", "На работе, просила перезвонить в 16:00");

    assertThat(timer(r, "Event_CallBackDue").getDuedate()).isEqualTo(moscow("2030-03-04T16:00"));
    assertThat(callTimeline(r)).endsWith("Перезвон назначен на 04.03 16:00 (звонок после вебинара — клиент просил перезвонить)");
    fire(r, "Event_CallBackDue");
    Task again = tasks.createTaskQuery().processInstanceId(r.pi().getId()).taskDefinitionKey("Activity_CallAttendee").singleResult();
    assertThat(again.getName()).isEqualTo("Позвонить участнику вебинара");
    assertThat(again.getAssignee()).isEqualTo("manager2");

    completeCall(r, "outcome", "NOT_REACHED", "result", "Не ответил");

    assertThat(subjects(r)).filteredOn(subject -> subject.startsWith("Не смогли до вас дозвониться по предложению")).hasSize(1);
    String[][] expected = {
      {"2030-03-05T10:00", "Перезвонить после предложения, попытка 1 из 4: день 2 зв 2"},
      {"2030-03-05T18:00", "Перезвонить после предложения, попытка 2 из 4: день 2 зв 3 (вечером)"},
      {"2030-03-06T10:00", "Перезвонить после предложения, попытка 3 из 4: день 3 зв 4"},
      {"2030-03-06T18:00", "Перезвонить после предложения, попытка 4 из 4: день 3 зв 5 (вечером)"},
    };
    for (String[] call : expected) {
      assertThat(timer(r, "Event_SilentCallDue").getDuedate()).isEqualTo(moscow(call[0]));
      fire(r, "Event_SilentCallDue");
      Task task = tasks.createTaskQuery().processInstanceId(r.pi().getId()).taskDefinitionKey("Activity_SilentCall").singleResult();
      assertThat(task.getName()).isEqualTo(call[1]);
      assertThat(task.getAssignee()).isEqualTo("manager2");
      tasks.complete(task.getId(), Map.of("outcome", "NOT_REACHED", "result", "Не ответил"));
      runMessages(r);
    }

    assertThat(r.pi()).isEnded().hasPassed("Event_ReanimateSilent", "Event_SilentClosed").hasNotPassed("Event_LostNotInterested");
    assertThat(stage(r.dealId())).isEqualTo(new Stage("LOST", "Закрыто не реализовано"));
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, r.dealId())).isEqualTo("Перестал выходить на связь");
    assertThat(subjects(r)).filteredOn(subject -> subject.startsWith("Не смогли до вас дозвониться по предложению")).hasSize(1);
    assertThat(callTimeline(r))
        .endsWith(
            "Недозвон после предложения: клиент не ответил на звонок",
            "Перезвон назначен на 05.03 10:00 (после предложения, попытка 1 из 4: день 2 зв 2)",
            "Недозвон после предложения: попытка 1 не удалась",
            "Перезвон назначен на 05.03 18:00 (после предложения, попытка 2 из 4: день 2 зв 3 (вечером))",
            "Недозвон после предложения: попытка 2 не удалась",
            "Перезвон назначен на 06.03 10:00 (после предложения, попытка 3 из 4: день 3 зв 4)",
            "Недозвон после предложения: попытка 3 не удалась",
            "Перезвон назначен на 06.03 18:00 (после предложения, попытка 4 из 4: день 3 зв 5 (вечером))",
            "Недозвон после предложения: попытка 4 не удалась");
    ProcessInstance reanimation =
        runtime.createProcessInstanceQuery()
            .processDefinitionKey(Reanimation.PROCESS_KEY)
            .variableValueEquals(Reanimation.ORIGINAL_DEAL_ID, r.dealId())
            .singleResult();
    assertThat(reanimation).as("«Реанимация» of the silent attendee").isNotNull();
    assertThat(runtime.getVariable(reanimation.getId(), Reanimation.ORIGINAL_LOSS_REASON)).isEqualTo("Перестал выходить на связь");
  }
}
