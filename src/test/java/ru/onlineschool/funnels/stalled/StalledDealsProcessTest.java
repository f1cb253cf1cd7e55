package ru.onlineschool.funnels.stalled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.ProcessTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.TestProcess;

/**
 * «Контроль подвисших сделок»: the hourly and the morning timer, the digest for the heads of
 * sales, and the tag leaving with the next stage. Each test lives in its own distant year, so
 * that only its own deals are old enough to be stalled.
 */
@ProcessTest
class StalledDealsProcessTest {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final String KEY = "stalled-deals";

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired DealStore deals;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;

  @BeforeAll
  static void deployTestProcess(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  @BeforeEach
  void setUp() {
    AbstractAssertions.init(engine);
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
  }

  private static Instant moscow(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  private long deal(String funnel, String stage, String title, String enteredAt, String manager) {
    Instant at = moscow(enteredAt);
    long contact = deals.createContact(new NewContact("Степан Подвисший", TestPhones.unique(), null, null), at);
    long deal = deals.createDeal(new NewDeal(funnel, contact, "Python", null, null), at);
    deals.setResponsible(deal, manager);
    deals.enterStage(deal, new Stage(stage, title), at);
    return deal;
  }

  /** Fires the model's hourly timer as the job executor would; returns the id of the instance it started. */
  private String fire() {
    Job timer = management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").singleResult();
    assertThat(timer).as("the hourly timer").isNotNull();
    List<String> before = startedInstances();
    management.executeJob(timer.getId());
    assertThat(management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").count()).as("the cycle goes on").isEqualTo(1);
    List<String> after = new java.util.ArrayList<>(startedInstances());
    after.removeAll(before);
    assertThat(after).hasSize(1);
    return after.get(0);
  }

  private List<String> startedInstances() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(KEY).list().stream().map(p -> p.getId()).toList();
  }

  private String endOf(String instance) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId();
  }

  @Test
  void theMorningRunTagsDealsLongerThanTwoDaysInOneStageAndGivesTheHeadsOfSalesOneDigest() {
    long stuck = deal("course-sale", "NOT_REACHED", "Не дозвонились", "1990-01-01T10:00", "manager1");
    deals.addTag(stuck, "trial_lesson", false, moscow("1990-01-01T10:00"));
    long fresh = deal("course-sale", "QUALIFIED", "Квалифицирован", "1990-01-04T10:00", "manager1");
    long reanimation = deal("reanimation", "COLD_CALL", "Холодный звонок", "1990-01-02T22:00", "manager2");
    long lost = deal("course-sale", "LOST", "Закрыто не реализовано", "1990-01-01T10:00", "manager1");
    deals.close(lost, "LOST", "Дорого", moscow("1990-01-01T10:00"));
    long delivery = deal("course-delivery", "IN_PROGRESS", "Прохождение курса", "1990-01-01T10:00", "curator1");
    ClockUtil.setCurrentTime(Date.from(moscow("1990-01-05T09:00")));

    ProcessInstance digest = runtime.createProcessInstanceQuery().processInstanceId(fire()).singleResult();

    assertThat(digest).isWaitingAt("Activity_ReviewStalled");
    assertThat(deals.tags(stuck)).containsExactlyInAnyOrder("trial_lesson", "подвисла");
    assertThat(deals.tags(reanimation)).containsExactly("подвисла");
    assertThat(deals.tags(fresh)).isEmpty();
    assertThat(deals.tags(lost)).isEmpty();
    assertThat(deals.tags(delivery)).isEmpty();
    assertThat(deals.timeline(stuck))
        .extracting(TimelineEntry::kind, TimelineEntry::text)
        .contains(org.assertj.core.groups.Tuple.tuple(TimelineKind.NOTE, "Тег «подвисла»: сделка дольше порога в этапе «Не дозвонились»"));

    Task task = tasks.createTaskQuery().processInstanceId(digest.getId()).singleResult();
    assertThat(task.getName()).isEqualTo("Разобрать подвисшие сделки");
    assertThat(task.getAssignee()).isNull();
    assertThat(tasks.getIdentityLinksForTask(task.getId()))
        .extracting(IdentityLink::getGroupId)
        .containsExactly("sales-heads");
    assertThat(runtime.getVariable(digest.getId(), "stalledCount")).isEqualTo(2);
    String list = (String) runtime.getVariable(digest.getId(), "stalledList");
    assertThat(list)
        .isEqualTo(
            "- №" + stuck + " «Продажа курса» · «Не дозвонились» 3 дн. · manager1 · Степан Подвисший\n"
                + "- №" + reanimation + " «Реанимация» · «Холодный звонок» 2 дн. · manager2 · Степан Подвисший\n");

    // The next hour's run adds no second tag and no second line, and no second digest.
    ClockUtil.setCurrentTime(Date.from(moscow("1990-01-05T10:00")));
    assertThat(endOf(fire())).isEqualTo("Event_Tagged");
    assertThat(deals.timeline(stuck)).filteredOn(e -> e.kind() == TimelineKind.NOTE).hasSize(1);

    tasks.complete(task.getId(), Map.of("result", "Разобрали с Анной: перезвонит сегодня"));
    assertThat(digest).isEnded().hasPassed("Event_Reviewed");
  }

  @Test
  void theTagLeavesWithTheNextStageAndManualTagsStay() {
    long stuck = deal("course-sale", "CHAT", "Ведётся переписка", "1991-01-01T10:00", "manager1");
    deals.addTag(stuck, "написали_в_tg", false, moscow("1991-01-01T10:00"));
    ClockUtil.setCurrentTime(Date.from(moscow("1991-01-04T11:00")));
    // Not the digest hour: tags only.

    assertThat(endOf(fire())).isEqualTo("Event_Tagged");
    assertThat(deals.tags(stuck)).containsExactlyInAnyOrder("написали_в_tg", "подвисла");

    // The test process enters its stage «NEW» with this deal: a stage change like any in the funnels.
    runtime.startProcessInstanceByKey(TestProcess.KEY, String.valueOf(stuck), Map.of("responsible", "manager1"));

    assertThat(deals.tags(stuck)).containsExactly("написали_в_tg");
  }

  @Test
  void theProcessOwnerChangesTheThresholdsInTheTableWithoutAJavaChange() {
    long threeDays = deal("course-sale", "NOT_REACHED", "Не дозвонились", "1992-01-02T10:00", "manager1");
    long fourDays = deal("course-sale", "CHAT", "Ведётся переписка", "1992-01-01T10:00", "manager1");
    long reanimation = deal("reanimation", "COLD_CALL", "Холодный звонок", "1992-01-01T10:00", "manager2");
    long webinar = deal("webinar", "REGISTERED", "Зарегистрирован", "1992-01-02T10:00", "manager2");
    ClockUtil.setCurrentTime(Date.from(moscow("1992-01-05T11:00")));
    repository.createDeployment().name("stalled after 4 days in a sale").addClasspathResource("dmn-test/stalled-thresholds-sale-four-days.dmn").deploy();
    try {
      assertThat(endOf(fire())).isEqualTo("Event_Tagged");

      assertThat(deals.tags(fourDays)).containsExactly("подвисла");
      assertThat(deals.tags(threeDays)).as("3 days in a sale: not yet, the table says 4").isEmpty();
      assertThat(deals.tags(reanimation)).as("reanimation: not checked, the table says 0").isEmpty();
      assertThat(deals.tags(webinar)).as("webinar: still 2 days").containsExactly("подвисла");
    } finally {
      repository.createDeployment().name("default stalled thresholds").addClasspathResource("bpmn/stalled-thresholds.dmn").deploy();
    }
  }

  @Test
  void theProcessOwnerMovesTheDigestToTenInTheModelWithoutAJavaChange() {
    String original = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
    deal("course-sale", "NOT_REACHED", "Не дозвонились", "1993-01-01T10:00", "manager1");
    String deployment =
        repository.createDeployment().name("digest at ten").addClasspathResource("bpmn-test/stalled-deals-digest-at-ten.bpmn").deploy().getId();
    try {
      ClockUtil.setCurrentTime(Date.from(moscow("1993-01-05T09:00")));
      assertThat(endOf(fire())).as("9:00 is no longer the digest hour").isEqualTo("Event_Tagged");

      ClockUtil.setCurrentTime(Date.from(moscow("1993-01-05T10:00")));
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(fire()).singleResult()).isWaitingAt("Activity_ReviewStalled");
    } finally {
      // The shared context's other tests run the model of bpmn/: deleting the copy brings back its timer.
      repository.deleteDeployment(deployment, true);
    }
    assertThat(management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").singleResult().getProcessDefinitionId())
        .isEqualTo(original);
  }

  /** Registers the deal for a webinar of {@code minutes} from {@code startsAt} (Moscow), as the webinar funnel does. */
  private void registerForWebinar(long deal, String webinar, String startsAt, int minutes) {
    OffsetDateTime start = moscow(startsAt).atOffset(ZoneOffset.UTC);
    jdbc.update(
        "INSERT INTO webinar (id, title, starts_at, duration_minutes, link, created_at, updated_at)"
            + " SELECT ?, 'Вебинар «Python за вечер»', ?, ?, 'https://webinar.example/python', ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM webinar WHERE id = ?)",
        webinar, start, minutes, start, start, webinar);
    Long contact = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, deal);
    jdbc.update("INSERT INTO webinar_registration (deal_id, webinar_id, contact_id) VALUES (?, ?, ?)", deal, webinar, contact);
  }

