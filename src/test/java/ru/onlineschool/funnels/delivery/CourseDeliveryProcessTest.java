package ru.onlineschool.funnels.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import ru.onlineschool.funnels.support.CourseDeliveries;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.workplace.ManualTasks;

/**
 * Every path of «Ведение курса», with time moved: stages, curator, timers before and during the
 * course, date changes, the student who quits. Fails unless every flow node and sequence flow of
 * the model is covered.
 */
@ProcessTest
class CourseDeliveryProcessTest {

  /** A Tuesday, 10:00 in Moscow. */
  static final String NOW = "2030-03-05T10:00";

  @Autowired ProcessEngine engine;
  @Autowired ProcessDriver driver;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired DealStore deals;
  @Autowired SmartDistribution availability;
  @Autowired CourseSchedule schedule;
  @Autowired JdbcTemplate jdbc;
  @Autowired ManualTasks manualTasks;

  private static int phoneSeq = 5000;

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
    ProcessDriver.setClock(NOW);
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    availability.setAvailability("curator1", true, "test", Instant.now());
    if (identity.createUserQuery().userId("curator2").count() > 0) {
      identity.deleteUser("curator2");
    }
  }

  // ---------------------------------------------------------------- fixtures




  ProcessInstance start(String startDate, String endDate) {
    String phone = "+7916" + String.format("%07d", phoneSeq++);
    return CourseDeliveries.start(
        runtime, deals, "Ольга Ученица", phone, "olga" + phoneSeq + "@example.ru", "Python-разработчик", "ПР.16.03.30", startDate, endDate);
  }

  /** A course from Saturday 16 March to 15 June 2030. */
  ProcessInstance scheduled() {
    return start("2030-03-16", "2030-06-15");
  }






  long dealOf(ProcessInstance pi) {
    return Long.parseLong(pi.getBusinessKey());
  }

  Stage stage(ProcessInstance pi) {
    return deals.currentStage(dealOf(pi)).orElseThrow();
  }

  String column(ProcessInstance pi, String column) {
    return jdbc.queryForObject("SELECT " + column + " FROM deal WHERE id = ?", String.class, dealOf(pi));
  }

  /** Drives a scheduled course to the start-of-course timer. */
  ProcessInstance materialsReceived() {
    ProcessInstance pi = scheduled();
    driver.fireWhenDue(pi, "Event_NotifyDue");
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Позвонила, напомнила о старте 16.03, доступы и материалы отправила на почту");
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");
    driver.complete(pi, "Activity_CheckMaterials", "outcome", "RECEIVED", "result", "Материалы получила, в личный кабинет зашла");
    return pi;
  }

  /** Drives a scheduled course into «Прохождение курса». */
  ProcessInstance running() {
    ProcessInstance pi = materialsReceived();
    driver.fireWhenDue(pi, "Event_CourseStarts");
    return pi;
  }

  void assertLost(ProcessInstance pi, String reason) {
    assertThat(pi).isEnded();
    assertThat(stage(pi)).isEqualTo(new Stage("LOST", "Закрыто не реализовано"));
    assertThat(column(pi, "outcome")).isEqualTo("LOST");
    assertThat(column(pi, "loss_reason")).isEqualTo(reason);
  }

  // ---------------------------------------------------------------- «Задача по договорённости»

  @Test
  void theCuratorSetsATaskDuringTheCourseAndClosesItWithAWrittenResult() {
    ProcessInstance pi = running();
    identity.setAuthentication("curator1", List.of("curators"));
    ManualTasks.Created created;
    try {
      created = manualTasks.set(dealOf(pi), "Напомнить про домашнее задание 3", ProcessDriver.moscow("2030-03-20T18:00"));
    } finally {
      identity.clearAuthentication();
    }

    Task task = tasks.createTaskQuery().taskId(created.taskId()).singleResult();
    assertThat(task.getName()).isEqualTo("По договорённости: Напомнить про домашнее задание 3");
    assertThat(task.getAssignee()).isEqualTo("curator1");
    assertThat(task.getDueDate()).isEqualTo(ProcessDriver.at("2030-03-20T18:00"));
    assertThat(stage(pi).code()).isEqualTo("IN_PROGRESS");
    assertThatThrownBy(() -> tasks.complete(task.getId(), Map.of("result", " "))).hasMessageContaining("Результат");

    tasks.complete(task.getId(), Map.of("result", "Напомнила, ученица сдаст в пятницу"));

    assertThat(pi).hasPassed("Event_ManualTaskDone").isNotEnded();
    assertThat(deals.timeline(dealOf(pi))).extracting(TimelineEntry::text)
        .contains(
            "Поставлена задача на 20.03.2030 18:00: «Напомнить про домашнее задание 3»",
            "«По договорённости: Напомнить про домашнее задание 3»: Напомнила, ученица сдаст в пятницу");
  }

  /**
   * «Уведомление отправлено» without a word of what was said is refused, in Russian, as the form
   * refuses it: the task stays open with the same id, the stage does not move and the history gets
   * no result line; with the result typed, the same task closes and the history keeps exactly it.
   */
  @Test
  void theCuratorCannotMarkTheStudentNotifiedWithoutAWrittenResult() {
    ProcessInstance pi = scheduled();
    driver.fireWhenDue(pi, "Event_NotifyDue");
    Task notify = driver.task(pi, "Activity_NotifyStudent");

    assertThatThrownBy(() -> driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED"))
        .hasMessageContaining("Заполните «Результат»: без письменного результата задачу не закрыть");

    assertThat(pi).isWaitingAt("Activity_NotifyStudent");
    assertThat(driver.task(pi, "Activity_NotifyStudent").getId()).isEqualTo(notify.getId());
    assertThat(stage(pi)).isEqualTo(new Stage("SCHEDULED", "Начало курса назначено"));
    assertThat(deals.timeline(dealOf(pi))).noneMatch(e -> e.kind() == TimelineKind.TASK_RESULT);

    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Дозвонилась, напомнила о старте 16.03, доступы отправила на почту");

    assertThat(stage(pi)).isEqualTo(new Stage("NOTIFIED", "Уведомление и материалы направлены"));
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.TASK_RESULT).extracting(TimelineEntry::text)
        .containsExactly("«Оповестить ученика и отправить материалы и доступы»: Дозвонилась, напомнила о старте 16.03, доступы отправила на почту");
  }

  // ---------------------------------------------------------------- the whole course

  @Test
  void aPaidCourseGoesFromNotificationThroughMonthlyFeedbackToCertificateReviewAndWon() {
    ProcessInstance pi = scheduled();

    assertThat(stage(pi)).isEqualTo(new Stage("SCHEDULED", "Начало курса назначено"));
    assertThat(column(pi, "responsible")).isEqualTo("curator1");
    assertThat(pi).isWaitingAt("Event_NotifyDue");
    assertThat(driver.due(pi, "Event_NotifyDue")).isEqualTo(ProcessDriver.at("2030-03-14T09:00"));

    driver.fireWhenDue(pi, "Event_NotifyDue");
    Task notify = driver.task(pi, "Activity_NotifyStudent");
    assertThat(notify.getName()).isEqualTo("Оповестить ученика и отправить материалы и доступы");
    assertThat(notify.getAssignee()).isEqualTo("curator1");
    assertThat(tasks.getIdentityLinksForTask(notify.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("curators"));
    assertThat(notify.getDueDate()).as("due by the start morning").isEqualTo(ProcessDriver.at("2030-03-16T09:00"));
    assertThat(notify.getPriority()).isEqualTo(70);
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Дозвонилась, рассказала про старт, ссылки на материалы и доступы выслала");

    assertThat(stage(pi)).isEqualTo(new Stage("NOTIFIED", "Уведомление и материалы направлены"));
    assertThat(driver.due(pi, "Event_DayAfterMaterials")).isEqualTo(ProcessDriver.at("2030-03-15T09:00"));
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");
    driver.complete(pi, "Activity_CheckMaterials", "outcome", "RESENT", "result", "Письмо с материалами не дошло, отправила ещё раз на другую почту");
    // Not received: sent again, checked again a day later.
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");
    driver.complete(pi, "Activity_CheckMaterials", "outcome", "RECEIVED", "result", "Со второго раза всё получила, доступ работает");

    assertThat(driver.due(pi, "Event_CourseStarts")).isEqualTo(ProcessDriver.at("2030-03-16T09:00"));
    driver.fireWhenDue(pi, "Event_CourseStarts");
    assertThat(stage(pi)).isEqualTo(new Stage("IN_PROGRESS", "Прохождение курса"));
    assertThat(driver.due(pi, "Event_MonthPassed")).isEqualTo(ProcessDriver.at("2030-04-16T09:00"));

    driver.fireWhenDue(pi, "Event_MonthPassed");
    assertThat(driver.task(pi, "Activity_CollectFeedback").getDueDate()).isEqualTo(ProcessDriver.at("2030-04-18T09:00"));
    driver.complete(pi, "Activity_CollectFeedback", "outcome", "CONTINUES", "result", "Учится, всё нравится, просит больше практики по SQL");
    assertThat(driver.due(pi, "Event_MonthPassed")).isEqualTo(ProcessDriver.at("2030-05-16T09:00"));
    driver.fireWhenDue(pi, "Event_MonthPassed");
    driver.complete(pi, "Activity_CollectFeedback", "outcome", "FINISHED", "result", "Последний модуль сдан, курс закончила");

    assertThat(stage(pi)).isEqualTo(new Stage("FINISHED", "Курс пройден"));
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).as("no course timers left").isZero();
    driver.complete(pi, "Activity_SendCertificate", "outcome", "SENT", "certificateNumber", "ПР-2030-0042", "result", "Сертификат № ПР-2030-0042 отправлен на почту");
    assertThat(stage(pi)).isEqualTo(new Stage("CERT_SENT", "Сертификат отправлен"));
    driver.complete(pi, "Activity_CollectReview", "outcome", "REVIEWED", "rating", "5", "reviewText", "Отличный курс", "result", "Оставила отзыв, поставила пятёрку");

    assertThat(pi).isEnded();
    assertThat(stage(pi)).isEqualTo(new Stage("WON", "Успешно реализовано"));
    assertThat(column(pi, "outcome")).isEqualTo("WON");
    assertThat(deals.timeline(dealOf(pi)))
        .extracting(TimelineEntry::text)
        .contains(
            "Куратор: Елена Васильева (наименьшая нагрузка)",
            "Этап: Начало курса назначено",
            "Этап: Уведомление и материалы направлены",
            "Этап: Прохождение курса",
            "Этап: Курс пройден",
            "Сертификат № ПР-2030-0042 отправлен ученику",
            "Этап: Сертификат отправлен",
            "Отзыв ученика: оценка 5 из 5 — Отличный курс",
            "Этап: Успешно реализовано");
  }

  @Test
  void aStartNearerThanTwoDaysNotifiesAtOnce() {
    ProcessInstance pi = start("2030-03-06", "2030-06-06");

    assertThat(driver.due(pi, "Event_NotifyDue")).isBeforeOrEqualTo(ClockUtil.getCurrentTime());
    management.executeJob(driver.job(pi, "Event_NotifyDue").getId());
    // Due by the start morning, but never sooner than four working hours.
    assertThat(driver.task(pi, "Activity_NotifyStudent").getDueDate()).isEqualTo(ProcessDriver.at("2030-03-06T09:00"));
  }

  @Test
  void theEndDateFinishesTheCourseEvenWithoutAFeedbackTaskMarkingIt() {
    ProcessInstance pi = running();
    driver.fireWhenDue(pi, "Event_MonthPassed");

    assertThat(driver.due(pi, "Event_CourseEnds")).isEqualTo(ProcessDriver.at("2030-06-16T09:00"));
    driver.fireWhenDue(pi, "Event_CourseEnds");

    assertThat(driver.task(pi, "Activity_CollectFeedback")).as("open feedback task is withdrawn").isNull();
    assertThat(pi).isWaitingAt("Activity_SendCertificate");
    assertThat(stage(pi).code()).isEqualTo("FINISHED");
    driver.complete(pi, "Activity_SendCertificate", "outcome", "SENT", "certificateNumber", "ПР-2030-0043", "result", "Сертификат отправлен в личный кабинет и на почту");
    driver.complete(pi, "Activity_CollectReview", "outcome", "NO_REVIEW", "result", "От отзыва отказался, говорит, некогда");
    assertThat(column(pi, "outcome")).isEqualTo("WON");
  }

  @Test
  void aCertificateNeedsItsNumberAndAReviewARatingFrom1To5() {
    ProcessInstance pi = running();
    driver.fireWhenDue(pi, "Event_CourseEnds");
    String certificate = driver.task(pi, "Activity_SendCertificate").getId();
    assertThatThrownBy(() -> tasks.complete(certificate, Map.of("outcome", "SENT", "result", "Отправил")))
        .hasMessageContaining("Заполните «Номер сертификата»");
    driver.complete(pi, "Activity_SendCertificate", "outcome", "SENT", "certificateNumber", "ПР-1", "result", "Сертификат № ПР-1 отправлен на почту");

    String review = driver.task(pi, "Activity_CollectReview").getId();
    assertThatThrownBy(() -> tasks.complete(review, Map.of("outcome", "REVIEWED", "rating", "7", "reviewText", "?", "result", "Есть")))
        .hasMessageContaining("нет варианта «7»");
    assertThatThrownBy(() -> tasks.complete(review, Map.of("outcome", "REVIEWED", "rating", "4", "result", "Есть")))
        .hasMessageContaining("Заполните «Текст отзыва»");
    assertThat(pi).isWaitingAt("Activity_CollectReview");
  }

  // ---------------------------------------------------------------- no start date

  @Test
  void withoutAStartDateTheCuratorClarifiesTheDatesFirst() {
    ProcessInstance pi = start(null, null);

    Task clarify = driver.task(pi, "Activity_ClarifyCourseStart");
    assertThat(clarify.getDueDate()).isEqualTo(ProcessDriver.at("2030-03-05T14:00"));
    driver.complete(pi, "Activity_ClarifyCourseStart", "outcome", "SCHEDULED", "startDate", "2030-04-01", "endDate", "2030-06-30", "result", "Согласовали старт с 1 апреля, группа весенняя");

    assertThat(stage(pi).code()).isEqualTo("SCHEDULED");
    assertThat(driver.due(pi, "Event_NotifyDue")).isEqualTo(ProcessDriver.at("2030-03-30T09:00"));
  }

  // ---------------------------------------------------------------- the student quits

  @Test
  void aStudentWhoQuitsBeforeTheDatesAreKnownClosesTheDeal() {
    ProcessInstance pi = start(null, null);
    assertThatThrownBy(() -> tasks.complete(driver.task(pi, "Activity_ClarifyCourseStart").getId(), Map.of("outcome", "REFUSED", "result", "Отказ")))
        .hasMessageContaining("Выберите «Причина отказа»");
    driver.complete(pi, "Activity_ClarifyCourseStart", "outcome", "REFUSED", "lossReason", "Возврат оплаты", "result", "Передумала учиться, оформляем возврат");
    assertLost(pi, "Возврат оплаты");
  }

  @Test
  void aStudentWhoQuitsWhenNotifiedClosesTheDeal() {
    ProcessInstance pi = scheduled();
    driver.fireWhenDue(pi, "Event_NotifyDue");
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "REFUSED", "lossReason", "Перенос на другой поток", "result", "Хочет учиться со следующим потоком, в этом не успевает по работе");
    assertLost(pi, "Перенос на другой поток");
  }

  @Test
  void aStudentWhoQuitsWhenMaterialsAreCheckedClosesTheDeal() {
    ProcessInstance pi = scheduled();
    driver.fireWhenDue(pi, "Event_NotifyDue");
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Оповестила, материалы и доступы отправила");
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");
    driver.complete(pi, "Activity_CheckMaterials", "outcome", "REFUSED", "lossReason", "Нет денег", "result", "Материалы получила, но учиться не будет: не на что оплатить вторую часть");
    assertLost(pi, "Нет денег");
  }

  @Test
  void aStudentWhoQuitsDuringTheCourseClosesTheDealAndStopsTheTimers() {
    ProcessInstance pi = running();
    driver.fireWhenDue(pi, "Event_MonthPassed");
    driver.complete(pi, "Activity_CollectFeedback", "outcome", "REFUSED", "lossReason", "Отчислен", "result", "Отчислена: два месяца не сдаёт домашние задания");
    assertLost(pi, "Отчислен");
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void aStudentWhoQuitsBeforeTheCertificateClosesTheDeal() {
    ProcessInstance pi = running();
    driver.fireWhenDue(pi, "Event_CourseEnds");
    driver.complete(pi, "Activity_SendCertificate", "outcome", "REFUSED", "lossReason", "Возврат оплаты", "result", "Попросила вернуть деньги, оформляем возврат");
    assertLost(pi, "Возврат оплаты");
  }

  @Test
  void aWithdrawalFromTheApiClosesTheDealFromAnyStage() {
    ProcessInstance pi = scheduled();
    driver.fireWhenDue(pi, "Event_NotifyDue");
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Оповестила о старте, доступы выслала");
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");

    schedule.withdraw(dealOf(pi), "Перенос на другой поток", "curator1");

    assertLost(pi, "Перенос на другой поток");
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(deals.timeline(dealOf(pi)))
        .filteredOn(e -> "curator1".equals(e.userId()))
        .extracting(TimelineEntry::text)
        .contains("Ученик уходит с курса: Перенос на другой поток");
  }

  // ---------------------------------------------------------------- date changes

  @Test
  void aLaterStartBeforeTheCourseMovesTheNotificationAndTheStart() {
    ProcessInstance pi = scheduled();

    var changed = schedule.change(dealOf(pi), LocalDate.parse("2030-03-23"), LocalDate.parse("2030-06-22"), "ПР.23.03.30", "rop");

    assertThat(driver.due(pi, "Event_NotifyDue")).isEqualTo(ProcessDriver.at("2030-03-21T09:00"));
    assertThat(changed.movedTimers()).extracting(CourseSchedule.MovedTimer::activityId).containsExactly("Event_NotifyDue");
    assertThat(runtime.getVariable(pi.getId(), "group")).isEqualTo("ПР.23.03.30");
    assertThat(deals.timeline(dealOf(pi)))
        .filteredOn(e -> "rop".equals(e.userId()))
        .extracting(TimelineEntry::text)
        .containsExactly(
            "Данные курса изменены: начало 16.03.2030 → 23.03.2030, окончание 15.06.2030 → 22.06.2030, группа ПР.16.03.30 → ПР.23.03.30."
                + " Перенесены: «За 2 дня до начала (сразу, если ближе)» на 21.03.2030 09:00");

    // Materials are checked a day after they were sent, whatever the start date.
    driver.fireWhenDue(pi, "Event_NotifyDue");
    driver.complete(pi, "Activity_NotifyStudent", "outcome", "NOTIFIED", "result", "Сообщила о переносе старта на 23.03, материалы отправила");
    Date check = driver.due(pi, "Event_DayAfterMaterials");
    schedule.change(dealOf(pi), LocalDate.parse("2030-03-30"), null, null, "curator1");
    assertThat(driver.due(pi, "Event_DayAfterMaterials")).isEqualTo(check);
    driver.fireWhenDue(pi, "Event_DayAfterMaterials");
    driver.complete(pi, "Activity_CheckMaterials", "outcome", "RECEIVED", "result", "Материалы получила, всё открывается");
    assertThat(driver.due(pi, "Event_CourseStarts")).isEqualTo(ProcessDriver.at("2030-03-30T09:00"));

    // An earlier start fires the start at once.
    schedule.change(dealOf(pi), LocalDate.parse("2030-03-20"), null, null, "curator1");
    assertThat(driver.due(pi, "Event_CourseStarts")).isBefore(ClockUtil.getCurrentTime());
  }

  @Test
  void newDatesDuringTheCourseMoveTheMonthlyFeedbackAndTheEnd() {
    ProcessInstance pi = running();
    ProcessDriver.setClock("2030-04-01T12:00");

    schedule.change(dealOf(pi), LocalDate.parse("2030-03-20"), LocalDate.parse("2030-07-31"), null, "curator1");

    assertThat(driver.due(pi, "Event_MonthPassed")).isEqualTo(ProcessDriver.at("2030-04-20T09:00"));
    assertThat(driver.due(pi, "Event_CourseEnds")).isEqualTo(ProcessDriver.at("2030-08-01T09:00"));
    assertThat(stage(pi).code()).isEqualTo("IN_PROGRESS");

    driver.fireWhenDue(pi, "Event_MonthPassed");
    driver.complete(pi, "Activity_CollectFeedback", "outcome", "CONTINUES", "result", "Занимается, отстаёт на одну неделю, обещала догнать");
    assertThat(driver.due(pi, "Event_MonthPassed")).isEqualTo(ProcessDriver.at("2030-05-20T09:00"));

    // The course is cut short: the end comes before the next feedback.
    ProcessDriver.setClock("2030-05-01T10:00");
    schedule.change(dealOf(pi), null, LocalDate.parse("2030-05-05"), null, "curator1");
    assertThat(driver.due(pi, "Event_CourseEnds")).isEqualTo(ProcessDriver.at("2030-05-06T09:00"));
    driver.fireWhenDue(pi, "Event_CourseEnds");
    assertThat(pi).isWaitingAt("Activity_SendCertificate");
  }

  // ---------------------------------------------------------------- curators

  @Test
  void theAvailableCuratorWithFewestOpenDeliveryDealsGetsTheStudentElseTheGroup() {
    // A curator the admin entered with a first name only: the note names him by it, not «Павел null».
    User second = identity.newUser("curator2");
    second.setFirstName("Павел");
    second.setPassword("demo");
    identity.saveUser(second);
    identity.createMembership("curator2", "curators");

    availability.setAvailability("curator1", false, "test", Instant.now());
    ProcessInstance toSecond = scheduled();
    assertThat(column(toSecond, "responsible")).isEqualTo("curator2");
    assertThat(deals.timeline(dealOf(toSecond))).extracting(TimelineEntry::text).contains("Куратор: Павел (наименьшая нагрузка)");

    availability.setAvailability("curator1", true, "test", Instant.now());
    Integer firstLoad = jdbc.queryForObject(
        "SELECT COUNT(*) FROM deal WHERE funnel = 'course-delivery' AND closed_at IS NULL AND responsible = 'curator1'", Integer.class);
    ProcessInstance next = scheduled();
    // curator2 has one open deal now; a tie goes to the first login.
    assertThat(column(next, "responsible")).isEqualTo(firstLoad <= 1 ? "curator1" : "curator2");

    availability.setAvailability("curator1", false, "test", Instant.now());
    availability.setAvailability("curator2", false, "test", Instant.now());
    ProcessInstance nobody = scheduled();
    driver.fireWhenDue(nobody, "Event_NotifyDue");
    Task groupTask = driver.task(nobody, "Activity_NotifyStudent");
    assertThat(groupTask.getAssignee()).isNull();
    assertThat(groupTask).hasCandidateGroup("curators");
    assertThat(deals.timeline(dealOf(nobody))).extracting(TimelineEntry::text).contains("Свободных кураторов нет: задачи ждут в «Задачах группы» кураторов");
  }
}
