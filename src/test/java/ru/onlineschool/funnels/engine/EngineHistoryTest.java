package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Issue 21: the engine writes the history people read and leaves out the rest
 * ({@link SchoolHistoryLevel}). What stays is checked the way it is read: Tasklist's «История» tab
 * (the user operation log of a task), what a closed deal's card reads, the path of a deal through
 * its activities and waits, the decisions that chose it.
 */
@ApplicationTest
class EngineHistoryTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;

  @Test
  void aLeadKeepsItsClientDataAndItsPathButNotEveryVariableChange() {
    String phone = TestPhones.unique();
    String instance = processOf(lead(phone));

    // Each variable once, with its value; no row per change.
    assertThat(history.createHistoricDetailQuery().processInstanceId(instance).count()).isZero();
    List<String> names =
        history.createHistoricVariableInstanceQuery().processInstanceId(instance).list().stream().map(HistoricVariableInstance::getName).toList();
    assertThat(names).contains(ProcessVariables.SOURCE);
    // The client's personal data lives in the contact only: no historic copy.
    assertThat(names).doesNotContain(ProcessVariables.CLIENT_NAME, ProcessVariables.CLIENT_PHONE, ProcessVariables.CLIENT_EMAIL);
    assertThat(jdbc.queryForObject("SELECT c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.process_instance_id = ?", String.class, instance))
        .isEqualTo(phone);
    assertThat(runtime.getVariable(instance, ProcessVariables.CLIENT_PHONE)).isEqualTo(phone);
    // Working variables stay where the process and the forms read them, without a historic copy.
    assertThat(names).doesNotContain(
        ProcessVariables.STAGE, ProcessVariables.STAGE_TITLE, ProcessVariables.CANDIDATE_GROUP, ProcessVariables.RESPONSIBLE_NAME,
        ProcessVariables.LEAD_TYPE_TEXT, ProcessVariables.LOSS_REASONS, ProcessVariables.GREETING_SCRIPT, ProcessVariables.DEAL_ID,
        ProcessVariables.RESPONSIBLE, ProcessVariables.DUPLICATE_OF, ProcessVariables.COURSE, ProcessVariables.LEAD_TYPE, ProcessVariables.COMMENT);
    // The deal keeps what their historic copy said.
    assertThat(jdbc.queryForMap("SELECT course, lead_type FROM deal WHERE process_instance_id = ?", instance))
        .containsEntry("COURSE", "Python-разработчик").containsKey("LEAD_TYPE");
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getBusinessKey())
        .isEqualTo(String.valueOf(dealOf(instance)));
    assertThat(runtime.getVariable(instance, ProcessVariables.STAGE)).isEqualTo("ACCEPTED");
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    assertThat(tasks.getVariable(task.getId(), ProcessVariables.LOSS_REASONS)).isNotNull();

    // The path is there, table lookups included; the gateways it passed without waiting are not
    // (the activities on either side tell the way).
    List<HistoricActivityInstance> path = history.createHistoricActivityInstanceQuery().processInstanceId(instance).list();
    assertThat(path).extracting(HistoricActivityInstance::getActivityId)
        .contains("Event_LeadReceived", "Activity_DistributeLead", "Activity_PickGreeting", "Activity_ProcessLead")
        .doesNotContain("Gateway_OpenDeal", "Gateway_LeadAndCheck", "Gateway_ManagerAssigned");
    assertThat(path)
        .allSatisfy(step -> assertThat(step.getActivityType()).as(step.getActivityId()).isNotIn("exclusiveGateway", "parallelGateway", "inclusiveGateway"));

    // The decisions that chose the deal's way are kept; the stage tags' lookup on every stage is not.
    List<String> decisions =
        history.createHistoricDecisionInstanceQuery().processInstanceId(instance).list().stream().map(HistoricDecisionInstance::getDecisionDefinitionKey).toList();
    assertThat(decisions).contains("greeting-script").doesNotContain("stage-tags");
  }

  @Test
  void aClosedDealKeepsItsOutcomeAndResultInTheDealAndTimelineNotInVariableHistory() {
    long dealId = lead(TestPhones.unique());
    String instance = processOf(dealId);
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    tasks.complete(task.getId(), Map.of("outcome", "NOT_TARGETED", "result", "Спам-заявка, номер не существует", "lossReason", "Спам"));

    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndTime()).isNotNull();
    List<String> names =
        history.createHistoricVariableInstanceQuery().processInstanceId(instance).list().stream().map(HistoricVariableInstance::getName).toList();
    assertThat(names).contains(ProcessVariables.SOURCE)
        .doesNotContain(ProcessVariables.OUTCOME, ProcessVariables.RESULT, ProcessVariables.LOSS_REASON, ProcessVariables.CLIENT_NAME);
    assertThat(jdbc.queryForMap("SELECT outcome, loss_reason FROM deal WHERE id = ?", dealId))
        .containsEntry("OUTCOME", "LOST").containsEntry("LOSS_REASON", "Спам");
    assertThat(jdbc.queryForList("SELECT text FROM timeline_entry WHERE deal_id = ?", String.class, dealId))
        .anySatisfy(line -> assertThat(line).contains("Спам-заявка, номер не существует"));
  }

  @Test
  void tasklistsHistoryTabStillShowsWhoHandedATaskToWhom() {
    String instance = processOf(lead(TestPhones.unique()));
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    String other = "manager1".equals(task.getAssignee()) ? "manager2" : "manager1";

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> reassigned =
        rest.withBasicAuth("rop", "demo")
            .postForEntity("/engine-rest/task/" + task.getId() + "/assignee", new HttpEntity<>(Api.json(Map.of("userId", other)), headers), String.class);
    assertThat(reassigned.getStatusCode().value()).as(reassigned.getBody()).isEqualTo(204);

    // What Tasklist's tab asks for: the user operation log of the task (and its comments).
    List<UserOperationLogEntry> entries = history.createUserOperationLogQuery().taskId(task.getId()).list();
    assertThat(entries)
        .anySatisfy(
            entry -> {
              assertThat(entry.getUserId()).isEqualTo("rop");
              assertThat(entry.getProperty()).isEqualTo("assignee");
              assertThat(entry.getOrgValue()).isEqualTo(task.getAssignee());
              assertThat(entry.getNewValue()).isEqualTo(other);
            });
  }

  private long lead(String phone) {
    ResponseEntity<String> response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Ирина Историева", phone, "course", "Python-разработчик", "source", "landing-python")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    JsonNode body = Api.parse(response);
    return body.path("dealId").asLong();
  }

  private long dealOf(String instance) {
    return jdbc.queryForObject("SELECT id FROM deal WHERE process_instance_id = ?", Long.class, instance);
  }

  private String processOf(long dealId) {
    return jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
  }
}
