package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestProcess;
import ru.onlineschool.funnels.support.TestPhones;

/** The generic stage listener, proven on a small test-only process. */
@ApplicationTest
class StageRecorderTest {

  private static final String PROCESS = "stage-listener-test";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;

  @BeforeAll
  static void deploy(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  private long newDeal() {
    long contact = deals.createContact(new NewContact("Иван Тестов", TestPhones.unique(), null, null), Instant.now());
    return deals.createDeal(new NewDeal("course-sale", contact, "Python", "С лендинга курса", null), Instant.now());
  }

  @Test
  void recordsEveryStageTheProcessEntersWithTitleTimeAndUser() {
    long dealId = newDeal();

    ProcessInstance instance =
        runtime.startProcessInstanceByKey(PROCESS, String.valueOf(dealId), Map.of("responsible", "manager1"));

    assertThat(deals.currentStage(dealId)).contains(new Stage("ACCEPTED", "Принято в работу"));
    assertThat(runtime.getVariable(instance.getId(), "stageTitle")).isEqualTo("Принято в работу");
    assertThat(runtime.getVariable(instance.getId(), "stage")).isEqualTo("ACCEPTED");

    tasks.complete(tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId(), Map.of("result", "Позвонил"));
    // A node without the property leaves the stage as it was.
    assertThat(deals.currentStage(dealId)).contains(new Stage("ACCEPTED", "Принято в работу"));

    identity.setAuthentication("manager1", List.of("managers"));
    try {
      tasks.complete(tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId(), Map.of("result", "Дополнил"));
    } finally {
      identity.clearAuthentication();
    }

    // No stageTitle property: the node's name is the title.
    assertThat(deals.currentStage(dealId)).contains(new Stage("WON", "Успешно реализовано"));
    List<TimelineEntry> timeline = deals.timeline(dealId).stream().filter(e -> e.kind() == TimelineKind.STAGE).toList();
    assertThat(timeline)
        .extracting(TimelineEntry::kind, TimelineEntry::stageCode, TimelineEntry::text)
        .containsExactly(
            tuple(TimelineKind.STAGE, "NEW", "Этап: Новая заявка"),
            tuple(TimelineKind.STAGE, "ACCEPTED", "Этап: Принято в работу"),
            tuple(TimelineKind.STAGE, "WON", "Этап: Успешно реализовано"));
    assertThat(timeline.get(0).userId()).isNull();
    assertThat(timeline.get(2).userId()).isEqualTo("manager1");
    // Each completed task's written result is in the timeline too.
    assertThat(deals.timeline(dealId))
        .filteredOn(e -> e.kind() == TimelineKind.TASK_RESULT)
        .extracting(TimelineEntry::text)
        .containsExactly("«Обработать заявку»: Позвонил", "«Дополнить карточку»: Дополнил");
    assertThat(jdbc.queryForObject("SELECT stage_entered_at FROM deal WHERE id = ?", OffsetDateTime.class, dealId))
        .isNotNull();
  }

  @Test
  void aProcessWithoutItsDealIsRolledBackWhole() {
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS).count();
    Integer timelineBefore = jdbc.queryForObject("SELECT COUNT(*) FROM timeline_entry", Integer.class);

    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(PROCESS, "999999", Map.of("responsible", "manager1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Сделка 999999 не найдена");

    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS).count()).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM timeline_entry", Integer.class)).isEqualTo(timelineBefore);
  }
}
