package ru.onlineschool.funnels.reanimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.RecallRegimes;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.workplace.ManualTasks;
import ru.onlineschool.funnels.inbound.InboundMessage;
import ru.onlineschool.funnels.inbound.InboundMessages;
import ru.onlineschool.funnels.inbound.InboundProcessing;

/**
 * Every path of «Реанимация» and every loss reason, with time moved. Sales are lost in the real
 * «Продажа курса» model, deployed here with the element the lead adds to it: an intermediate
 * throw event «Передать в «Реанимацию»» ({@code ${reanimationHandOver}}) before its «lost» ends.
 * The class fails unless all flow nodes and sequence flows of reanimation.bpmn are covered.
 */
@ProcessTest
class ReanimationProcessTest {

  /** A Tuesday, 10:00 in Moscow. */
  static final String START = "2030-03-05T10:00";

  @Autowired ProcessEngine engine;
  @Autowired ProcessDriver driver;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired ReanimationWaits waits;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate rest;
  @Autowired ManualTasks manualTasks;
  @Autowired InboundProcessing inbound;
  @Autowired org.camunda.bpm.engine.IdentityService identity;

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






  long newContact() {
    return deals.createContact(new NewContact("Ольга Вернова", TestPhones.unique(), "olga" + System.nanoTime() + "@example.ru", null), Instant.now());
  }

