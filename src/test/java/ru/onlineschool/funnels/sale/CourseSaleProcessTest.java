package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
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
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.inbound.InboundMessage;
import ru.onlineschool.funnels.inbound.InboundMessages;
import ru.onlineschool.funnels.inbound.InboundProcessing;
import ru.onlineschool.funnels.messaging.Outbox;
import ru.onlineschool.funnels.payment.PaymentIntake;
import ru.onlineschool.funnels.payment.PaymentRequest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.support.RecallRegimes;
import ru.onlineschool.funnels.workplace.ManualTasks;

/**
 * Every path of «Продажа курса», with time moved: stages, assignees, due dates, task names,
 * timeline. The class fails unless all flow nodes and sequence flows of the model are covered.
 */
@ProcessTest
class CourseSaleProcessTest {

  /** A Tuesday, 10:00 in Moscow. */
  static final String START = "2030-03-05T10:00";

  @Autowired ProcessEngine engine;
  @Autowired ProcessDriver driver;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired Outbox outbox;
  @Autowired JdbcTemplate jdbc;
  @Autowired PaymentIntake payments;
  @Autowired ManualTasks manualTasks;
  @Autowired IdentityService identity;
  @Autowired InboundProcessing inbound;

  private static int phoneSeq = 1000;

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
    ProcessDriver.setClock(START);
    driver.onlyAvailable("manager1");
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    driver.everybodyAvailable();
  }

  // ---------------------------------------------------------------- fixtures





  long newDeal(String leadType) {
    String phone = "+7916" + String.format("%07d", phoneSeq++);
    long contact = deals.createContact(new NewContact("Иван Петров", phone, "ivan" + phoneSeq + "@example.ru", null), Instant.now());
    return deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contact, "Python-разработчик", leadType, null), Instant.now());
  }

  ProcessInstance startLead(long dealId, Long duplicateOf) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.DEAL_ID, dealId);
    vars.put(ProcessVariables.CLIENT_NAME, "Иван Петров");
    vars.put(ProcessVariables.CLIENT_PHONE, "+79160000000");
    vars.put(ProcessVariables.CLIENT_EMAIL, "ivan@example.ru");
    vars.put(ProcessVariables.COURSE, "Python-разработчик");
    vars.put(CourseSale.LEAD_TYPE, "С лендинга курса");
    vars.put(CourseSale.SOURCE, "сайт");
    vars.put(CourseSale.COMMENT, "Хочу узнать про рассрочку");
    vars.put(CourseSale.REFERER, null);
    vars.put(CourseSale.DUPLICATE_OF, duplicateOf);
    return runtime
        .createMessageCorrelation(CourseSale.LEAD_RECEIVED)
        .processInstanceBusinessKey(String.valueOf(dealId))
        .setVariables(vars)
        .correlateStartMessage();
  }

  ProcessInstance newLead() {
    return startLead(newDeal("С лендинга курса"), null);
  }





  long dealOf(ProcessInstance pi) {
    return Long.parseLong(pi.getBusinessKey());
  }

  Stage stage(ProcessInstance pi) {
    return deals.currentStage(dealOf(pi)).orElseThrow();
  }

  String lossReason(ProcessInstance pi) {
    return jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, dealOf(pi));
  }

  String outcome(ProcessInstance pi) {
    return jdbc.queryForObject("SELECT outcome FROM deal WHERE id = ?", String.class, dealOf(pi));
  }

  /** Drives a fresh lead to «Подготовить предложение». */
  ProcessInstance qualifiedLead() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Дозвонилась, хочет учиться на Python-разработчика, ждёт от меня предложение");
    return pi;
  }

  /** Drives a fresh lead to «Контролировать оплату» with a deadline. */
  ProcessInstance invoicedLead() {
    ProcessInstance pi = qualifiedLead();
    driver.complete(pi, "Activity_PrepareOffer", "outcome", "INVOICE", "course", "Python-разработчик", "budget", 45000, "invoiceDeadline", "2030-03-10", "result", "Счёт на 45 000 ₽ отправлен на почту, обещал оплатить до 10.03");
    return pi;
  }

  // ---------------------------------------------------------------- new lead

  @Test
  void aNewLeadGoesToTheAvailableManagerWithTheGreetingForItsLeadTypeDueIn15Minutes() {
    ProcessInstance pi = newLead();

    assertThat(pi).isWaitingAt("Activity_ProcessLead");
    Task task = driver.task(pi, "Activity_ProcessLead");
    assertThat(task.getAssignee()).isEqualTo("manager1");
    assertThat(task.getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T10:15")));
    assertThat(task.getPriority()).isEqualTo(90);
    assertThat(stage(pi)).isEqualTo(new Stage("ACCEPTED", "Принято в работу"));
    assertThat(runtime.getVariable(pi.getId(), "greetingScript").toString())
        .contains("оставляли заявку")
        .startsWith("Здравствуйте, Иван! ")
        .doesNotContain("{имя}");
    assertThat(deals.responsible(dealOf(pi))).contains("manager1");
    assertThat(deals.timeline(dealOf(pi)))
        .extracting(TimelineEntry::text)
        .contains("Этап: Новая заявка", "Ответственный: Анна Смирнова (Smart-распределение)", "Этап: Принято в работу");
    // Nobody is asked to assign the lead by hand.
    assertThat(driver.task(pi, "Activity_AssignLeadManually")).isNull();
  }

  @Test
  void aTaskCannotBeClosedWithoutAWrittenResultOrALossWithoutAReason() {
    ProcessInstance pi = newLead();
    String id = driver.task(pi, "Activity_ProcessLead").getId();

    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "QUALIFIED"))).hasMessageContaining("Заполните «Результат»");
    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "REFUSED", "result", "Отказался")))
        .hasMessageContaining("Выберите «Причина отказа»");
    assertThat(pi).isWaitingAt("Activity_ProcessLead");
  }

  @Test
  void withNobodyAvailableTheLeadIsAGroupTaskAndTheHeadOfSalesIsAsked() {
    driver.onlyAvailable();
    ProcessInstance pi = newLead();

    Task lead = driver.task(pi, "Activity_ProcessLead");
    assertThat(lead.getAssignee()).isNull();
    assertThat(lead).hasCandidateGroup("managers");
    Task assign = driver.task(pi, "Activity_AssignLeadManually");
    assertThat(assign).hasCandidateGroup("sales-heads");

    driver.complete(pi, "Activity_AssignLeadManually", "result", "Свободных нет, заявку взял Игорь Петров");
    tasks.claim(lead.getId(), "manager2");
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Поговорил, интерес к курсу подтвердил, готовлю предложение");

    assertThat(deals.responsible(dealOf(pi))).contains("manager2");
    assertThat(driver.task(pi, "Activity_PrepareOffer").getAssignee()).isEqualTo("manager2");
  }

  @Test
  void theHeadOfSalesTaskDisappearsOnceAManagerProcessedTheLead() {
    driver.onlyAvailable();
    ProcessInstance pi = newLead();
    tasks.claim(driver.task(pi, "Activity_ProcessLead").getId(), "manager3");

    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Дозвонилась, выбирает между Python и аналитикой, отправлю обе программы");

    assertThat(driver.task(pi, "Activity_AssignLeadManually")).isNull();
  }

  @Test
  void after15MinutesWithoutContactThePriorityRisesTheDealIsTaggedAndTheHeadOfSalesControls() {
    ProcessInstance pi = newLead();
    assertThat(driver.due(pi, "Event_FirstContactOverdue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T10:15")));

    ProcessDriver.setClock("2030-03-05T10:16");
    driver.fire(pi, "Event_FirstContactOverdue");

    assertThat(driver.task(pi, "Activity_ProcessLead").getPriority()).isEqualTo(100);
    assertThat(deals.tags(dealOf(pi))).contains("просрочен_первый_контакт");
    assertThat(driver.task(pi, "Activity_ControlFirstContact")).hasCandidateGroup("sales-heads");
    driver.complete(pi, "Activity_ControlFirstContact", "result", "Напомнил Анне о заявке, она уже набирает клиента");
    // The manager's task was never interrupted.
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Дозвонилась с опозданием, клиент не в обиде, интерес подтвердил");
    assertThat(pi).isWaitingAt("Activity_PrepareOffer");
  }

  /**
   * Forms show the lead type in Russian and the responsible by name (issue 18): the task carries
   * both as it is created, whatever code set the codes; the table «Типы заявок» words the type.
   */
  @Test
  void aTaskShowsTheLeadTypeInRussianAndTheResponsibleByName() {
    ProcessInstance pi = newLead();
    Task lead = driver.task(pi, "Activity_ProcessLead");
    assertThat(tasks.getVariableLocal(lead.getId(), "leadTypeText")).isEqualTo("Заявка со страницы курса (С лендинга курса)");
    assertThat(tasks.getVariableLocal(lead.getId(), "responsibleName")).isEqualTo("Анна Смирнова");

    runtime.setVariable(pi.getId(), CourseSale.LEAD_TYPE, "Webinar-Intention");
    ProcessDriver.setClock("2030-03-05T10:16");
    driver.fire(pi, "Event_FirstContactOverdue");
    Task control = driver.task(pi, "Activity_ControlFirstContact");
    assertThat(tasks.getVariableLocal(control.getId(), "responsibleName")).isEqualTo("Анна Смирнова");
    assertThat(tasks.getVariableLocal(control.getId(), "leadTypeText"))
        .isEqualTo("Регистрация на живой вебинар, интересно обучение; дата вебинара — в поле Referer (Webinar-Intention)");
    // A type the table does not know is shown as it came.
    runtime.setVariable(pi.getId(), CourseSale.LEAD_TYPE, "Партнёрская программа");
    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Пришёл по партнёрской программе, хочет курс, готовлю предложение");
    assertThat(tasks.getVariableLocal(driver.task(pi, "Activity_PrepareOffer").getId(), "leadTypeText")).isEqualTo("Партнёрская программа");
  }

  @Test
  void theControlTaskClosesItselfWhenTheLeadIsProcessed() {
    ProcessInstance pi = newLead();
    ProcessDriver.setClock("2030-03-05T10:16");
    driver.fire(pi, "Event_FirstContactOverdue");

    driver.complete(pi, "Activity_ProcessLead", "outcome", "QUALIFIED", "result", "Поговорили, клиенту интересен курс, ждёт от меня программу");

    assertThat(driver.task(pi, "Activity_ControlFirstContact")).isNull();
  }

  // ---------------------------------------------------------------- duplicates

  @Test
  void aRepeatedLeadGoesToTheResponsibleOfTheOpenDealAndClosesAsDuplicate() {
    ProcessInstance original = newLead();
    long repeatedDeal = newDeal("С лендинга курса");

    ProcessInstance repeated = startLead(repeatedDeal, dealOf(original));

    assertThat(repeated).isEnded().hasPassed("Event_NotifyRepeated", "Event_ClosedAsDuplicate");
    assertThat(deals.currentStage(repeatedDeal)).contains(new Stage("LOST", "Закрыто не реализовано"));
    assertThat(lossReason(repeated)).isEqualTo("Дубль");
    assertThat(jdbc.queryForObject("SELECT duplicate_of FROM deal WHERE id = ?", Long.class, repeatedDeal)).isEqualTo(dealOf(original));
    Task notice = driver.task(original, "Activity_RepeatedLead");
    assertThat(notice.getAssignee()).isEqualTo("manager1");
    assertThat(runtime.getVariable(original.getId(), "repeatedLeadComment")).isEqualTo("Хочу узнать про рассрочку");
    driver.complete(original, "Activity_RepeatedLead", "result", "Перезвонила, рассказала про рассрочку на 12 месяцев");
    assertThat(original).isWaitingAt("Activity_ProcessLead");
  }

  // ---------------------------------------------------------------- the client answers in a messenger (issue 20)

  /** The deal's client writes to the school's WhatsApp number, as the webhook's queue hands it over. */
  InboundMessages.Outcome clientWritesInWhatsApp(ProcessInstance pi, String text) {
    deals.linkProcessInstance(dealOf(pi), pi.getId());
    String phone = jdbc.queryForObject("SELECT c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", String.class, dealOf(pi));
    InboundMessages.Outcome outcome =
        inbound.process(new InboundMessage("WHATSAPP", "wamid.test" + System.nanoTime(), phone.substring(1), "Иван", phone.substring(1), null, text)).outcome();
    MessageJobs.run(management, pi.getId());
    return outcome;
  }

  @Test
  void aReplyWhileTheDealWaitsForARecallCancelsItAndTheDealGoesToTheChat() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    // The recall timer waits behind «Что раньше?»: the timer or the client's reply.
    assertThat(pi).isWaitingAt("Gateway_RecallOrReply");
    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T13:00")));

    InboundMessages.Outcome outcome = clientWritesInWhatsApp(pi, "Здравствуйте, не могу говорить, напишите сюда");

    assertThat(outcome).isEqualTo(InboundMessages.Outcome.CHAT);
    assertThat(pi).hasPassed("Event_ReplyWhileWaiting", "Event_ReplyOutcome").isWaitingAt("Activity_ChatNextStep");
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).activityId("Event_RecallDue").count()).isZero();
    assertThat(stage(pi)).isEqualTo(new Stage("CHAT", "Ведётся переписка"));
    assertThat(driver.task(pi, "Activity_ChatNextStep").getAssignee()).isEqualTo("manager1");
    assertThat(driver.task(pi, "Activity_AnswerClient")).isNull();
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.MESSAGE).extracting(TimelineEntry::text)
        .contains("Клиент написал в WhatsApp: Здравствуйте, не могу говорить, напишите сюда");
  }

  @Test
  void aReplyWhileTheRecallTaskIsOpenClosesTheTaskAndTheDealGoesToTheChat() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall")).isNotNull();

    assertThat(clientWritesInWhatsApp(pi, "Я на совещании, пишите")).isEqualTo(InboundMessages.Outcome.CHAT);

    assertThat(pi).hasPassed("Event_ReplyDuringRecall").isWaitingAt("Activity_ChatNextStep");
    assertThat(driver.task(pi, "Activity_Recall")).isNull();
    assertThat(stage(pi)).isEqualTo(new Stage("CHAT", "Ведётся переписка"));
    assertThat(driver.task(pi, "Activity_ChatNextStep").getAssignee()).isEqualTo("manager1");
  }

  @Test
  void aMessageInAnotherStepGivesTheResponsibleOneTaskToAnswerAndTheFunnelGoesOn() {
    ProcessInstance pi = qualifiedLead();
    assertThat(pi).isWaitingAt("Activity_PrepareOffer");

    assertThat(clientWritesInWhatsApp(pi, "А есть рассрочка на 12 месяцев? Хочу начать в апреле")).isEqualTo(InboundMessages.Outcome.TASK);
    // A second message while the first is unanswered: into the history, no second task.
    assertThat(clientWritesInWhatsApp(pi, "И сколько длится курс?")).isEqualTo(InboundMessages.Outcome.TASK);

    Task answer = driver.task(pi, "Activity_AnswerClient");
    assertThat(answer.getName()).isEqualTo("Ответить клиенту (WhatsApp): А есть рассрочка на 12 месяцев? Хочу начать в апреле");
    assertThat(answer.getAssignee()).isEqualTo("manager1");
    assertThat(tasks.getVariable(answer.getId(), ProcessVariables.CLIENT_MESSAGE)).isEqualTo("А есть рассрочка на 12 месяцев? Хочу начать в апреле");
    assertThat(pi).isWaitingAt("Activity_PrepareOffer", "Activity_AnswerClient");
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.MESSAGE).extracting(TimelineEntry::text)
        .contains("Клиент написал в WhatsApp: А есть рассрочка на 12 месяцев? Хочу начать в апреле", "Клиент написал в WhatsApp: И сколько длится курс?");

    assertThatThrownBy(() -> tasks.complete(answer.getId())).hasMessageContaining("Результат");
    driver.complete(pi, "Activity_AnswerClient", "result", "Ответил: рассрочка есть, курс 6 месяцев");

    assertThat(pi).hasPassed("Event_ClientAnswered").isWaitingAt("Activity_PrepareOffer");
    assertThat(stage(pi).code()).isEqualTo("QUALIFIED");
  }

  // ---------------------------------------------------------------- recalls

  @Test
  void aMissedClientGetsAMessageOnceAndRecallsBy3HoursThen1DayThenTheDealIsLost() {
    ProcessInstance pi = newLead();

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    assertThat(stage(pi)).isEqualTo(new Stage("NOT_REACHED", "Не дозвонились"));
    assertThat(outbox.count(dealOf(pi), "not-reached")).isEqualTo(1);
    assertThat(deals.tags(dealOf(pi))).contains("Недозвон");
    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T13:00")));

    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(pi, "Event_RecallDue");
    Task recall = driver.task(pi, "Activity_Recall");
    assertThat(recall.getName()).isEqualTo("Перезвонить: день 1 зв 2");
    assertThat(recall.getAssignee()).isEqualTo("manager1");
    assertThat(recall.getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T14:00")));

    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Абонент недоступен");
    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T13:00")));
    ProcessDriver.setClock("2030-03-06T13:00");
    driver.fire(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 2 зв 3");

    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Сбросил звонок");

    assertThat(pi).isEnded().hasPassed("Event_LostNotReached");
    assertThat(outcome(pi)).isEqualTo("LOST");
    assertThat(lossReason(pi)).isEqualTo("Не дозвонились");
    // The «not reached» message went out once, not after every miss.
    assertThat(outbox.count(dealOf(pi), "not-reached")).isEqualTo(1);
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.CALL).extracting(TimelineEntry::text)
        .contains("Недозвон: попытка 1", "Недозвон: попытка 2", "Недозвон: попытка 3");
  }

  @Test
  void aRecallOpensWithoutThePreviousCallsAnswersAndTheHistoryKeepsEachCallsOwnResult() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    driver.fire(pi, "Event_RecallDue");
    Task recall = driver.task(pi, "Activity_Recall");

    assertThat(tasks.getVariable(recall.getId(), "result")).isNull();
    assertThat(tasks.getVariable(recall.getId(), "outcome")).isNull();
    // Our own code completing a task is held to the form like anybody else.
    assertThatThrownBy(() -> tasks.complete(recall.getId(), Map.of("outcome", "NOT_REACHED")))
        .hasMessageContaining("Заполните «Результат»");
    assertThatThrownBy(() -> tasks.complete(recall.getId(), Map.of("outcome", "NOT_REACHED", "result", "Сбросил", "attempts", 0)))
        .hasMessageContaining("«attempts»");
    assertThat(pi).isWaitingAt("Activity_Recall");

    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Сбросил звонок");

    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.TASK_RESULT).extracting(TimelineEntry::text)
        .containsExactly("«Обработать заявку»: Не взял трубку", "«" + recall.getName() + "»: Сбросил звонок");
  }

  @Test
  void aRecallAskedForLateInTheEveningFallsOnWorkingTimeNextMorning() {
    ProcessDriver.setClock("2030-03-05T20:00");
    ProcessInstance pi = newLead();

    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Длинные гудки, не ответил");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T11:00")));
  }

  /**
   * Seed 000 §2.3 in the shipped regime: the call the client answered keeps its day and number
   * without «(вечером)», its second line reads «просил перезвонить»; missed, it counts as an attempt
   * and the next call says «просил перезвонить и не ответил».
   */
  @Test
  void aCallBackKeepsTheCallNumberAndAMissedCallBackCountsAsAnAttempt() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(pi, "Event_RecallDue");

    driver.complete(pi, "Activity_Recall", "outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-03-05T17:30"), "result", "Ответил на бегу, просил перезвонить в 17:30");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T17:30")));
    ProcessDriver.setClock("2030-03-05T17:30");
    driver.fire(pi, "Event_RecallDue");
    Task callBack = driver.task(pi, "Activity_Recall");
    assertThat(callBack.getName()).isEqualTo("Перезвонить: день 1 зв 2");
    assertThat(callBack.getDescription()).isEqualTo("просил перезвонить");

    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "В 17:30 трубку не взял");

    assertThat(runtime.getVariable(pi.getId(), "attempts")).isEqualTo(2);
    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T17:30")));
    ProcessDriver.setClock("2030-03-06T17:30");
    driver.fire(pi, "Event_RecallDue");
    Task next = driver.task(pi, "Activity_Recall");
    assertThat(next.getName()).isEqualTo("Перезвонить: день 2 зв 3 (вечером)");
    assertThat(next.getDescription()).isEqualTo("просил перезвонить и не ответил");
    assertThat(callTimeline(pi))
        .containsSubsequence(
            "Перезвон назначен на 05.03 13:00 (день 1 зв 2)",
            "Перезвон назначен на 05.03 17:30 (день 1 зв 2 — просил перезвонить)",
            "Недозвон: попытка 2",
            "Перезвон назначен на 06.03 17:30 (день 2 зв 3 (вечером) — просил перезвонить и не ответил)");
  }

  /** A recall the client did not ask for keeps the regulation text as its second line. */
  @Test
  void aRecallWithoutACallBackHasNoCallBackLine() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Телефон выключен");
    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(pi, "Event_RecallDue");

    assertThat(driver.task(pi, "Activity_Recall").getDescription()).startsWith("Регламент перезвонов");
  }

  /** A call-back the client answered ends «просил перезвонить»: a later miss after a chat is a plain one. */
  @Test
  void aCallBackTheClientAnsweredLeavesNoCallBackLineOnLaterRecalls() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-03-05T12:00"), "result", "Занят на совещании, просил перезвонить в 12");
    ProcessDriver.setClock("2030-03-05T12:00");
    driver.fire(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 1 зв 1");
    assertThat(driver.task(pi, "Activity_Recall").getDescription()).isEqualTo("просил перезвонить");

    driver.complete(pi, "Activity_Recall", "outcome", "CHAT", "result", "Трубку не берёт, написал в WhatsApp — ответил там");
    driver.complete(pi, "Activity_ChatNextStep", "outcome", "NOT_REACHED", "result", "В чате замолчал, на сообщения не отвечает");
    ProcessDriver.setClock("2030-03-05T15:00");
    driver.fire(pi, "Event_RecallDue");

    Task recall = driver.task(pi, "Activity_Recall");
    assertThat(recall.getName()).isEqualTo("Перезвонить: день 1 зв 2 (вечером)");
    assertThat(recall.getDescription()).startsWith("Регламент перезвонов");
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 05.03 15:00 (день 1 зв 2 (вечером))");
  }

  @Test
  void aCallBackInThePastIsRefused() {
    ProcessInstance pi = newLead();
    String id = driver.task(pi, "Activity_ProcessLead").getId();

    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-03-05T09:00"), "result", "Просил позже")))
        .hasMessageContaining("Время перезвона уже прошло");
    assertThat(pi).isWaitingAt("Activity_ProcessLead");
  }

  // ---------------------------------------------------------------- the two regimes (issue 17)

  List<String> callTimeline(ProcessInstance pi) {
    return deals.timeline(dealOf(pi)).stream().filter(e -> e.kind() == TimelineKind.CALL).map(TimelineEntry::text).toList();
  }

  /** Seed 000's regime, switched in the shipped table and deployed: no Java change. */
  void inSeed000Regime(Runnable test) {
    RecallRegimes.inSeed000Regime(repository, test);
  }

  /**
   * Seed 000 §2.1, §2.2: a first call missed in the morning — five attempts over three days, two of
   * them with a morning and an evening call, «(вечером)» on the evening ones, the day counting days
   * with attempts; after the fifth the deal goes to «Финальный прозвон», «Контакт не состоялся».
   */
  @Test
  void theSeed000RegimeFiveCallsOverThreeDaysMorningAndEveningNeedsNoJavaChange() {
    inSeed000Regime(() -> {
      ProcessInstance pi = newLead();
      driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
      String[][] expected = {
        {"2030-03-05T18:00", "Перезвонить: день 1 зв 2 (вечером)"},
        {"2030-03-06T10:00", "Перезвонить: день 2 зв 3"},
        {"2030-03-06T18:00", "Перезвонить: день 2 зв 4 (вечером)"},
        {"2030-03-07T10:00", "Перезвонить: день 3 зв 5"},
      };
      missEveryRecall(pi, expected);
      assertThat(pi).isEnded().hasPassed("Event_ReanimateNoContact", "Event_FinalCallNoContact").hasNotPassed("Event_LostNotReached");
      assertThat(stage(pi)).isEqualTo(new Stage("LOST", "Финальный прозвон"));
      assertThat(outcome(pi)).isEqualTo("LOST");
      assertThat(lossReason(pi)).isEqualTo("Контакт не состоялся");
      assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
      assertThat(callTimeline(pi))
          .containsExactly(
              "Недозвон: попытка 1", "Перезвон назначен на 05.03 18:00 (день 1 зв 2 (вечером))",
              "Недозвон: попытка 2", "Перезвон назначен на 06.03 10:00 (день 2 зв 3)",
              "Недозвон: попытка 3", "Перезвон назначен на 06.03 18:00 (день 2 зв 4 (вечером))",
              "Недозвон: попытка 4", "Перезвон назначен на 07.03 10:00 (день 3 зв 5)",
              "Недозвон: попытка 5");
      assertThat(deals.timeline(dealOf(pi))).extracting(TimelineEntry::text).contains("Этап: Финальный прозвон");
      assertThat(deals.tags(dealOf(pi))).contains("Недозвон", "Финальный_прозвон");
    });
  }

  /**
   * For each {due moment, task name}: the recall falls due then, is named so, and is missed again.
   */
  private void missEveryRecall(ProcessInstance pi, String[][] expected) {
    for (String[] call : expected) {
      assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow(call[0])));
      ProcessDriver.setClock(call[0]);
      driver.fire(pi, "Event_RecallDue");
      assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo(call[1]);
      driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Снова не ответил");
    }
  }

  /**
   * Seed 000 §2.1: the first call missed in the afternoon — the next task is tomorrow and reads
   * «день 2 зв 2»; the last reads «день 3 зв 5 (вечером)».
   */
  @Test
  void inSeed000RegimeAFirstCallMissedInTheAfternoonIsRecalledTomorrowAsDay2Call2() {
    inSeed000Regime(() -> {
      ProcessDriver.setClock("2030-03-05T16:30");
      ProcessInstance pi = newLead();
      driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
      String[][] expected = {
        {"2030-03-06T10:00", "Перезвонить: день 2 зв 2"},
        {"2030-03-06T18:00", "Перезвонить: день 2 зв 3 (вечером)"},
        {"2030-03-07T10:00", "Перезвонить: день 3 зв 4"},
        {"2030-03-07T18:00", "Перезвонить: день 3 зв 5 (вечером)"},
      };
      missEveryRecall(pi, expected);
      assertThat(callTimeline(pi)).contains("Перезвон назначен на 06.03 10:00 (день 2 зв 2)");
      assertThat(pi).isEnded().hasPassed("Event_FinalCallNoContact");
      assertThat(lossReason(pi)).isEqualTo("Контакт не состоялся");
    });
  }

  /** The shipped regime (seed 003) after the same afternoon miss: three hours later, the same evening. */
  @Test
  void inTheShippedRegimeAFirstCallMissedInTheAfternoonIsRecalledThreeHoursLater() {
    ProcessDriver.setClock("2030-03-05T16:30");
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку, наберу через три часа");

    assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T19:30")));
    ProcessDriver.setClock("2030-03-05T19:30");
    driver.fire(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 1 зв 2 (вечером)");
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 05.03 19:30 (день 1 зв 2 (вечером))");
  }

  /**
   * Seed 000 §2.3 in its own regime: the client answers «день 2 зв 4 (вечером)» and asks to be
   * called at 20:00 — «день 2 зв 4», second line «просил перезвонить»; he does not answer —
   * «день 3 зв 5», «просил перезвонить и не ответил»; six calls in all, then «Финальный прозвон».
   */
  @Test
  void inSeed000RegimeAClientWhoAskedToBeCalledBackAndThenDidNotAnswerGetsSixCalls() {
    inSeed000Regime(() -> {
      ProcessInstance pi = newLead();
      driver.complete(pi, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
      for (String at : new String[] {"2030-03-05T18:00", "2030-03-06T10:00"}) {
        ProcessDriver.setClock(at);
        driver.fire(pi, "Event_RecallDue");
        driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Гудки идут, не отвечает");
      }
      ProcessDriver.setClock("2030-03-06T18:00");
      driver.fire(pi, "Event_RecallDue");
      assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 2 зв 4 (вечером)");

      driver.complete(pi, "Activity_Recall", "outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-03-06T20:00"), "result", "Взял трубку за рулём, просил перезвонить в 20:00");

      ProcessDriver.setClock("2030-03-06T20:00");
      driver.fire(pi, "Event_RecallDue");
      Task callBack = driver.task(pi, "Activity_Recall");
      assertThat(callBack.getName()).isEqualTo("Перезвонить: день 2 зв 4");
      assertThat(callBack.getDescription()).isEqualTo("просил перезвонить");
      driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "В 20:00 не ответил, хотя сам просил");

      assertThat(driver.due(pi, "Event_RecallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T10:00")));
      ProcessDriver.setClock("2030-03-07T10:00");
      driver.fire(pi, "Event_RecallDue");
      Task last = driver.task(pi, "Activity_Recall");
      assertThat(last.getName()).isEqualTo("Перезвонить: день 3 зв 5");
      assertThat(last.getDescription()).isEqualTo("просил перезвонить и не ответил");
      driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Последняя попытка — снова не ответил");

      assertThat(pi).isEnded().hasPassed("Event_FinalCallNoContact");
      assertThat(lossReason(pi)).isEqualTo("Контакт не состоялся");
      // Six calls, each with its written result: the first contact, four recalls and the call-back.
      assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.TASK_RESULT).hasSize(6);
      assertThat(callTimeline(pi))
          .contains(
              "Перезвон назначен на 06.03 20:00 (день 2 зв 4 — просил перезвонить)",
              "Перезвон назначен на 07.03 10:00 (день 3 зв 5 — просил перезвонить и не ответил)");
    });
  }

  // ---------------------------------------------------------------- «Задача по договорённости»

  /** Sets a manual task on the deal as the given employee, through the same service as the card's button. */
  ManualTasks.Created setTaskAs(String user, String group, ProcessInstance pi, String text, String dueLocal) {
    identity.setAuthentication(user, List.of(group));
    try {
      return manualTasks.set(dealOf(pi), text, ProcessDriver.moscow(dueLocal));
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void aManagerSetsATaskInAChatItGoesToTheResponsibleWithItsDueAndNeedsAWrittenResult() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "CHAT", "result", "Говорить не может, попросил писать в Telegram");

    ManualTasks.Created created = setTaskAs("manager1", "managers", pi, "Перезвонить после 19:00, клиент на работе", "2030-03-06T19:00");

    Task task = tasks.createTaskQuery().taskId(created.taskId()).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_ManualTask");
    assertThat(task.getName()).isEqualTo("По договорённости: Перезвонить после 19:00, клиент на работе");
    assertThat(task.getAssignee()).isEqualTo("manager1");
    assertThat(task.getDueDate()).isEqualTo(ProcessDriver.at("2030-03-06T19:00"));
    assertThat(tasks.getVariable(task.getId(), ProcessVariables.CLIENT_NAME)).isEqualTo("Иван Петров");
    // The chat's own task stays: the manual task runs beside the funnel, not instead of it.
    assertThat(pi).isWaitingAt("Activity_ChatNextStep", "Activity_ManualTask");
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.NOTE).extracting(TimelineEntry::text, TimelineEntry::userId)
        .contains(org.assertj.core.groups.Tuple.tuple("Поставлена задача на 06.03.2030 19:00: «Перезвонить после 19:00, клиент на работе»", "manager1"));

    assertThatThrownBy(() -> tasks.complete(task.getId())).hasMessageContaining("Результат");
    assertThat(pi).isWaitingAt("Activity_ManualTask");
    identity.setAuthentication("manager1", List.of("managers"));
    try {
      tasks.complete(task.getId(), Map.of("result", "Дозвонился, клиент выбирает между двумя курсами"));
    } finally {
      identity.clearAuthentication();
    }

    assertThat(pi).hasPassed("Event_ManualTaskDone").isWaitingAt("Activity_ChatNextStep");
    assertThat(deals.timeline(dealOf(pi))).filteredOn(e -> e.kind() == TimelineKind.TASK_RESULT)
        .extracting(TimelineEntry::text, TimelineEntry::userId)
        .contains(org.assertj.core.groups.Tuple.tuple(
            "«По договорённости: Перезвонить после 19:00, клиент на работе»: Дозвонился, клиент выбирает между двумя курсами", "manager1"));
  }

  @Test
  void twoManualTasksKeepTheirOwnTextAndDueAndClosingTheDealEndsThem() {
    ProcessInstance pi = newLead();
    driver.complete(pi, "Activity_ProcessLead", "outcome", "CHAT", "result", "Удобнее переписываться, продолжаем в WhatsApp");

    String first = setTaskAs("rop", "sales-heads", pi, "Прислать программу курса", "2030-03-05T15:00").taskId();
    String second = setTaskAs("manager1", "managers", pi, "Узнать, посмотрел ли программу", "2030-03-07T11:30").taskId();

    assertThat(tasks.createTaskQuery().taskId(first).singleResult().getName()).isEqualTo("По договорённости: Прислать программу курса");
    assertThat(tasks.createTaskQuery().taskId(first).singleResult().getAssignee()).isEqualTo("manager1");
    assertThat(tasks.createTaskQuery().taskId(second).singleResult().getName()).isEqualTo("По договорённости: Узнать, посмотрел ли программу");
    assertThat(tasks.createTaskQuery().taskId(second).singleResult().getDueDate()).isEqualTo(ProcessDriver.at("2030-03-07T11:30"));
    assertThat(tasks.getVariable(first, ProcessVariables.MANUAL_TASK_TEXT)).isEqualTo("Прислать программу курса");
    assertThat(tasks.getVariable(second, ProcessVariables.MANUAL_TASK_TEXT)).isEqualTo("Узнать, посмотрел ли программу");

    driver.complete(pi, "Activity_ChatNextStep", "outcome", "REFUSED", "lossReason", "Дорого", "result", "Написал в чате, что курс для него дорогой");

    assertThat(pi).isEnded().hasPassed("Event_Lost");
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  // ---------------------------------------------------------------- chat

  @Test
  void aChatIsDecidedWithin2DaysAndTheHeadOfSalesChecksAfter3() {
    ProcessInstance pi = newLead();

    driver.complete(pi, "Activity_ProcessLead", "outcome", "CHAT", "result", "Ответил в Telegram, продолжаем в переписке");

    assertThat(stage(pi)).isEqualTo(new Stage("CHAT", "Ведётся переписка"));
    assertThat(driver.task(pi, "Activity_ChatNextStep").getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T10:00")));
    assertThat(driver.due(pi, "Event_ChatStalled")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-08T10:00")));
    ProcessDriver.setClock("2030-03-08T10:00");
    driver.fire(pi, "Event_ChatStalled");
    assertThat(driver.task(pi, "Activity_ControlStalledChat")).hasCandidateGroup("sales-heads");
    driver.complete(pi, "Activity_ControlStalledChat", "result", "Попросил менеджера написать клиенту ещё раз сегодня");

    driver.complete(pi, "Activity_ChatNextStep", "outcome", "CHAT", "result", "Уточняет расписание занятий, жду ответа в чате");
    driver.complete(pi, "Activity_ChatNextStep", "outcome", "QUALIFIED", "result", "В чате подтвердил интерес, хочет предложение по курсу");

    assertThat(pi).isWaitingAt("Activity_PrepareOffer");
    assertThat(stage(pi)).isEqualTo(new Stage("QUALIFIED", "Квалифицирован"));
  }

  // ---------------------------------------------------------------- offer, trial, invoice

  @Test
  void aTrialLessonRemindsTheClientAndAfterTheLessonTheManagerMarksIt() {
    ProcessInstance pi = qualifiedLead();
    assertThat(driver.task(pi, "Activity_PrepareOffer").getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-05T12:00")));

    driver.complete(pi, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-06T16:00"), "lessonLink", "https://school.example/trial",
        "tagTrialLesson", true, "course", "Python-разработчик", "budget", 45000, "result", "Договорились о пробном уроке на среду, 16:00, ссылку отправила");

    assertThat(stage(pi)).isEqualTo(new Stage("TRIAL_SCHEDULED", "Назначен пробный урок"));
    assertThat(outbox.count(dealOf(pi), "trial-scheduled")).isEqualTo(1);
    assertThat(deals.tags(dealOf(pi))).contains("trial_lesson");
    assertThat(driver.due(pi, "Event_BeforeTrial")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T14:00")));
    ProcessDriver.setClock("2030-03-06T14:00");
    driver.fire(pi, "Event_BeforeTrial");
    assertThat(outbox.count(dealOf(pi), "trial-reminder")).isEqualTo(1);
    assertThat(driver.due(pi, "Event_AfterTrial")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T17:00")));
    ProcessDriver.setClock("2030-03-06T17:00");
    driver.fire(pi, "Event_AfterTrial");

    driver.complete(pi, "Activity_MarkTrial", "outcome", "RESCHEDULED", "trialAt", ProcessDriver.iso("2030-03-07T16:00"), "result", "Клиент заболел, перенесли пробный урок на четверг, 16:00");
    assertThat(driver.due(pi, "Event_BeforeTrial")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T14:00")));
    ProcessDriver.setClock("2030-03-07T14:00");
    driver.fire(pi, "Event_BeforeTrial");
    assertThat(outbox.count(dealOf(pi), "trial-scheduled")).isEqualTo(2);
    assertThat(outbox.count(dealOf(pi), "trial-reminder")).isEqualTo(2);
    ProcessDriver.setClock("2030-03-07T17:00");
    driver.fire(pi, "Event_AfterTrial");
    driver.complete(pi, "Activity_MarkTrial", "outcome", "HELD", "result", "Урок прошёл, клиенту понравился преподаватель");

    assertThat(stage(pi)).isEqualTo(new Stage("TRIAL_HELD", "Пробный урок проведен"));
    driver.complete(pi, "Activity_RequestFeedback", "outcome", "THINK", "result", "Понравилось, но хочет посоветоваться с женой");
    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-08T17:00")));
    ProcessDriver.setClock("2030-03-08T17:00");
    driver.fire(pi, "Event_DayToThink");
    driver.complete(pi, "Activity_AskDecision", "outcome", "THINK", "result", "Ещё сравнивает с другой школой, просил день подумать");
    ProcessDriver.setClock("2030-03-09T17:00");
    driver.fire(pi, "Event_DayToThink");
    driver.complete(pi, "Activity_AskDecision", "outcome", "INVOICE", "budget", 42000, "invoiceDeadline", "2030-03-12", "result", "Решился, счёт на 42 000 ₽ отправлен на почту, оплатит до 12.03");

    assertThat(stage(pi)).isEqualTo(new Stage("INVOICE_SENT", "Счет выставлен"));
    assertThat(jdbc.queryForObject("SELECT budget FROM deal WHERE id = ?", Integer.class, dealOf(pi))).isEqualTo(42000);
  }

  /**
   * A rescheduled trial lesson is a new occasion: the client gets a new invitation with the new
   * time and link at once, and the reminder two hours before the new time — not before the old one.
   */
  @Test
  void aRescheduledTrialLessonSendsANewInvitationAndRemindsBeforeTheNewTime() {
    ProcessInstance pi = qualifiedLead();
    driver.complete(pi, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-06T16:00"), "lessonLink", "https://school.example/trial",
        "course", "Python-разработчик", "budget", 45000, "result", "Записала на пробный урок в среду в 16:00");
    ProcessDriver.setClock("2030-03-06T17:00");
    driver.fire(pi, "Event_BeforeTrial");
    driver.fire(pi, "Event_AfterTrial");

    driver.complete(pi, "Activity_MarkTrial", "outcome", "RESCHEDULED", "trialAt", "2030-03-10T12:30", "lessonLink", "https://school.example/trial-2", "result", "Не успевает в среду, перенесли на 10.03 в 12:30, новую ссылку отправила");

    List<ru.onlineschool.funnels.messaging.Outbox.Message> invitations =
        outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().equals("trial-scheduled")).toList();
    assertThat(invitations).hasSize(2);
    assertThat(invitations.get(1).body()).contains("10 марта 2030 г., 12:30").contains("https://school.example/trial-2");
    assertThat(outbox.count(dealOf(pi), "trial-reminder")).isEqualTo(1);
    assertThat(driver.due(pi, "Event_BeforeTrial")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-10T10:30")));
    ProcessDriver.setClock("2030-03-10T10:30");
    driver.fire(pi, "Event_BeforeTrial");
    List<ru.onlineschool.funnels.messaging.Outbox.Message> reminders =
        outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().equals("trial-reminder")).toList();
    assertThat(reminders).hasSize(2);
    assertThat(reminders.get(1).body()).contains("10 марта 2030 г., 12:30");
  }

  /** Drives a fresh lead through a trial lesson held on 06.03 to «Запросить обратную связь и выставить счёт». */
  ProcessInstance trialHeldLead() {
    ProcessInstance pi = qualifiedLead();
    driver.complete(pi, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-06T16:00"), "lessonLink", "https://school.example/trial",
        "course", "Python-разработчик", "budget", 45000, "result", "Записала на пробный урок в среду в 16:00, ссылку отправила");
    ProcessDriver.setClock("2030-03-06T14:00");
    driver.fire(pi, "Event_BeforeTrial");
    ProcessDriver.setClock("2030-03-06T17:00");
    driver.fire(pi, "Event_AfterTrial");
    driver.complete(pi, "Activity_MarkTrial", "outcome", "HELD", "result", "Урок прошёл, остались вопросы по оплате");
    return pi;
  }

  /**
   * «Нужно подумать»: the manager names when to call back (the form sends the school's wall time);
   * the call «Позвонить и узнать решение» comes then, and the deal's history says so. Left empty the
   * next time, the call comes a day later, in working time — the old answer does not linger.
   */
  @Test
  void aClientWhoThinksIsCalledWhenTheManagerChoseOrADayLaterByDefault() {
    ProcessInstance pi = trialHeldLead();

    driver.complete(pi, "Activity_RequestFeedback", "outcome", "THINK", "decisionCallAt", "2030-03-09T11:30", "result", "Понравилось, думает, просил позвонить в субботу в 11:30");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-09T11:30")));
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 09.03 11:30 (клиент думает — узнать решение)");
    assertThat(runtime.getVariable(pi.getId(), "decisionCallAt")).isNull();
    ProcessDriver.setClock("2030-03-09T11:30");
    driver.fire(pi, "Event_DayToThink");
    assertThat(driver.task(pi, "Activity_AskDecision").getAssignee()).isEqualTo("manager1");
    assertThat(driver.task(pi, "Activity_AskDecision").getDescription()).startsWith("Клиент брал время подумать.");

    ProcessDriver.setClock("2030-03-09T11:40");
    driver.complete(pi, "Activity_AskDecision", "outcome", "THINK", "result", "Ещё не решил, просил не торопить");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-10T11:40")));
    assertThat(callTimeline(pi)).contains("Перезвон назначен на 10.03 11:40 (клиент думает — узнать решение)");
  }

  /** The default call after a day keeps to working hours: decided at 21:30, after hours, it comes at 09:00 the day after next. */
  @Test
  void theDefaultCallOfAThinkingClientKeepsToWorkingHours() {
    ProcessInstance pi = trialHeldLead();
    ProcessDriver.setClock("2030-03-06T21:30");

    driver.complete(pi, "Activity_RequestFeedback", "outcome", "THINK", "result", "Хочет подумать до завтра");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-08T09:00")));
  }

  /** A moment in the past or outside working hours is refused naming the field; the task stays open. */
  @Test
  void aCallToLearnTheDecisionInThePastOrAtNightIsRefused() {
    ProcessInstance pi = trialHeldLead();
    String id = driver.task(pi, "Activity_RequestFeedback").getId();

    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "THINK", "decisionCallAt", "2030-03-06T12:00", "result", "Думает")))
        .hasMessageContaining("«Когда позвонить: дата»")
        .hasMessageContaining("уже прошло");
    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "THINK", "decisionCallAt", "2030-03-07T22:30", "result", "Думает")))
        .hasMessageContaining("«Когда позвонить: дата»")
        .hasMessageContaining("с 09:00 до 21:00");
    assertThat(pi).isWaitingAt("Activity_RequestFeedback");
    assertThat(callTimeline(pi)).noneMatch(text -> text.contains("клиент думает"));
  }

  // ---------------------------------------------------------------- a client silent after the offer (issue 17)

  /** The calls named after the offer in the deal's history, in order. */
  List<String> afterOfferTimeline(ProcessInstance pi) {
    return callTimeline(pi).stream().filter(text -> text.contains("после предложения") || text.contains("просил перезвонить")).toList();
  }

  /** For each {due moment, task name}: the attempt after the offer falls due then, is named so, and is missed. */
  private void missEveryAttemptAfterTheOffer(ProcessInstance pi, String[][] expected) {
    for (String[] call : expected) {
      assertThat(driver.due(pi, "Event_SilentCallDue")).isEqualTo(Date.from(ProcessDriver.moscow(call[0])));
      ProcessDriver.setClock(call[0]);
      driver.fire(pi, "Event_SilentCallDue");
      Task task = driver.task(pi, "Activity_SilentCall");
      assertThat(task.getName()).isEqualTo(call[1]);
      assertThat(task.getAssignee()).isEqualTo("manager1");
      assertThat(task.getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow(call[0]).plusSeconds(3600)));
      driver.complete(pi, "Activity_SilentCall", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    }
  }

  /**
   * Seed 000 §2.4: the client has the offer and does not answer the call about it — 4 attempts,
   * «день 1 зв 2 (вечером)» after a morning miss, and a message; after the fourth, «Финальный
   * прозвон» with «Перестал выходить на связь», and «Реанимация» takes the deal (a month later, by
   * «Когда реанимировать»).
   */
  @Test
  void aClientSilentAfterTheOfferGetsFourAttemptsAndAMessageThenStoppedAnsweringAndReanimation() {
    ProcessInstance pi = trialHeldLead();
    ProcessDriver.setClock("2030-03-07T10:00");

    driver.complete(pi, "Activity_RequestFeedback", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    assertThat(outbox.count(dealOf(pi), "silent-after-offer")).isEqualTo(1);
    assertThat(outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().equals("silent-after-offer")).findFirst().orElseThrow().body())
        .contains("не смогли до вас дозвониться")
        .contains("«Python-разработчик»");
    String[][] expected = {
      {"2030-03-07T18:00", "Перезвонить после предложения, попытка 1 из 4: день 1 зв 2 (вечером)"},
      {"2030-03-08T10:00", "Перезвонить после предложения, попытка 2 из 4: день 2 зв 3"},
      {"2030-03-08T18:00", "Перезвонить после предложения, попытка 3 из 4: день 2 зв 4 (вечером)"},
      {"2030-03-09T10:00", "Перезвонить после предложения, попытка 4 из 4: день 3 зв 5"},
    };
    missEveryAttemptAfterTheOffer(pi, expected);

    assertThat(pi).isEnded().hasPassed("Activity_SilentMessage", "Event_ReanimateSilent", "Event_SilentClosed").hasNotPassed("Event_Lost");
    assertThat(stage(pi)).isEqualTo(new Stage("LOST", "Финальный прозвон"));
    assertThat(outcome(pi)).isEqualTo("LOST");
    assertThat(lossReason(pi)).isEqualTo("Перестал выходить на связь");
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
    // One message for the whole silence, not one per miss.
    assertThat(outbox.count(dealOf(pi), "silent-after-offer")).isEqualTo(1);
    assertThat(afterOfferTimeline(pi))
        .containsExactly(
            "Недозвон после предложения: клиент не ответил на звонок",
            "Перезвон назначен на 07.03 18:00 (после предложения, попытка 1 из 4: день 1 зв 2 (вечером))",
            "Недозвон после предложения: попытка 1 не удалась",
            "Перезвон назначен на 08.03 10:00 (после предложения, попытка 2 из 4: день 2 зв 3)",
            "Недозвон после предложения: попытка 2 не удалась",
            "Перезвон назначен на 08.03 18:00 (после предложения, попытка 3 из 4: день 2 зв 4 (вечером))",
            "Недозвон после предложения: попытка 3 не удалась",
            "Перезвон назначен на 09.03 10:00 (после предложения, попытка 4 из 4: день 3 зв 5)",
            "Недозвон после предложения: попытка 4 не удалась");
    assertThat(deals.timeline(dealOf(pi))).extracting(TimelineEntry::text).contains("Этап: Финальный прозвон");
    assertThat(deals.tags(dealOf(pi))).contains("Недозвон", "Финальный_прозвон");
    ProcessInstance reanimation =
        runtime.createProcessInstanceQuery()
            .processDefinitionKey(ru.onlineschool.funnels.reanimation.Reanimation.PROCESS_KEY)
            .variableValueEquals(ru.onlineschool.funnels.reanimation.Reanimation.ORIGINAL_DEAL_ID, dealOf(pi))
            .singleResult();
    assertThat(reanimation).as("«Реанимация» of the silent client").isNotNull();
    assertThat(runtime.getVariable(reanimation.getId(), ru.onlineschool.funnels.reanimation.Reanimation.ORIGINAL_LOSS_REASON))
        .isEqualTo("Перестал выходить на связь");
    assertThat(reanimation).isWaitingAt(ru.onlineschool.funnels.reanimation.Reanimation.WAIT_ACTIVITY);
  }

  /**
   * A client who answers at any attempt is back on the normal path: what he says decides, the
   * history says he answered, and the next silence counts from the first attempt again (with its
   * own message).
   */
  @Test
  void aClientWhoAnswersAtTheSecondAttemptIsBackOnTrackAndANewSilenceStartsAgain() {
    ProcessInstance pi = trialHeldLead();
    ProcessDriver.setClock("2030-03-07T14:00");
    driver.complete(pi, "Activity_RequestFeedback", "outcome", "NOT_REACHED", "result", "Не ответил после урока");
    missEveryAttemptAfterTheOffer(pi, new String[][] {{"2030-03-08T10:00", "Перезвонить после предложения, попытка 1 из 4: день 2 зв 2"}});
    ProcessDriver.setClock("2030-03-08T18:00");
    driver.fire(pi, "Event_SilentCallDue");
    assertThat(driver.task(pi, "Activity_SilentCall").getName()).isEqualTo("Перезвонить после предложения, попытка 2 из 4: день 2 зв 3 (вечером)");

    driver.complete(pi, "Activity_SilentCall", "outcome", "THINK", "decisionCallAt", "2030-03-11T12:00", "result", "Ответил со второй попытки, думает до понедельника");

    assertThat(pi).isWaitingAt("Event_DayToThink");
    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-11T12:00")));
    assertThat(afterOfferTimeline(pi)).endsWith("Клиент ответил после 2 звонков без ответа — попытки дозвона после предложения прекращены");
    ProcessDriver.setClock("2030-03-11T12:00");
    driver.fire(pi, "Event_DayToThink");

    driver.complete(pi, "Activity_AskDecision", "outcome", "NOT_REACHED", "result", "Опять не берёт трубку");

    assertThat(outbox.count(dealOf(pi), "silent-after-offer")).isEqualTo(2);
    assertThat(driver.due(pi, "Event_SilentCallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-12T10:00")));
    ProcessDriver.setClock("2030-03-12T10:00");
    driver.fire(pi, "Event_SilentCallDue");
    assertThat(driver.task(pi, "Activity_SilentCall").getName()).isEqualTo("Перезвонить после предложения, попытка 1 из 4: день 2 зв 2");

    driver.complete(pi, "Activity_SilentCall", "outcome", "INVOICE", "course", "Python-разработчик", "budget", 45000, "invoiceDeadline", "2030-03-20", "result", "Решился, счёт на 45 000 ₽ отправлен на почту, оплатит до 20.03");

    assertThat(stage(pi)).isEqualTo(new Stage("INVOICE_SENT", "Счет выставлен"));
    assertThat(afterOfferTimeline(pi)).endsWith("Клиент ответил после 1 звонка без ответа — попытки дозвона после предложения прекращены");
  }

  /**
   * «Просил перезвонить» on each call after the offer — «Запросить обратную связь…», «Позвонить и
   * узнать решение», «Перезвонить после предложения»: the call comes at the time the client named,
   * the history says so; without a time the form stays open.
   */
  @Test
  void aClientWhoAskedToBeCalledBackIsCalledAtTheNamedTimeFromEveryCallAfterTheOffer() {
    ProcessInstance pi = trialHeldLead();
    String feedback = driver.task(pi, "Activity_RequestFeedback").getId();
    assertThatThrownBy(() -> tasks.complete(feedback, Map.of("outcome", "CALL_BACK", "result", "Занят, просил перезвонить")))
        .hasMessageContaining("«Когда позвонить: дата»")
        .hasMessageContaining("клиент просил перезвонить");
    assertThat(pi).isWaitingAt("Activity_RequestFeedback");

    driver.complete(pi, "Activity_RequestFeedback", "outcome", "CALL_BACK", "decisionCallAt", "2030-03-07T19:15", "result", "На работе, просил перезвонить вечером в 19:15");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T19:15")));
    assertThat(callTimeline(pi)).endsWith("Перезвон назначен на 07.03 19:15 (клиент просил перезвонить)");
    ProcessDriver.setClock("2030-03-07T19:15");
    driver.fire(pi, "Event_DayToThink");
    assertThat(driver.task(pi, "Activity_AskDecision").getDescription()).isEqualTo("просил перезвонить");

    driver.complete(pi, "Activity_AskDecision", "outcome", "CALL_BACK", "decisionCallAt", "2030-03-08T11:00", "result", "Ещё не решил, просил набрать завтра в 11");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-08T11:00")));
    assertThat(callTimeline(pi)).endsWith("Перезвон назначен на 08.03 11:00 (клиент просил перезвонить)");
    ProcessDriver.setClock("2030-03-08T11:00");
    driver.fire(pi, "Event_DayToThink");
    driver.complete(pi, "Activity_AskDecision", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    ProcessDriver.setClock("2030-03-08T18:00");
    driver.fire(pi, "Event_SilentCallDue");

    driver.complete(pi, "Activity_SilentCall", "outcome", "CALL_BACK", "decisionCallAt", "2030-03-09T09:30", "result", "Был в дороге, просил перезвонить утром в 9:30");

    assertThat(driver.due(pi, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-09T09:30")));
    assertThat(afterOfferTimeline(pi))
        .endsWith(
            "Клиент ответил после 1 звонка без ответа — попытки дозвона после предложения прекращены",
            "Перезвон назначен на 09.03 09:30 (клиент просил перезвонить)");
    ProcessDriver.setClock("2030-03-09T09:30");
    driver.fire(pi, "Event_DayToThink");
    assertThat(driver.task(pi, "Activity_AskDecision").getAssignee()).isEqualTo("manager1");
  }

  /**
   * The cadence after the offer is the process owner's table: two attempts three hours apart and
   * the message after the first failed attempt, deployed from Modeler, change the calls without a
   * Java change.
   */
  @Test
  void theProcessOwnerChangesTheCadenceAfterTheOfferInTheTable() {
    String id = repository.createDeployment().name("two attempts after the offer").addClasspathResource("dmn-test/silent-client-cadence-two-attempts.dmn").deploy().getId();
    try {
      ProcessInstance pi = trialHeldLead();
      ProcessDriver.setClock("2030-03-07T10:00");

      driver.complete(pi, "Activity_RequestFeedback", "outcome", "NOT_REACHED", "result", "Не ответил после урока");

      assertThat(outbox.count(dealOf(pi), "silent-after-offer")).isZero();
      missEveryAttemptAfterTheOffer(pi, new String[][] {{"2030-03-07T13:00", "Перезвонить после предложения, попытка 1 из 2: день 1 зв 2"}});
      assertThat(outbox.count(dealOf(pi), "silent-after-offer")).isEqualTo(1);
      missEveryAttemptAfterTheOffer(pi, new String[][] {{"2030-03-07T16:00", "Перезвонить после предложения, попытка 2 из 2: день 1 зв 3 (вечером)"}});

      assertThat(pi).isEnded().hasPassed("Event_SilentClosed");
      assertThat(lossReason(pi)).isEqualTo("Перестал выходить на связь");
    } finally {
      repository.deleteDeployment(id, true);
    }
  }


  /**
   * The payment reminder call has «Просил перезвонить» (the call comes again at the named time, in
   * working hours) and «Не дозвонился» (written down: the next reminder is the next attempt).
   */
  @Test
  void aPaymentReminderCallCanBeCalledBackAtTheNamedTimeOrMarkedNotReached() {
    ProcessInstance pi = invoicedLead();
    ProcessDriver.setClock("2030-03-06T10:01");
    driver.fire(pi, "Event_PaymentReminderDue");
    String call = driver.task(pi, "Activity_PaymentReminderCall").getId();
    assertThatThrownBy(() -> tasks.complete(call, Map.of("outcome", "CALL_BACK", "result", "Просил перезвонить")))
        .hasMessageContaining("«Когда перезвонить: дата»");
    assertThatThrownBy(() -> tasks.complete(call, Map.of("outcome", "CALL_BACK", "callBackAt", "2030-03-06T22:00", "result", "Просил перезвонить")))
        .hasMessageContaining("«Когда перезвонить: дата»")
        .hasMessageContaining("с 09:00 до 21:00");

    driver.complete(pi, "Activity_PaymentReminderCall", "outcome", "CALL_BACK", "callBackAt", "2030-03-06T15:30", "result", "Просил перезвонить после обеда, в 15:30");

    assertThat(driver.task(pi, "Activity_PaymentReminderCall")).isNull();
    assertThat(driver.due(pi, "Event_PaymentCallBackDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-06T15:30")));
    assertThat(callTimeline(pi)).endsWith("Перезвон назначен на 06.03 15:30 (напоминание об оплате — клиент просил перезвонить)");
    ProcessDriver.setClock("2030-03-06T15:30");
    driver.fire(pi, "Event_PaymentCallBackDue");
    Task again = driver.task(pi, "Activity_PaymentReminderCall");
    assertThat(again.getName()).isEqualTo("Позвонить: напоминание об оплате (1 из 3)");
    assertThat(again.getAssignee()).isEqualTo("manager1");

    driver.complete(pi, "Activity_PaymentReminderCall", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    assertThat(driver.task(pi, "Activity_PaymentReminderCall")).isNull();
    assertThat(callTimeline(pi)).endsWith("Недозвон: напоминание об оплате (1 из 3) — письмо клиенту ушло");
    assertThat(deals.tags(dealOf(pi))).contains("Недозвон");
    assertThat(pi).isWaitingAt("Activity_AwaitPayment");
    assertThat(driver.due(pi, "Event_PaymentReminderDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-07T10:00")));
  }

  /**
   * «Счёт не оплачен в срок: решить» is a call too: a client who asks to be called back gets
   * «Позвонить и узнать решение» at the named time; one who does not answer gets the attempts of
   * «Недозвон после предложения».
   */
  @Test
  void anUnpaidInvoiceCallCanBeCalledBackOrStartTheAttemptsAfterTheOffer() {
    ProcessInstance callBack = invoicedLead();
    ProcessDriver.setClock("2030-03-11T09:00");
    driver.fire(callBack, "Event_InvoiceDeadline");

    driver.complete(callBack, "Activity_DecideUnpaid", "outcome", "CALL_BACK", "decisionCallAt", "2030-03-12T12:00", "result", "Про счёт помнит, просил перезвонить во вторник в 12:00");

    assertThat(driver.due(callBack, "Event_DayToThink")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-12T12:00")));
    assertThat(callTimeline(callBack)).endsWith("Перезвон назначен на 12.03 12:00 (клиент просил перезвонить)");
    ProcessDriver.setClock("2030-03-12T12:00");
    driver.fire(callBack, "Event_DayToThink");
    driver.complete(callBack, "Activity_AskDecision", "outcome", "INVOICE", "budget", 45000, "invoiceDeadline", "2030-03-15", "result", "Продлили срок, счёт на 45 000 ₽ отправлен заново, оплатит до 15.03");
    assertThat(callBack).isWaitingAt("Activity_AwaitPayment");

    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance silent = invoicedLead();
    ProcessDriver.setClock("2030-03-11T09:00");
    driver.fire(silent, "Event_InvoiceDeadline");

    driver.complete(silent, "Activity_DecideUnpaid", "outcome", "NOT_REACHED", "result", "Не взял трубку");

    assertThat(outbox.count(dealOf(silent), "silent-after-offer")).isEqualTo(1);
    assertThat(driver.due(silent, "Event_SilentCallDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-11T18:00")));
    ProcessDriver.setClock("2030-03-11T18:00");
    driver.fire(silent, "Event_SilentCallDue");
    assertThat(driver.task(silent, "Activity_SilentCall").getName()).isEqualTo("Перезвонить после предложения, попытка 1 из 4: день 1 зв 2 (вечером)");
  }

  /**
   * The process owner renames the regime in «Режим прозвона» but not in the rows of «Каденция
   * перезвонов»: the table has no row for a missed call. The step after the message to the client
   * stops with a Russian message naming the step and the table (an incident in Cockpit once the
   * retries are spent), nothing is planned; once the table is mended the same step goes on.
   */
  @Test
  void aCadenceWithoutARowForTheCaseStopsTheStepWithARussianMessage() throws Exception {
    String shipped;
    try (var in = getClass().getClassLoader().getResourceAsStream("bpmn/recall-cadence.dmn")) {
      shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String typo = "<outputEntry id=\"LiteralExpression_Regime\"><text>\"3 часа, потом сутки\"</text></outputEntry>";
    String renamed = shipped.replace("<outputEntry id=\"LiteralExpression_Regime\"><text>\"3 часа, затем сутки\"</text></outputEntry>", typo);
    assertThat(renamed).contains(typo);
    ProcessInstance pi = newLead();
    repository.createDeployment().name("regime renamed in one table only").addString("recall-cadence.dmn", renamed).deploy();
    try {
      tasks.complete(driver.task(pi, "Activity_ProcessLead").getId(), Map.of("outcome", "NOT_REACHED", "result", "Не взял трубку"));

      assertThatThrownBy(() -> MessageJobs.run(management, pi.getId()))
          .hasStackTraceContaining("Шаг «Определить следующую попытку» не выполнен: в таблице «Каденция перезвонов» нет строки для этого случая");

      assertThat(management.createJobQuery().processInstanceId(pi.getId()).activityId("Event_RecallDue").count()).isZero();
      assertThat(management.createJobQuery().processInstanceId(pi.getId()).withException().singleResult().getExceptionMessage())
          .contains("«Каденция перезвонов»");
    } finally {
      repository.createDeployment().name("shipped recall cadence").addString("recall-cadence.dmn", shipped).deploy();
    }
    management.executeJob(management.createJobQuery().processInstanceId(pi.getId()).withException().singleResult().getId());
    MessageJobs.run(management, pi.getId());
    assertThat(driver.due(pi, "Event_RecallDue")).isNotNull();
  }

  /** The payment provider's webhook as {@code POST /api/payments} takes it. */
  PaymentIntake.Result pay(ProcessInstance pi, String amount, String reference) {
    PaymentIntake.Result result = payments.accept(new PaymentRequest(dealOf(pi), new BigDecimal(amount), reference, "RUB"));
    MessageJobs.run(management, pi.getId());
    return result;
  }

  @Test
  void thePaymentWebhookWinsTheDealWhenTheWholeBudgetIsPaid() {
    ProcessInstance pi = invoicedLead();
    assertThat(driver.task(pi, "Activity_AwaitPayment").getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-11T09:00")));
    assertThat(driver.task(pi, "Activity_AwaitPayment").getPriority()).isEqualTo(80);

    pay(pi, "45000.00", "pay-" + System.nanoTime());

    assertThat(pi).isEnded().hasPassed("Activity_PaymentRule", "Event_HandOverToDelivery", "Event_Won");
    assertThat(stage(pi)).isEqualTo(new Stage("WON", "Успешно реализовано"));
    assertThat(outcome(pi)).isEqualTo("WON");
  }

  /**
   * The client pays while his reminder call is still open: the deal is won and the manager is not
   * left with «Позвонить: напоминание об оплате» on a paid deal, nor a call-back for it.
   */
  @Test
  void aPaymentClosesTheOpenReminderCallAndItsCallBack() {
    ProcessInstance open = invoicedLead();
    ProcessDriver.setClock("2030-03-06T10:01");
    driver.fire(open, "Event_PaymentReminderDue");
    assertThat(driver.task(open, "Activity_PaymentReminderCall")).isNotNull();

    pay(open, "45000.00", "pay-" + System.nanoTime());

    assertThat(open).isEnded().hasPassed("Event_Won");
    assertThat(tasks.createTaskQuery().processInstanceId(open.getId()).count()).isZero();
    assertThat(stage(open)).isEqualTo(new Stage("WON", "Успешно реализовано"));

    ProcessDriver.setClock("2030-03-05T10:00");
    ProcessInstance calledBack = invoicedLead();
    ProcessDriver.setClock("2030-03-06T10:01");
    driver.fire(calledBack, "Event_PaymentReminderDue");
    driver.complete(calledBack, "Activity_PaymentReminderCall", "outcome", "CALL_BACK", "callBackAt", "2030-03-06T15:30", "result", "Просил перезвонить после обеда");

    pay(calledBack, "45000.00", "pay-" + System.nanoTime());

    assertThat(calledBack).isEnded().hasPassed("Event_Won");
    assertThat(management.createJobQuery().processInstanceId(calledBack.getId()).count()).isZero();
  }

  @Test
  void aPartPaymentKeepsTheDealInvoicedAndTheRemindersGoOn() {
    ProcessInstance pi = invoicedLead();
    ProcessDriver.setClock("2030-03-06T10:01");
    driver.fire(pi, "Event_PaymentReminderDue");
    assertThat(outbox.count(dealOf(pi), "payment-reminder-1")).isEqualTo(1);

    PaymentIntake.Result part = pay(pi, "20000", "pay-" + System.nanoTime());

    assertThat(part.answer().stage()).isEqualTo(new Stage("INVOICE_SENT", "Счет выставлен"));
    assertThat(pi).isWaitingAt("Activity_AwaitPayment").hasPassed("Activity_PaymentRule").hasNotPassed("Event_Won");
    assertThat(stage(pi)).isEqualTo(new Stage("INVOICE_SENT", "Счет выставлен"));
    assertThat(outcome(pi)).isNull();
    Task task = driver.task(pi, "Activity_AwaitPayment");
    assertThat(task.getAssignee()).isEqualTo("manager1");
    assertThat(task.getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-11T09:00")));
    assertThat(tasks.getVariable(task.getId(), CourseSale.PAYMENT_STATUS)).isEqualTo("оплачено 20 000 ₽ из 45 000 ₽");
    assertThat(deals.timeline(dealOf(pi)))
        .filteredOn(line -> line.kind() == TimelineKind.PAYMENT)
        .extracting(TimelineEntry::text)
        .singleElement()
        .asString()
        .endsWith("— оплачено 20 000 ₽ из 45 000 ₽");
    // The client keeps being reminded of the rest, and no reminder comes twice.
    driver.fire(pi, "Event_PaymentReminderDue");
    assertThat(outbox.count(dealOf(pi), "payment-reminder-1")).isEqualTo(1);
    assertThat(outbox.count(dealOf(pi), "payment-reminder-2")).isEqualTo(1);
    assertThat(driver.due(pi, "Event_InvoiceDeadline")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-11T09:00")));

    pay(pi, "25000", "pay-" + System.nanoTime());

    assertThat(pi).isEnded().hasPassed("Event_Won");
    assertThat(outcome(pi)).isEqualTo("WON");
  }

  @Test
  void theProcessOwnerCanLetAFirstInstalmentWinTheDealWithoutAJavaChange() {
    repository.createDeployment().name("first instalment wins").addClasspathResource("dmn-test/deal-paid-first-instalment.dmn").deploy();
    try {
      ProcessInstance pi = invoicedLead();

      pay(pi, "15000", "pay-" + System.nanoTime());

      assertThat(pi).isEnded().hasPassed("Event_HandOverToDelivery", "Event_Won");
      assertThat(outcome(pi)).isEqualTo("WON");
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE parent_deal_id = ?", Integer.class, dealOf(pi))).isEqualTo(1);
    } finally {
      repository.createDeployment().name("default payment rule").addClasspathResource("bpmn/deal-paid.dmn").deploy();
    }
  }

  /** Three reminders per deadline: a part payment after the third restarts the timer, yet brings no fourth e-mail nor call. */
  @Test
  void aPartPaymentAfterTheThirdReminderBringsNoFourth() {
    ProcessInstance pi = invoicedLead();
    for (int day = 1; day <= 3; day++) {
      ProcessDriver.setClock("2030-03-0" + (5 + day) + "T10:01");
      driver.fire(pi, "Event_PaymentReminderDue");
    }
    pay(pi, "20000", "pay-" + System.nanoTime());

    ProcessDriver.setClock("2030-03-09T10:02");
    driver.fire(pi, "Event_PaymentReminderDue");

    assertThat(pi).hasPassed("Event_RemindersDone").isWaitingAt("Activity_AwaitPayment");
    assertThat(outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().startsWith("payment-reminder-")).count()).isEqualTo(3);
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Activity_PaymentReminderCall").count()).isEqualTo(3);
  }

  /**
   * Seed 004: the reminders work for the deadline. When the manager extends it, the client is
   * reminded three times again, each reminder naming the new deadline, and each step is a call task
   * for the responsible manager with the step's script from «Звонки-напоминания об оплате».
   */
  @Test
  void afterTheDeadlineIsExtendedTheClientIsRemindedThreeTimesAgain() {
    ProcessInstance pi = invoicedLead();
    for (int day = 1; day <= 3; day++) {
      ProcessDriver.setClock("2030-03-0" + (5 + day) + "T10:01");
      driver.fire(pi, "Event_PaymentReminderDue");
    }
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Activity_PaymentReminderCall").list())
        .extracting(Task::getName)
        .containsExactlyInAnyOrder(
            "Позвонить: напоминание об оплате (1 из 3)", "Позвонить: напоминание об оплате (2 из 3)", "Позвонить: напоминание об оплате (3 из 3)");
    tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Activity_PaymentReminderCall").list()
        .forEach(call -> tasks.complete(call.getId(), Map.of("outcome", "NOT_REACHED", "result", "Не ответил")));
    ProcessDriver.setClock("2030-03-11T09:00");
    driver.fire(pi, "Event_InvoiceDeadline");

    driver.complete(pi, "Activity_DecideUnpaid", "outcome", "EXTEND", "invoiceDeadline", "2030-03-14", "result", "Ждёт зарплату, продлили срок оплаты до 14.03");

    for (int step = 1; step <= 3; step++) {
      assertThat(driver.due(pi, "Event_PaymentReminderDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-1" + (1 + step) + "T09:00")));
      ProcessDriver.setClock("2030-03-1" + (1 + step) + "T09:01");
      driver.fire(pi, "Event_PaymentReminderDue");
      String template = "payment-reminder-" + step;
      List<ru.onlineschool.funnels.messaging.Outbox.Message> sent =
          outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().equals(template)).toList();
      assertThat(sent).as(template).hasSize(2);
      assertThat(sent.get(1).body()).contains("14 марта 2030");
      Task call = driver.task(pi, "Activity_PaymentReminderCall");
      assertThat(call.getName()).isEqualTo("Позвонить: напоминание об оплате (" + step + " из 3)");
      assertThat(call.getAssignee()).isEqualTo("manager1");
      assertThat(runtime.getVariable(pi.getId(), "paymentCallScript")).asString().contains(step == 1 ? "трудностей с оплатой" : "материалы для подготовки");
      driver.complete(pi, "Activity_PaymentReminderCall", "outcome", "TALKED", "result", "Обещал оплатить до 14.03");
    }
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).activityId("Event_PaymentReminderDue").count()).isZero();
    assertThat(outbox.ofDeal(dealOf(pi)).stream().filter(m -> m.template().startsWith("payment-reminder-")).count()).isEqualTo(6);
  }

  @Test
  void theClientIsRemindedThreeTimesThenTheManagerDecidesAndConfirmsAPaymentByHand() {
    ProcessInstance pi = invoicedLead();

    for (int day = 1; day <= 3; day++) {
      assertThat(driver.due(pi, "Event_PaymentReminderDue")).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-0" + (5 + day) + "T10:00")));
      ProcessDriver.setClock("2030-03-0" + (5 + day) + "T10:01");
      driver.fire(pi, "Event_PaymentReminderDue");
      assertThat(outbox.count(dealOf(pi), "payment-reminder-" + day)).isEqualTo(1);
    }
    // The cycle is over: a fourth firing, if the engine had one, would send nothing new.
    int extra = 0;
    Job next;
    while ((next = management.createJobQuery().processInstanceId(pi.getId()).activityId("Event_PaymentReminderDue").singleResult()) != null
        && extra < 5) {
      ClockUtil.setCurrentTime(new Date(next.getDuedate().getTime() + 60_000));
      management.executeJob(next.getId());
      extra++;
    }
    assertThat(extra).as("extra reminder firings").isZero();

    ProcessDriver.setClock("2030-03-11T09:00");
    driver.fire(pi, "Event_InvoiceDeadline");
    driver.complete(pi, "Activity_DecideUnpaid", "outcome", "EXTEND", "invoiceDeadline", "2030-03-14", "result", "Ждёт зарплату, продлили срок оплаты до 14.03");
    assertThat(driver.task(pi, "Activity_AwaitPayment").getDueDate()).isEqualTo(Date.from(ProcessDriver.moscow("2030-03-15T09:00")));

    String task = driver.task(pi, "Activity_AwaitPayment").getId();
    assertThatThrownBy(() -> tasks.complete(task, Map.of("outcome", "PAID", "paymentReference", "счёт 17", "result", "Оплатили")))
        .hasMessageContaining("Заполните «Сумма платежа, ₽»");
    assertThatThrownBy(
            () -> tasks.complete(task, Map.of("outcome", "PAID", "paymentAmount", 45000.01, "paymentReference", "счёт 17", "result", "Оплатили")))
        .hasMessageContaining("больше остатка по счёту");
    driver.complete(pi, "Activity_AwaitPayment", "outcome", "PAID", "paymentAmount", 30000, "paymentReference", "счёт 17", "result", "Клиент прислал чек на 30 000 ₽ по счёту 17");
    assertThat(pi).isWaitingAt("Activity_AwaitPayment");
    assertThat(stage(pi)).isEqualTo(new Stage("INVOICE_SENT", "Счет выставлен"));
    driver.complete(pi, "Activity_AwaitPayment", "outcome", "PAID", "paymentAmount", 15000, "paymentReference", "счёт 18", "result", "Доплатил 15 000 ₽ по счёту 18, курс оплачен полностью");

    assertThat(pi).isEnded().hasPassed("Event_Won");
  }

  @Test
  void aHandedOverQualifiedLeadKeepsItsManagerAndStartsAtTheOffer() {
    driver.onlyAvailable("manager1", "manager2");
    long dealId = newDeal("Вернувшиеся");

    ProcessInstance pi =
        runtime.createMessageCorrelation(CourseSale.QUALIFIED_LEAD_HANDED_OVER)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(Map.of(ProcessVariables.DEAL_ID, dealId, "responsible", "manager2", ProcessVariables.CLIENT_NAME, "Иван Петров"))
            .correlateStartMessage();

    assertThat(pi).isWaitingAt("Activity_PrepareOffer");
    assertThat(driver.task(pi, "Activity_PrepareOffer").getAssignee()).isEqualTo("manager2");
    assertThat(stage(pi)).isEqualTo(new Stage("QUALIFIED", "Квалифицирован"));
  }

  // ---------------------------------------------------------------- losses

  @Test
  void everyRefusalAsksForAReasonAndClosesTheDeal() {
    ProcessInstance notTargeted = newLead();
    driver.complete(notTargeted, "Activity_ProcessLead", "outcome", "NOT_TARGETED", "lossReason", "Спам", "result", "Рекламная рассылка, не клиент");
    assertThat(notTargeted).isEnded().hasPassed("Event_Lost");
    assertThat(lossReason(notTargeted)).isEqualTo("Спам");

    ProcessInstance offer = qualifiedLead();
    driver.complete(offer, "Activity_PrepareOffer", "outcome", "REFUSED", "lossReason", "Дорого", "result", "Предложение выслушал, сказал, что для него дорого");
    assertThat(lossReason(offer)).isEqualTo("Дорого");

    ProcessInstance trial = qualifiedLead();
    driver.complete(trial, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-05T12:00"), "lessonLink", "https://school.example/t",
        "course", "Python-разработчик", "budget", 45000, "result", "Записала на пробный урок сегодня в 12:00");
    driver.fire(trial, "Event_BeforeTrial");
    ProcessDriver.setClock("2030-03-05T13:00");
    driver.fire(trial, "Event_AfterTrial");
    driver.complete(trial, "Activity_MarkTrial", "outcome", "REFUSED", "lossReason", "Не подошла программа", "result", "После урока сказал, что программа ему не подходит");
    assertThat(lossReason(trial)).isEqualTo("Не подошла программа");

    ProcessDriver.setClock(START);
    ProcessInstance decision = qualifiedLead();
    driver.complete(decision, "Activity_PrepareOffer", "outcome", "TRIAL", "trialAt", ProcessDriver.iso("2030-03-05T16:00"), "lessonLink", "https://school.example/t",
        "course", "Python-разработчик", "budget", 45000, "result", "Записала на пробный урок сегодня в 16:00");
    driver.fire(decision, "Event_BeforeTrial");
    driver.fire(decision, "Event_AfterTrial");
    driver.complete(decision, "Activity_MarkTrial", "outcome", "HELD", "result", "Урок прошёл");
    driver.complete(decision, "Activity_RequestFeedback", "outcome", "REFUSED", "lossReason", "Выбрали других", "result", "Выбрал курс в другой школе");
    assertThat(lossReason(decision)).isEqualTo("Выбрали других");

    ProcessInstance payment = invoicedLead();
    driver.complete(payment, "Activity_AwaitPayment", "outcome", "REFUSED", "lossReason", "Нет денег", "result", "Денег на курс сейчас нет, оплачивать не будет");
    assertThat(lossReason(payment)).isEqualTo("Нет денег");

    ProcessInstance unpaid = invoicedLead();
    ProcessDriver.setClock("2030-03-11T09:00");
    driver.fire(unpaid, "Event_InvoiceDeadline");
    driver.complete(unpaid, "Activity_DecideUnpaid", "outcome", "REFUSED", "lossReason", "Отложили", "returnDate", "2030-06-01", "result", "Отложили обучение до лета, просил вернуться в июне");
    assertThat(lossReason(unpaid)).isEqualTo("Отложили");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(unpaid.getId()).count()).isZero();
  }

  @Test
  void closingWithoutAReasonNeedsTheHeadOfSalesApproval() {
    ProcessInstance rejected = newLead();
    driver.complete(rejected, "Activity_ProcessLead", "outcome", "REFUSED", "lossReason", "Без причины", "result", "Отказался, причину не назвал");
    assertThat(rejected).isWaitingAt("Activity_ApproveNoReason");
    assertThat(driver.task(rejected, "Activity_ApproveNoReason")).hasCandidateGroup("sales-heads");

    driver.complete(rejected, "Activity_ApproveNoReason", "outcome", "REJECT", "result", "Пусть менеджер уточнит причину у клиента");
    assertThat(driver.task(rejected, "Activity_ClarifyReason").getAssignee()).isEqualTo("manager1");
    driver.complete(rejected, "Activity_ClarifyReason", "lossReason", "Дорого", "result", "Перезвонила: для него дорого");
    assertThat(rejected).isEnded();
    assertThat(lossReason(rejected)).isEqualTo("Дорого");

    ProcessInstance approved = newLead();
    driver.complete(approved, "Activity_ProcessLead", "outcome", "REFUSED", "lossReason", "Без причины", "result", "Отказался, причину не назвал");
    driver.complete(approved, "Activity_ApproveNoReason", "outcome", "APPROVE", "result", "Клиент на связь больше не выходит, закрываем без причины");
    assertThat(approved).isEnded().hasPassed("Event_Lost");
    assertThat(lossReason(approved)).isEqualTo("Без причины");
  }
}