  /**
   * Issue 17: a webinar deal waiting for its webinar is not stuck. The table «Когда сделка
   * подвисла» counts the webinar funnel's two days «от конца вебинара»: from the end of the webinar
   * the deal registered for, when that is later than its stage entry. The year 1980 lies before
   * every other test's deals, so the digest holds only this test's.
   */
  @Test
  void aWebinarDealWaitingForItsWebinarIsNotStalledUntilTwoDaysAfterTheWebinarEnds() {
    long waiting = deal("webinar", "INVITED", "Приглашение выслано", "1980-01-01T10:00", "manager2");
    registerForWebinar(waiting, "it17-webinar-on-the-10th", "1980-01-10T19:00", 120);
    long missedWebinar = deal("webinar", "INVITED", "Приглашение выслано", "1980-01-01T10:00", "manager2");
    registerForWebinar(missedWebinar, "it17-webinar-on-the-2nd", "1980-01-02T19:00", 120);
    long attended = deal("webinar", "ATTENDED", "Посетил вебинар", "1980-01-02T20:00", "manager2");
    registerForWebinar(attended, "it17-webinar-on-the-2nd", "1980-01-02T19:00", 120);
    ClockUtil.setCurrentTime(Date.from(moscow("1980-01-05T09:00")));
    try {
      waitingForTheWebinar(waiting, missedWebinar, attended);
    } finally {
      // The other tests' digests begin in 1990 and count every deal stalled before: these leave the board.
      for (long deal : List.of(waiting, missedWebinar, attended)) {
        deals.close(deal, "LOST", "Не пришел на вебинар", moscow("1980-01-13T10:00"));
      }
    }
  }

