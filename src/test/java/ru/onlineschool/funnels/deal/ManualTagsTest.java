package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The checkboxes of the forms set the manual tags the table «Ручные теги из форм»
 * ({@code bpmn/manual-tags.dmn}) names; a changed table, deployed, applies within a minute with
 * no Java change.
 */
@ApplicationTest
class ManualTagsTest {

  @Autowired ManualTags manualTags;
  @Autowired DealStore deals;
  @Autowired RepositoryService repository;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  /** A lead whose «Обработать заявку» the manager completes with «выдан пробный урок» ticked. */
  private long leadWithTrialLessonTicked() {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Ручной Тег", TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    long dealId = Api.parse(response).path("dealId").asLong();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    MessageJobs.run(management, instance);
    String task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult().getId();
    tasks.complete(task, Map.of("outcome", "QUALIFIED", "result", "Интерес подтверждён, дали пробный урок", "tagTrialLesson", true, "tagWroteInTelegram", false));
    return dealId;
  }

  private boolean automatic(long deal, String tag) {
    return jdbc.queryForObject("SELECT automatic FROM deal_tag WHERE deal_id = ? AND tag = ?", Boolean.class, deal, tag);
  }

  @Test
  void theShippedTableKeepsTheRegulationsThreeTags() {
    ProcessDriver.setClock("2030-04-01T10:00");

    assertThat(manualTags.byCheckbox())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("tagTrialLesson", "trial_lesson", "tagWroteInTelegram", "написали_в_tg", "tagCorporatePayment", "оплата_юр_лицо"));
    long deal = leadWithTrialLessonTicked();
    assertThat(deals.tags(deal)).contains("trial_lesson").doesNotContain("написали_в_tg");
    assertThat(automatic(deal, "trial_lesson")).isFalse();
  }

  @Test
  void theProcessOwnerRenamesATagInTheTableWithoutAJavaChange() {
    ProcessDriver.setClock("2030-04-02T10:00");
    manualTags.byCheckbox(); // the shipped table, seen at 10:00
    repository.createDeployment().name("trial lesson in Russian").addClasspathResource("dmn-test/manual-tags-trial-in-russian.dmn").deploy();
    try {
      ProcessDriver.setClock("2030-04-02T10:01");

      long deal = leadWithTrialLessonTicked();

      assertThat(deals.tags(deal)).contains("пробный_урок").doesNotContain("trial_lesson");
      assertThat(automatic(deal, "пробный_урок")).as("set by the manager's checkbox").isFalse();
    } finally {
      repository.createDeployment().name("default manual tags").addClasspathResource("bpmn/manual-tags.dmn").deploy();
      ProcessDriver.setClock("2030-04-02T10:03");
      assertThat(manualTags.byCheckbox()).containsEntry("tagTrialLesson", "trial_lesson");
    }
  }
}