  /** A fresh lead of the contact in «Продажа курса», waiting at «Обработать заявку». */
  ProcessInstance saleLead(long contactId) {
    long dealId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contactId, "Python-разработчик", "С лендинга курса", null), Instant.now());
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.DEAL_ID, dealId);
    vars.put(ProcessVariables.CLIENT_NAME, "Ольга Вернова");
    vars.put(ProcessVariables.CLIENT_PHONE, "+79160000000");
    vars.put(ProcessVariables.CLIENT_EMAIL, "olga@example.ru");
    vars.put(ProcessVariables.COURSE, "Python-разработчик");
    vars.put(CourseSale.LEAD_TYPE, "С лендинга курса");
    vars.put(CourseSale.SOURCE, "сайт");
    vars.put(CourseSale.COMMENT, "Сколько стоит?");
    vars.put(CourseSale.REFERER, null);
    vars.put(CourseSale.DUPLICATE_OF, null);
    return runtime.createMessageCorrelation(CourseSale.LEAD_RECEIVED)
        .processInstanceBusinessKey(String.valueOf(dealId))
        .setVariables(vars)
        .correlateStartMessage();
  }

  /**
   * A sale of the contact lost at the first call with the reason; {@code more} carries what else
   * the form gets, the «Результат» the manager typed among it.
   */
  long lostSale(long contactId, String reason, Object... more) {
    ProcessInstance sale = saleLead(contactId);
    Object[] vars = new Object[4 + more.length];
    vars[0] = "outcome";
    vars[1] = "REFUSED";
    vars[2] = "lossReason";
    vars[3] = reason;
    System.arraycopy(more, 0, vars, 4, more.length);
    driver.complete(sale, "Activity_ProcessLead", vars);
    assertThat(sale).isEnded();
    return dealOf(sale);
  }

  long lostSale(String reason, Object... more) {
    return lostSale(newContact(), reason, more);
  }





  long dealOf(ProcessInstance pi) {
    return Long.parseLong(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count() > 0
        ? runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult().getBusinessKey()
        : history.createHistoricProcessInstanceQuery().processInstanceId(pi.getId()).singleResult().getBusinessKey());
  }

  /** The reanimation started for the lost deal, waiting or ended. */
  HistoricProcessInstance reanimationOf(long originalDealId) {
    return history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(Reanimation.PROCESS_KEY)
        .variableValueEquals(Reanimation.ORIGINAL_DEAL_ID, originalDealId)
        .singleResult();
  }

  ProcessInstance waitingReanimationOf(long originalDealId) {
    ProcessInstance pi = runtime.createProcessInstanceQuery()
        .processDefinitionKey(Reanimation.PROCESS_KEY)
        .variableValueEquals(Reanimation.ORIGINAL_DEAL_ID, originalDealId)
        .singleResult();
    assertThat(pi).as("reanimation of deal %s", originalDealId).isNotNull();
    return pi;
  }

  boolean passed(String processInstanceId, String activity) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityId(activity).finished().count() > 0;
  }

  /** Waits out the delay and returns the reanimation deal's process, at «Позвонить клиенту…». */
  ProcessInstance reanimated(long originalDealId) {
    ProcessInstance pi = waitingReanimationOf(originalDealId);
    driver.fireWhenDue(pi, Reanimation.WAIT_ACTIVITY);
    assertThat(pi).isWaitingAt("Activity_ColdCall");
    return pi;
  }

  List<String> timeline(long dealId) {
    return deals.timeline(dealId).stream().map(TimelineEntry::text).toList();
  }

  int reanimationDeals(long contactId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE contact_id = ? AND funnel = 'reanimation'", Integer.class, contactId);
  }

  long contactOf(long dealId) {
    return jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, dealId);
  }

  Map<String, Object> row(long dealId) {
    return jdbc.queryForMap("SELECT funnel, parent_deal_id, outcome, loss_reason, lead_type, responsible, stage_code FROM deal WHERE id = ?", dealId);
  }

  // ---------------------------------------------------------------- the delay

  @Test
  void aClientLostAsExpensiveComesBackAfterAMonthOnWorkingTimeAsColdCallForHisFormerManagerWithTheHistory() {
    long original = lostSale("Дорого", "result", "Сказал, что для него дорого");
    ProcessInstance pi = waitingReanimationOf(original);

    assertThat(pi).isWaitingAt(Reanimation.WAIT_ACTIVITY);
    assertThat(driver.job(pi, Reanimation.WAIT_ACTIVITY).getDuedate()).isEqualTo(ProcessDriver.at("2030-04-04T10:00"));
    assertThat(runtime.getVariable(pi.getId(), Reanimation.REANIMATE_AT)).isEqualTo(ProcessDriver.at("2030-04-04T10:00"));
    assertThat(reanimationDeals(contactOf(original))).as("no deal while waiting").isZero();
    assertThat(timeline(original)).contains("Реанимация назначена на 04.04.2030 10:00 (причина отказа «Дорого»)");

    // By then every manager takes leads again; smart distribution alone would not pick manager1.
    ProcessDriver.setClock("2030-04-04T10:00");
    driver.onlyAvailable("manager1", "manager2", "manager3");
    driver.fireWhenDue(pi, Reanimation.WAIT_ACTIVITY);

    long reanimation = dealOf(pi);
    assertThat(reanimation).isNotEqualTo(original);
    assertThat(row(reanimation))
        .containsEntry("FUNNEL", "reanimation")
        .containsEntry("PARENT_DEAL_ID", original)
        .containsEntry("RESPONSIBLE", "manager1")
        .containsEntry("STAGE_CODE", "COLD_CALL");
    assertThat(deals.currentStage(reanimation)).contains(new Stage("COLD_CALL", "Холодный звонок"));
    Task call = driver.task(pi, "Activity_ColdCall");
    assertThat(call.getName()).isEqualTo("Позвонить клиенту, сделать повторное предложение");
    assertThat(call.getAssignee()).isEqualTo("manager1");
    assertThat(tasks.getIdentityLinksForTask(call.getId()))
        .anyMatch(link -> "candidate".equals(link.getType()) && "sales-heads".equals(link.getGroupId()));
    assertThat(call.getDueDate()).isEqualTo(ProcessDriver.at("2030-04-04T14:00"));
    assertThat(timeline(reanimation))
        .contains(
            "Из сделки №" + original + " «Продажа курса»: Этап: Новая заявка",
            "Из сделки №" + original + " «Продажа курса»: «Обработать заявку»: Сказал, что для него дорого",
            "Из сделки №" + original + " «Продажа курса»: Этап: Закрыто не реализовано",
            "Реанимация сделки №" + original + " «Продажа курса» (причина отказа «Дорого»); история сделки перенесена",
            "Ответственный: Анна Смирнова (прежний менеджер)",
            "Этап: Холодный звонок");
    assertThat(timeline(original)).contains("Реанимация: создана сделка №" + reanimation + " «Реанимация»");
  }

  @ParameterizedTest(name = "{0} → {2}")
  @CsvSource({
    "Перестал выходить на связь, , 2030-04-04T10:00, 'Обещал перезвонить сам и пропал'",
    "Выбрали других, , 2030-06-03T10:00, 'Ушёл на курс в другую школу'",
    "Не доработали сами, , 2030-03-12T10:00, 'Не отправили программу вовремя, клиент остыл'",
    "Отложили, , 2030-05-04T10:00, 'Сейчас не до учёбы, вернётся позже'",
    "Отложили, 2030-06-01, 2030-06-01T09:00, 'Просил вернуться к разговору в июне'",
    "Отложили, 2030-03-01, 2030-03-05T10:00, 'Хотел начать с марта, попросил набрать его'",
  })
  void eachReasonWaitsItsDelayAndPostponedWaitsForTheDayTheClientNamed(String reason, String returnDate, String due, String result) {
    long original = returnDate == null ? lostSale(reason, "result", result) : lostSale(reason, "returnDate", returnDate, "result", result);

    ProcessInstance pi = waitingReanimationOf(original);

    assertThat(driver.job(pi, Reanimation.WAIT_ACTIVITY).getDuedate()).isEqualTo(ProcessDriver.at(due));
    driver.fireWhenDue(pi, Reanimation.WAIT_ACTIVITY);
    assertThat(pi).isWaitingAt("Activity_ColdCall");
  }

  @Test
  void aLossLateInTheEveningComesBackOnTheNextWorkingMorning() {
    ProcessDriver.setClock("2030-03-05T21:30");
    long original = lostSale("Дорого", "result", "Дорого, ищет курс подешевле");

    assertThat(driver.job(waitingReanimationOf(original), Reanimation.WAIT_ACTIVITY).getDuedate()).isEqualTo(ProcessDriver.at("2030-04-05T09:00"));
  }

  @Test
  void aClientNeverReachedIsTriedAgainTwoWeeksAfterTheLastCall() {
    ProcessInstance sale = saleLead(newContact());
    driver.complete(sale, "Activity_ProcessLead", "outcome", "NOT_REACHED", "result", "Не взял трубку");
    driver.fireWhenDue(sale, "Event_RecallDue");
    driver.complete(sale, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Абонент недоступен");
    driver.fireWhenDue(sale, "Event_RecallDue");
    ProcessDriver.setClock("2030-03-06T13:30");
    driver.complete(sale, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Снова не ответил");
    assertThat(sale).isEnded().hasPassed("Event_ReanimateNotReached", "Event_LostNotReached");

    ProcessInstance pi = waitingReanimationOf(dealOf(sale));

    assertThat(runtime.getVariable(pi.getId(), Reanimation.ORIGINAL_LOSS_REASON)).isEqualTo("Не дозвонились");
    assertThat(driver.job(pi, Reanimation.WAIT_ACTIVITY).getDuedate()).isEqualTo(ProcessDriver.at("2030-03-20T13:30"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Спам, 'Заявка от бота, номер не существует'",
    "Некорректные данные, 'По номеру из заявки отвечает другой человек'",
    "Не оставлял заявку, 'Говорит, что заявку не оставлял'",
    "Хотел только часть программы, 'Нужен только модуль по SQL, весь курс не нужен'",
    "Не подошла программа, 'Посмотрел программу — не то, что искал'",
    "Не подошла форма обучения, 'Хочет заниматься очно, онлайн не подходит'",
    "Уже учится у нас, 'Уже учится у нас на другом курсе'",
    "Нет денег, 'Сейчас нет денег на обучение'",
    "Тест, 'Тестовая заявка от разработчиков сайта'",
  })
  void otherReasonsStartNothingAndOnlyLeaveANoteOnTheLostDeal(String reason, String result) {
    long original = lostSale(reason, "result", result);

    HistoricProcessInstance reanimation = reanimationOf(original);
    assertThat(reanimation.getEndTime()).isNotNull();
    assertThat(passed(reanimation.getId(), "Activity_NoteNoReanimation")).isTrue();
    assertThat(passed(reanimation.getId(), "Event_NoReanimation")).isTrue();
    assertThat(reanimationDeals(contactOf(original))).isZero();
    assertThat(timeline(original)).contains("Реанимация не предусмотрена для причины отказа «" + reason + "»");
  }

  @Test
  void closingWithoutAReasonStartsNothingEither() {
    ProcessInstance sale = saleLead(newContact());
    driver.complete(sale, "Activity_ProcessLead", "outcome", "REFUSED", "lossReason", "Без причины", "result", "Отказался, причину назвать не захотел");
    driver.complete(sale, "Activity_ApproveNoReason", "outcome", "APPROVE", "result", "Клиент на связь не идёт, причину не узнать — закрываем");

    HistoricProcessInstance reanimation = reanimationOf(dealOf(sale));
    assertThat(passed(reanimation.getId(), "Event_NoReanimation")).isTrue();
    assertThat(timeline(dealOf(sale))).contains("Реанимация не предусмотрена для причины отказа «Без причины»");
  }

  // ---------------------------------------------------------------- the client comes back by himself

  @Test
  void aNewLeadFromTheSameContactCancelsTheWaitingReanimation() {
    long original = lostSale("Дорого", "result", "Не устроила цена");
    ProcessInstance pi = waitingReanimationOf(original);
    long contact = contactOf(original);

    assertThat(waits.clientReturned(contact, 4242L)).isEqualTo(1);

    assertThat(pi).isEnded().hasPassed("Event_ClientReturned", "Activity_NoteClientReturned", "Event_ClientReturnedEnd");
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(reanimationDeals(contact)).isZero();
    assertThat(timeline(original)).endsWith("Реанимация отменена: клиент сам оставил новую заявку (сделка №4242)");
    assertThat(waits.clientReturned(contact)).as("nothing waits any more").isZero();
    assertThat(waits.clientReturned(newContact())).isZero();
  }

  // ---------------------------------------------------------------- the per-contact limit

  @Test
  void aContactIsReanimatedAtMostTwiceWaitingOnesCount() {
    long contact = newContact();
    long first = lostSale(contact, "Дорого", "result", "Сказал, что для него дорого");
    long second = lostSale(contact, "Выбрали других", "result", "Выбрал курс в другой школе");

    long third = lostSale(contact, "Не доработали сами", "result", "Долго не перезванивали, клиент остыл");

    HistoricProcessInstance over = reanimationOf(third);
    assertThat(passed(over.getId(), "Activity_NoteOverLimit")).isTrue();
    assertThat(passed(over.getId(), "Event_OverLimit")).isTrue();
    assertThat(timeline(third)).contains("Реанимация не начата: лимит реанимаций на клиента исчерпан (уже было: 2)");

    reanimated(first);
    reanimated(second);
    assertThat(reanimationDeals(contact)).isEqualTo(2);
    HistoricProcessInstance later = reanimationOf(lostSale(contact, "Дорого", "result", "Снова дорого, ждёт скидку"));
    assertThat(passed(later.getId(), "Event_OverLimit")).isTrue();
  }

  @Test
  void theProcessOwnerRaisesTheLimitToThreeInTheTableWithoutAJavaChange() {
    repository.createDeployment().name("three reanimations").addClasspathResource("dmn-test/reanimation-limit-three.dmn").deploy();
    try {
      long contact = newContact();
      lostSale(contact, "Дорого", "result", "Сказал, что для него дорого");
      lostSale(contact, "Выбрали других", "result", "Записался в другую школу, там дешевле");

      long third = lostSale(contact, "Не доработали сами", "result", "Не перезвонили вовремя, клиент передумал");

      assertThat(passed(reanimationOf(third).getId(), "Event_OverLimit")).isFalse();
      waitingReanimationOf(third);
      long fourth = lostSale(contact, "Дорого", "result", "Опять отказ: дорого");
      assertThat(passed(reanimationOf(fourth).getId(), "Event_OverLimit")).isTrue();
      assertThat(timeline(fourth)).contains("Реанимация не начата: лимит реанимаций на клиента исчерпан (уже было: 3)");
    } finally {
      repository.createDeployment().name("default reanimation limit").addClasspathResource("bpmn/reanimation-limit.dmn").deploy();
    }
  }

  // ---------------------------------------------------------------- the reanimation deal

  @Test
  void aClientWhoWritesInAMessengerDuringTheReanimationGetsAnAnswerTaskForHisManager() {
    String phone = TestPhones.unique();
    long contactId = deals.createContact(new NewContact("Ольга Вернова", phone, null, null), Instant.now());
    ProcessInstance pi = reanimated(lostSale(contactId, "Дорого", "result", "Дорого для неё сейчас"));
    long reanimation = dealOf(pi);

    InboundMessages.Outcome outcome =
        inbound.process(new InboundMessage("WHATSAPP", "wamid.reanimation" + System.nanoTime(), phone.substring(1), "Ольга", phone.substring(1), null, "Есть ли сейчас скидки?")).outcome();

    assertThat(outcome).isEqualTo(InboundMessages.Outcome.TASK);
    Task answer = driver.task(pi, "Activity_AnswerClient");
    assertThat(answer.getName()).isEqualTo("Ответить клиенту (WhatsApp): Есть ли сейчас скидки?");
    assertThat(answer.getAssignee()).isEqualTo(row(reanimation).get("RESPONSIBLE"));
    assertThat(timeline(reanimation)).contains("Клиент написал в WhatsApp: Есть ли сейчас скидки?");
    driver.complete(pi, "Activity_AnswerClient", "result", "Рассказала про скидку 20 % до конца месяца");
    assertThat(pi).hasPassed("Event_ClientAnswered").isWaitingAt("Activity_ColdCall");
  }

  @Test
  void afterTheContactTheManagerSetsTheReturnDateTheClientNamedAsATaskAndTheNeedClosesIt() {
    ProcessInstance pi = reanimated(lostSale("Дорого", "result", "Для неё дорого, просила сообщить о скидках"));
    long reanimation = dealOf(pi);
    java.time.Instant due = ClockUtil.getCurrentTime().toInstant().plus(java.time.Duration.ofDays(14));
    identity.setAuthentication("manager1", List.of("managers"));
    try {
      // «Холодный звонок»: the funnel sets the call, not the manager.
      assertThatThrownBy(() -> manualTasks.set(reanimation, "Позвонить позже", due)).hasMessageContaining("задачи ставит сама воронка");
      driver.complete(pi, "Activity_ColdCall", "outcome", "CONTACTED", "result", "Вернётся к обучению через две недели");
      ManualTasks.Created created = manualTasks.set(reanimation, "Позвонить: обещала решить после отпуска", due);

      Task task = tasks.createTaskQuery().taskId(created.taskId()).singleResult();
      assertThat(task.getName()).isEqualTo("По договорённости: Позвонить: обещала решить после отпуска");
      assertThat(task.getAssignee()).isEqualTo("manager1");
      assertThat(task.getDueDate().toInstant()).isEqualTo(due);
      tasks.complete(task.getId(), Map.of("result", "Позвонила, ещё думает"));
    } finally {
      identity.clearAuthentication();
    }
    assertThat(pi).hasPassed("Event_ManualTaskDone");
    assertThat(timeline(reanimation)).contains("«По договорённости: Позвонить: обещала решить после отпуска»: Позвонила, ещё думает");

    // A task still open when the deal is handed over to sales ends with the reanimation deal.
    identity.setAuthentication("manager1", List.of("managers"));
    try {
      manualTasks.set(reanimation, "Перезвонить ещё раз", due);
    } finally {
      identity.clearAuthentication();
    }
    driver.fireWhenDue(pi, "Event_FeedbackDue");
    driver.complete(pi, "Activity_GetFeedback", "outcome", "NEED_IDENTIFIED", "course", "Data Science", "result", "Готова начать");
    assertThat(pi).isEnded().hasPassed("Event_HandedOver");
    assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void contactMadeThenADayLaterTheNeedIsIdentifiedAndANewQualifiedSaleStartsWithTheWholeHistory() {
    long original = lostSale("Дорого", "result", "Дорого, спрашивал про рассрочку");
    ProcessInstance pi = reanimated(original);
    long reanimation = dealOf(pi);

    driver.complete(pi, "Activity_ColdCall", "outcome", "CONTACTED", "result", "Рассказала про рассрочку, подумает");

    assertThat(deals.currentStage(reanimation)).contains(new Stage("CONTACTED", "Контакт произведен"));
    Date called = ClockUtil.getCurrentTime();
    assertThat(driver.job(pi, "Event_FeedbackDue").getDuedate()).isEqualTo(Date.from(called.toInstant().plusSeconds(24 * 3600)));
    driver.fireWhenDue(pi, "Event_FeedbackDue");
    Task feedback = driver.task(pi, "Activity_GetFeedback");
    assertThat(feedback.getName()).isEqualTo("Получить обратную связь по предложению");
    assertThat(feedback.getAssignee()).isEqualTo("manager1");
    driver.complete(pi, "Activity_GetFeedback", "outcome", "CONTACTED", "result", "Ещё думает, ждёт ответа от работодателя про оплату");
    driver.fireWhenDue(pi, "Event_FeedbackDue");
    driver.complete(pi, "Activity_GetFeedback", "outcome", "NEED_IDENTIFIED", "course", "Data Science", "result", "Готова, нужна рассрочка");

    assertThat(pi).isEnded().hasPassed("Activity_HandOverToSale", "Event_HandedOver");
    long sale = ((Number) history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).variableName(ProcessVariables.SALE_DEAL_ID)
        .singleResult().getValue()).longValue();
    assertThat(row(reanimation)).containsEntry("STAGE_CODE", "NEED_IDENTIFIED").containsEntry("OUTCOME", "WON");
    assertThat(row(sale))
        .containsEntry("FUNNEL", "course-sale")
        .containsEntry("PARENT_DEAL_ID", reanimation)
        .containsEntry("LEAD_TYPE", "Вернувшиеся")
        .containsEntry("STAGE_CODE", "QUALIFIED")
        .containsEntry("RESPONSIBLE", "manager1");
    ProcessInstance saleProcess = runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(sale)).singleResult();
    assertThat(saleProcess).isWaitingAt("Activity_PrepareOffer");
    assertThat(driver.task(saleProcess, "Activity_PrepareOffer").getAssignee()).isEqualTo("manager1");
    assertThat(runtime.getVariable(saleProcess.getId(), ProcessVariables.COURSE)).isEqualTo("Data Science");
    assertThat(runtime.getVariable(saleProcess.getId(), CourseSale.COMMENT)).isEqualTo("Готова, нужна рассрочка");
    // The chain, readable from each deal.
    assertThat(timeline(sale))
        .contains(
            "Из сделки №" + original + " «Продажа курса»: Этап: Закрыто не реализовано",
            "Из сделки №" + reanimation + " «Реанимация»: «Позвонить клиенту, сделать повторное предложение»: Рассказала про рассрочку, подумает",
            "Из сделки №" + reanimation + " «Реанимация»: Этап: Выявлена потребность",
            "Клиент вернулся через «Реанимацию»: сделка №" + reanimation + " (исходная сделка №" + original + "); история перенесена",
            "Этап: Квалифицирован");
    assertThat(timeline(sale)).noneMatch(line -> line.startsWith("Из сделки №" + reanimation + " «Реанимация»: Из сделки"));
    assertThat(timeline(reanimation)).contains("Выявлена потребность: клиент передан в «Продажу курса», сделка №" + sale);
    assertThat(timeline(original)).contains("Клиент вернулся в продажу: сделка №" + sale + " (через реанимацию №" + reanimation + ")");
  }

  @Test
  void aClientNotReachedIsRecalledByTheSalesCadenceAndACallBackKeepsTheCallNumberThenTheDealIsLost() {
    ProcessInstance pi = reanimated(lostSale("Перестал выходить на связь", "result", "Обещал подумать и пропал, трубку не берёт"));
    long reanimation = dealOf(pi);
    ProcessDriver.setClock("2030-04-04T10:00");

    driver.complete(pi, "Activity_ColdCall", "outcome", "CALL_BACK", "callBackAt", ProcessDriver.iso("2030-04-04T16:00"), "result", "Ответил на совещании, просил перезвонить в 16:00");
    assertThat(driver.job(pi, "Event_RecallDue").getDuedate()).isEqualTo(ProcessDriver.at("2030-04-04T16:00"));
    driver.fireWhenDue(pi, "Event_RecallDue");
    // Seed 000 §2.3: the call keeps its number without «(вечером)»; the request is the task's second line.
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 1 зв 1");
    assertThat(driver.task(pi, "Activity_Recall").getDescription()).isEqualTo("просил перезвонить");

    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "В 16:00 не ответил");
    assertThat(deals.currentStage(reanimation)).contains(new Stage("NOT_REACHED", "Не дозвонились"));
    assertThat(driver.job(pi, "Event_RecallDue").getDuedate()).isEqualTo(ProcessDriver.at("2030-04-04T19:00"));
    driver.fireWhenDue(pi, "Event_RecallDue");
    assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo("Перезвонить: день 1 зв 2 (вечером)");
    assertThat(driver.task(pi, "Activity_Recall").getDescription()).isEqualTo("просил перезвонить и не ответил");
    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Вечером тоже не взял трубку");
    assertThat(driver.job(pi, "Event_RecallDue").getDuedate()).isEqualTo(ProcessDriver.at("2030-04-05T19:00"));
    driver.fireWhenDue(pi, "Event_RecallDue");
    driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Третий день не отвечает");

    assertThat(pi).isEnded().hasPassed("Event_LostNotReached");
    assertThat(row(reanimation))
        .containsEntry("OUTCOME", "LOST")
        .containsEntry("LOSS_REASON", "Не дозвонились")
        .containsEntry("STAGE_CODE", "LOST");
    assertThat(deals.currentStage(reanimation)).contains(new Stage("LOST", "Закрыто и не реализовано"));
    // A lost reanimation starts no reanimation of its own.
    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(Reanimation.PROCESS_KEY)
        .variableValueEquals(Reanimation.ORIGINAL_DEAL_ID, reanimation).count()).isZero();
  }

  /**
   * «Реанимация» runs the recall cadence of the regime in force: in seed 000's regime five attempts
   * over three days, morning and evening, then the reanimation is lost as «Не дозвонились».
   */
  @Test
  void inSeed000RegimeAReanimationNotReachedGetsFiveCallsOverThreeDays() {
    RecallRegimes.inSeed000Regime(repository, () -> {
      ProcessInstance pi = reanimated(lostSale("Перестал выходить на связь", "result", "После предложения пропал, на звонки не отвечает"));
      long reanimation = dealOf(pi);
      ProcessDriver.setClock("2030-04-04T10:00");
      driver.complete(pi, "Activity_ColdCall", "outcome", "NOT_REACHED", "result", "Не взял трубку");
      String[][] expected = {
        {"2030-04-04T18:00", "Перезвонить: день 1 зв 2 (вечером)"},
        {"2030-04-05T10:00", "Перезвонить: день 2 зв 3"},
        {"2030-04-05T18:00", "Перезвонить: день 2 зв 4 (вечером)"},
        {"2030-04-06T10:00", "Перезвонить: день 3 зв 5"},
      };
      for (String[] call : expected) {
        assertThat(driver.job(pi, "Event_RecallDue").getDuedate()).isEqualTo(ProcessDriver.at(call[0]));
        ProcessDriver.setClock(call[0]);
        driver.fireWhenDue(pi, "Event_RecallDue");
        assertThat(driver.task(pi, "Activity_Recall").getName()).isEqualTo(call[1]);
        driver.complete(pi, "Activity_Recall", "outcome", "NOT_REACHED", "result", "Снова не ответил");
      }
      assertThat(pi).isEnded().hasPassed("Event_LostNotReached");
      assertThat(row(reanimation)).containsEntry("OUTCOME", "LOST").containsEntry("LOSS_REASON", "Не дозвонились");
    });
  }

  @Test
  void aRefusalNeedsAReasonAndClosesTheDeal() {
    ProcessInstance pi = reanimated(lostSale("Выбрали других", "result", "Выбрал курс в другой школе"));
    String id = driver.task(pi, "Activity_ColdCall").getId();

    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "REFUSED", "lossReason", "Уже учится у нас")))
        .hasMessageContaining("Заполните «Результат»");
    assertThatThrownBy(() -> tasks.complete(id, Map.of("outcome", "REFUSED", "result", "Учится у других")))
        .hasMessageContaining("Выберите «Причина отказа»");
    driver.complete(pi, "Activity_ColdCall", "outcome", "REFUSED", "lossReason", "Уже учится у нас", "result", "Пошла учиться к нам на другой курс, повторное предложение не нужно");

    assertThat(pi).isEnded().hasPassed("Event_Lost");
    assertThat(row(dealOf(pi))).containsEntry("OUTCOME", "LOST").containsEntry("LOSS_REASON", "Уже учится у нас");
  }

  @Test
  void anUnavailableFormerManagerIsReplacedBySmartDistribution() {
    long original = lostSale("Дорого", "result", "Цена не устроила");
    driver.onlyAvailable("manager2");

    ProcessInstance pi = reanimated(original);

    assertThat(driver.task(pi, "Activity_ColdCall").getAssignee()).isEqualTo("manager2");
    assertThat(timeline(dealOf(pi))).contains("Ответственный: Игорь Петров (Smart-распределение)");
  }

  // ---------------------------------------------------------------- end to end over REST

  @Test
  void restALeadLostAsExpensiveReturnsAfterTheDelayToItsManagerAndBecomesAQualifiedSaleOnTheDealCard() {
    String phone = TestPhones.unique();
    ResponseEntity<String> accepted =
        postWithKey(rest, "/api/leads", json(lead("Пётр Возвратов", phone, "email", "petr" + System.nanoTime() + "@example.ru", "course", "SQL")));
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long original = parse(accepted).path("dealId").asLong();
    assertThat(parse(accepted).path("responsible").asText()).isEqualTo("manager1");

    completeOverRest("manager1", original, "Activity_ProcessLead", Map.of("outcome", "REFUSED", "lossReason", "Дорого", "result", "Дорого, вернёмся позже"));

    ProcessInstance pi = waitingReanimationOf(original);
    ProcessDriver.setClock("2030-04-04T10:00");
    driver.onlyAvailable("manager1", "manager2", "manager3");
    driver.fireWhenDue(pi, Reanimation.WAIT_ACTIVITY);
    long reanimation = dealOf(pi);
    JsonNode myTasks = parse(rest.withBasicAuth("manager1", "demo").getForEntity("/engine-rest/task?assignee=manager1&processDefinitionKey=reanimation", String.class));
    List<String> names = new ArrayList<>();
    myTasks.forEach(t -> names.add(t.path("name").asText() + " " + t.path("processInstanceId").asText()));
    assertThat(names).contains("Позвонить клиенту, сделать повторное предложение " + pi.getId());

    completeOverRest("manager1", reanimation, "Activity_ColdCall", Map.of("outcome", "NEED_IDENTIFIED", "course", "SQL", "result", "Берёт SQL в рассрочку"));

    JsonNode reanimationCard = card("manager1", reanimation);
    assertThat(reanimationCard.path("funnel").path("code").asText()).isEqualTo("reanimation");
    assertThat(reanimationCard.path("parentDealId").asLong()).isEqualTo(original);
    assertThat(reanimationCard.path("outcome").asText()).isEqualTo("WON");
    long sale = jdbc.queryForObject("SELECT id FROM deal WHERE parent_deal_id = ?", Long.class, reanimation);
    JsonNode saleCard = card("manager1", sale);
    assertThat(saleCard.path("funnel").path("code").asText()).isEqualTo("course-sale");
    assertThat(saleCard.path("stage").path("code").asText()).isEqualTo("QUALIFIED");
    assertThat(saleCard.path("responsible").path("id").asText()).isEqualTo("manager1");
    assertThat(saleCard.path("leadType").asText()).isEqualTo("Вернувшиеся");
    assertThat(saleCard.path("parentDealId").asLong()).isEqualTo(reanimation);
    List<String> lines = new ArrayList<>();
    saleCard.path("timeline").forEach(line -> lines.add(line.path("text").asText()));
    assertThat(lines).contains(
        "Из сделки №" + original + " «Продажа курса»: «Обработать заявку»: Дорого, вернёмся позже",
        "Из сделки №" + reanimation + " «Реанимация»: «Позвонить клиенту, сделать повторное предложение»: Берёт SQL в рассрочку");
    ProcessInstance saleProcess = runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(sale)).singleResult();
    assertThat(saleProcess).isWaitingAt("Activity_PrepareOffer");
  }

  JsonNode card(String user, long dealId) {
    ResponseEntity<String> response = rest.withBasicAuth(user, "demo").getForEntity("/api/deals/" + dealId, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  void completeOverRest(String user, long dealId, String activity, Map<String, Object> values) {
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).taskDefinitionKey(activity).singleResult();
    assertThat(task).as("task %s of deal %s", activity, dealId).isNotNull();
    Map<String, Object> variables = new LinkedHashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> response =
        rest.withBasicAuth(user, "demo")
            .exchange("/engine-rest/task/" + task.getId() + "/complete", HttpMethod.POST, new HttpEntity<>(json(Map.of("variables", variables)), headers), String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }
}