  private void waitingForTheWebinar(long waiting, long missedWebinar, long attended) {
    ProcessInstance digest = runtime.createProcessInstanceQuery().processInstanceId(fire()).singleResult();

    assertThat(deals.tags(waiting)).as("four days in its stage, but its webinar is on the 10th").isEmpty();
    assertThat(deals.tags(missedWebinar)).containsExactly("подвисла");
    assertThat(deals.tags(attended)).as("attended during the webinar: 2 days from the webinar's end").containsExactly("подвисла");
    assertThat(runtime.getVariable(digest.getId(), "stalledCount")).isEqualTo(2);
    assertThat((String) runtime.getVariable(digest.getId(), "stalledList"))
        .as("days since the webinar ended on the 2nd at 21:00")
        .isEqualTo(
            "- №" + missedWebinar + " «Вебинар» · «Приглашение выслано» 2 дн. · manager2 · Степан Подвисший\n"
                + "- №" + attended + " «Вебинар» · «Посетил вебинар» 2 дн. · manager2 · Степан Подвисший\n");
    tasks.complete(tasks.createTaskQuery().processInstanceId(digest.getId()).singleResult().getId(), Map.of("result", "Разобрали с Игорем обе зависшие сделки после вебинара, сегодня позвонит"));

    // The webinar ends on the 10th at 21:00: on the 12th at 20:00 the deal still is within its two days, at 21:30 it is not.
    ClockUtil.setCurrentTime(Date.from(moscow("1980-01-12T20:00")));
    fire();
    assertThat(deals.tags(waiting)).isEmpty();
    ClockUtil.setCurrentTime(Date.from(moscow("1980-01-12T21:30")));
    assertThat(endOf(fire())).isEqualTo("Event_Tagged");
    assertThat(deals.tags(waiting)).containsExactly("подвисла");
    assertThat(deals.timeline(waiting))
        .extracting(TimelineEntry::kind, TimelineEntry::text)
        .contains(org.assertj.core.groups.Tuple.tuple(TimelineKind.NOTE, "Тег «подвисла»: сделка дольше порога в этапе «Приглашение выслано»"));
  }

  @Test
  void aCountFromTheProgramDoesNotKnowIsExplainedInRussian() throws Exception {
    String shipped;
    try (var in = StalledDealsProcessTest.class.getResourceAsStream("/bpmn/stalled-thresholds.dmn")) {
      shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String typo = shipped.replace("<text>\"конца вебинара\"</text></outputEntry>", "<text>\"даты вебинара\"</text></outputEntry>");
    assertThat(typo).isNotEqualTo(shipped);
    repository.createDeployment().name("count from a typo").addString("stalled-thresholds.dmn", typo).deploy();
    try {
      ClockUtil.setCurrentTime(Date.from(moscow("1994-01-05T11:00")));

      org.assertj.core.api.Assertions.assertThatThrownBy(this::fire)
          .hasMessageContaining(
              "Таблица «Когда сделка подвисла», воронка «webinar»: в столбце «Считать от» «даты вебинара»; допустимо «входа в этап» или «конца вебинара».");
    } finally {
      repository.createDeployment().name("default stalled thresholds").addClasspathResource("bpmn/stalled-thresholds.dmn").deploy();
      // The failed run stays as a job with its error (an incident once its retries are spent) beside the next hour's timer.
      List<Job> failed = management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").withException().list();
      if (management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").count() > failed.size()) {
        failed.forEach(job -> management.deleteJob(job.getId()));
      } else {
        failed.forEach(job -> management.setJobRetries(job.getId(), 3));
      }
    }
    assertThat(management.createJobQuery().processDefinitionKey(KEY).activityId("Event_EveryHour").count()).as("the cycle goes on").isEqualTo(1);
  }

  @Test
  void aMorningWithNothingStalledMakesNoTask() {
    ClockUtil.setCurrentTime(Date.from(moscow("1970-01-10T09:00")));

    String instance = fire();

    assertThat(endOf(instance)).isEqualTo("Event_NoneStalled");
    assertThat(tasks.createTaskQuery().processInstanceId(instance).count()).isZero();
  }
}
