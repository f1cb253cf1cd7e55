package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealCardQuery;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.CourseSaleLeads;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The client's time (issue 17, «The client's time»): his zone and the time he named bind every
 * planned call — never outside his 09:00–21:00 or his window, never outside the school's hours;
 * when both cannot hold, the school's hours win and the task says so. The history and the card's
 * next touch show both clocks. The school is in Moscow; time is moved by the engine's clock.
 */
@ProcessTest
class ClientTimeProcessTest {

  static final ZoneId VLADIVOSTOK = ZoneId.of("Asia/Vladivostok");
  static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");

  @Autowired ProcessEngine engine;
  @Autowired ProcessDriver driver;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;
  @Autowired ContactDirectory contacts;
  @Autowired DealCardQuery cards;
  @Autowired org.camunda.bpm.engine.ManagementService management;
  @Autowired ru.onlineschool.funnels.messaging.Outbox outbox;

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
    driver.onlyAvailable("manager1");
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    driver.everybodyAvailable();
  }

  /** A new lead of a client with this time, started at the engine's present moment. */
  ProcessInstance lead(ClientTime time) {
    String phone = TestPhones.unique();
    Instant now = ClockUtil.getCurrentTime().toInstant();
    long contact = deals.createContact(new NewContact("Олег Часовой", phone, null, null), now);
    contacts.noteClientTime(contact, time);
    return CourseSaleLeads.start(runtime, deals, contact, "Олег Часовой", phone, null);
  }

  long dealOf(ProcessInstance pi) {
    return Long.parseLong(pi.getBusinessKey());
  }

  List<String> callTimeline(ProcessInstance pi) {
    return deals.timeline(dealOf(pi)).stream().filter(e -> e.kind() == TimelineKind.CALL).map(TimelineEntry::text).toList();
  }

  /**
   * A client in Vladivostok (UTC+10) missed at 12:00 Moscow: three working hours later is 15:00 in
   * Moscow but 22:00 for him, so the recall comes next morning, at 09:00 Moscow — 16:00 his time.
   */
  @Test
  void aVladivostokClientMissedAtNoonIsNotRecalledAtTenPmHisTimeButNextMorning() {
    ProcessDriver.setClock("2030-03-05T12:00");
    ProcessInstance pi = lead(new ClientTime(VLADIVOSTOK, null, null));

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку, во Владивостоке уже вечер");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T09:00")));
    assertThat(callTimeline(pi))
        .containsExactly("Недозвон: попытка 1", "Перезвон назначен на 06.03 09:00 по Москве (16:00 у клиента, Владивосток) (день 2 зв 2)");
    assertThat(cards.card(dealOf(pi)).orElseThrow().nextTouch().text())
        .isEqualTo("Следующий звонок: завтра, 09:00 по Москве (16:00 у клиента, Владивосток) — день 2 зв 2");
    ProcessDriver.setClock("2030-03-06T09:00");
    driver.fire(pi, "Event_RecallDue");
    Task recall = driver.task(pi, "Activity_Recall");
    assertThat(recall.getName()).isEqualTo("Перезвонить: день 2 зв 2");
    assertThat(recall.getDescription()).startsWith("Регламент перезвонов");
  }

  /** A call-back the manager set for 15:00 Moscow, 22:00 for the Vladivostok client, moves to his morning too. */
  @Test
  void aCallBackAtNightForTheClientMovesToHisDay() {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(new ClientTime(VLADIVOSTOK, null, null));

    driver.complete(pi, "Activity_ProcessLead", "outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-03-05T15:00"), "result", "Ответил, просил перезвонить в 15:00");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T09:00")));
    assertThat(callTimeline(pi))
        .containsExactly("Перезвон назначен на 06.03 09:00 по Москве (16:00 у клиента, Владивосток) (день 1 зв 1 — просил перезвонить)");
  }

  /** «Звонить после 18:00»: a miss at 10:00 would be recalled at 13:00; the client gets his 18:00. */
  @Test
  void aClientWhoAskedForCallsAfterSixIsRecalledAtSix() {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(new ClientTime(null, LocalTime.of(18, 0), null));

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не ответил, в заявке просил звонить после 18:00");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T18:00")));
    ProcessDriver.setClock("2030-03-05T18:00");
    driver.fire(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 1 зв 2 (вечером)");
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 05.03 18:00 (день 1 зв 2 (вечером))");
  }

  /** The window is the client's clock: «после 18:00» in Yekaterinburg (UTC+5) is 16:00 in Moscow. */
  @Test
  void aWindowIsReadOnTheClientsClock() {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(new ClientTime(YEKATERINBURG, LocalTime.of(18, 0), null));

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T16:00")));
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 05.03 16:00 по Москве (18:00 у клиента, Екатеринбург) (день 1 зв 2 (вечером))");
    assertThat(cards.card(dealOf(pi)).orElseThrow().nextTouch().text())
        .isEqualTo("Следующий звонок: сегодня, 16:00 по Москве (18:00 у клиента, Екатеринбург) — день 1 зв 2 (вечером)");
  }

  /**
   * «До 10:00» in Vladivostok is 02:00–03:00 in Moscow, when the school does not work: no moment
   * keeps both, the school's hours win (within the client's 09:00–21:00 still), and the task and the
   * history say the call is outside the client's convenient time.
   */
  @Test
  void whenTheSchoolsHoursAndTheClientsWindowNeverMeetTheSchoolWinsAndTheTaskSaysSo() {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(new ClientTime(VLADIVOSTOK, null, LocalTime.of(10, 0)));

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не дозвонилась, абонент вне сети");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T13:00")));
    assertThat(callTimeline(pi))
        .contains("Перезвон назначен на 05.03 13:00 по Москве (20:00 у клиента, Владивосток) (день 1 зв 2 — вне удобного клиенту времени)");
    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(pi, "Event_RecallDue");
    Task recall = driver.task(pi, "Activity_Recall");
    assertThat(recall.getName()).isEqualTo("Перезвонить: день 1 зв 2");
    assertThat(recall.getDescription()).isEqualTo("вне удобного клиенту времени");
    assertThat(cards.card(dealOf(pi)).orElseThrow().nextTouch().text()).endsWith("— день 1 зв 2 — вне удобного клиенту времени");
  }

  /** Drives a lead of this client through a trial lesson held on 06.03 to «Запросить обратную связь и выставить счёт». */
  ProcessInstance trialHeld(ClientTime time) {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(time);
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Интерес подтвердил, хочет пробный урок");
    driver.complete(pi, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-06T11:00"), "lessonLink", "https://school.example/trial",
        "course", "Python-разработчик", "budget", 45000, "result", "Записала на пробный урок в среду в 11:00 по Москве, ссылку отправила");
    ProcessDriver.setClock("2030-03-06T12:00");
    driver.fire(pi, "Event_BeforeTrial");
    driver.fire(pi, "Event_AfterTrial");
    driver.complete(pi, "Activity_MarkTrial", "outcome", "HELD", "result", "Урок прошёл, вопросов по программе нет");
    return pi;
  }

  /**
   * «Нужно подумать» at 17:00 Moscow: a day later is 00:00 in Vladivostok, so the call comes at the
   * first school hour of his day; a moment the manager names at night for the client is refused,
   * naming the nearest one that suits.
   */
  @Test
  void theDecisionCallKeepsToTheClientsDay() {
    ProcessInstance pi = trialHeld(new ClientTime(VLADIVOSTOK, null, null));
    ProcessDriver.setClock("2030-03-06T17:00");
    String id = driver.task(pi, "Activity_RequestFeedback").getId();

    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "THINK", "decisionCallAt", "2030-03-09T20:00", "result", "Думает")))
        .hasMessageContaining(
            "«Когда позвонить: дата»: 09.03 20:00 по Москве (10.03 03:00 у клиента, Владивосток) — неудобное клиенту время;"
                + " ближайшее удобное — 10.03 09:00 по Москве (16:00 у клиента, Владивосток)");
    assertThat(pi).isWaitingAt("Activity_RequestFeedback");

    driver.complete(pi, "Activity_RequestFeedback", "outcome", "THINK", "result", "Понравилось, хочет подумать до выходных");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-08T09:00")));
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 08.03 09:00 по Москве (16:00 у клиента, Владивосток) (клиент думает — узнать решение)");
  }
  /**
   * The payment reminder call keeps to the client's day: the reminder fires a day after the invoice,
   * at 10:00 Moscow; four working hours later is 14:00 in Moscow but 21:00 in Vladivostok, so the
   * call is due at the first school hour of his next day.
   */
  @Test
  void thePaymentReminderCallIsDueInTheClientsDay() {
    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance pi = lead(new ClientTime(VLADIVOSTOK, null, null));
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Хочет курс, просит счёт");
    driver.complete(
        pi, "Activity_PrepareOffer", "outcome", "INVOICE", "course", "Python-разработчик", "budget", 45000, "invoiceDeadline", "2030-03-12",
        "result", "Счёт на почту, оплатит до 12-го");
    ProcessDriver.setClock("2030-03-06T10:00");

    driver.fire(pi, "Event_PaymentReminderDue");

    Task call = driver.task(pi, "Activity_PaymentReminderCall");
    assertThat(call.getName()).isEqualTo("Позвонить: напоминание об оплате (1 из 3)");
    assertThat(call.getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T09:00")));
  }
  /**
   * The payment reminders (a message and a call a day, three days) keep to the client's day: an
   * invoice sent at 19:00 Moscow to a client in Vladivostok would remind him at 02:00 his time a day
   * later; the first reminder comes at the first school hour of his day instead, the next two at the
   * same hour on the following days, and there is no fourth.
   */
  @Test
  void paymentRemindersComeInTheClientsDay() {
    ProcessDriver.setClock("2030-03-05T19:00");
    ProcessInstance pi = lead(new ClientTime(VLADIVOSTOK, null, null));
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Хочет курс, просит счёт");
    driver.complete(
        pi, "Activity_PrepareOffer", "outcome", "INVOICE", "course", "Python-разработчик", "budget", 45000, "invoiceDeadline", "2030-03-12",
        "result", "Счёт на почту, оплатит до 12-го");

    for (String day : List.of("2030-03-07", "2030-03-08", "2030-03-09")) {
      assertThat(driver.due(pi, "Event_PaymentReminderDue")).isEqualTo(Date.from(ProcessDriver.moscow(day + "T09:00")));
      ProcessDriver.setClock(day + "T09:00");
      driver.fire(pi, "Event_PaymentReminderDue");
      driver.complete(pi, "Activity_PaymentReminderCall", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    }
    // The job executor fires a timer after its moment; with the clock standing exactly at it, the
    // engine may leave one more firing, which «Три напоминания уже были?» ends.
    ProcessDriver.setClock("2030-03-10T12:00");
    while (management.createJobQuery().processInstanceId(pi.getId()).activityId("Event_PaymentReminderDue").count() > 0) {
      driver.fire(pi, "Event_PaymentReminderDue");
    }
    assertThat(outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().startsWith("payment-reminder-")).count()).isEqualTo(3);
    assertThat(driver.task(pi, "Activity_PaymentReminderCall")).isNull();
    assertThat(pi).isWaitingAt("Activity_AwaitPayment");
  }
  /**
   * The card says what the deal waits for, not «Следующий шаг по плану»: the silent client's next
   * attempt by its name, the call about the decision, the client's call-back.
   */
  @Test
  void theCardNamesTheCallTheDealWaitsFor() {
    ProcessInstance silent = trialHeld(new ClientTime(null, null, null));
    ProcessDriver.setClock("2030-03-07T10:00");
    driver.complete(silent, "Activity_RequestFeedback", "outcome", "NOT_REACHED", "result", "Не берёт трубку");

    assertThat(cards.card(dealOf(silent)).orElseThrow().nextTouch().text())
        .isEqualTo("Следующий звонок: сегодня, 18:00 — после предложения, попытка 1 из 4: день 1 зв 2 (вечером)");

    ProcessInstance thinking = trialHeld(new ClientTime(null, null, null));
    ProcessDriver.setClock("2030-03-07T10:00");
    driver.complete(thinking, "Activity_RequestFeedback", "outcome", "CALL_BACK", "decisionCallAt", "2030-03-08T12:30", "result", "Просил перезвонить завтра после обеда");

    assertThat(cards.card(dealOf(thinking)).orElseThrow().nextTouch().text())
        .isEqualTo("Следующий звонок: завтра, 12:30 — узнать решение (просил перезвонить)");
  }
}
