package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * An action the caller may not do is refused before anything runs (issue 13, point 4): staff who
 * press «execute» on a job they may not touch get 403, and the job, its retries and the deal are
 * exactly as before — the 15-minute first-contact escalation still fires when its time comes.
 */
@ApplicationTest
class RefusedActionsTest {

  @Autowired TestRestTemplate rest;

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private long newLead() {
    ResponseEntity<String> response =
        postWithKey(rest, "/api/leads", json(lead("Пётр Отказов", TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return parse(response).path("dealId").asLong();
  }

  /** The timer «15 минут без первого контакта» of the deal's sale, as the administrator sees it in Cockpit. */
  private JsonNode escalationJob(long dealId) {
    JsonNode instances = get("admin", "/engine-rest/process-instance?businessKey=" + dealId + "&processDefinitionKey=course-sale");
    assertThat(instances).hasSize(1);
    JsonNode jobs = get("admin", "/engine-rest/job?processInstanceId=" + instances.get(0).path("id").asText());
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private JsonNode get(String user, String path) {
    ResponseEntity<String> response = as(user).getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return parse(response);
  }

  private ResponseEntity<String> post(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void executingTheEscalationTimerWithoutTheRightChangesNothingAndTheTimerStillFires() {
    long dealId = newLead();
    JsonNode job = escalationJob(dealId);
    String jobId = job.path("id").asText();
    String cardBefore = as("rop").getForEntity("/api/deals/" + dealId, String.class).getBody();

    for (String user : List.of("manager1", "manager1", "manager1", "rop", "rop", "rop", "curator1")) {
      ResponseEntity<String> refused = post(user, "/engine-rest/job/" + jobId + "/execute", "");
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }

    JsonNode after = escalationJob(dealId);
    assertThat(after).isEqualTo(job); // retries 3, no exception, same due date, not suspended
    assertThat(after.path("retries").asInt()).isEqualTo(3);
    assertThat(get("admin", "/engine-rest/incident?processInstanceId=" + job.path("processInstanceId").asText())).isEmpty();
    assertThat(get("admin", "/engine-rest/history/job-log?jobId=" + jobId + "&failureLog=true")).isEmpty();
    assertThat(as("rop").getForEntity("/api/deals/" + dealId, String.class).getBody()).isEqualTo(cardBefore);

    // The one who may (the administrator) still runs it: the escalation was not silenced.
    assertThat(post("admin", "/engine-rest/job/" + jobId + "/execute", "").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    JsonNode card = get("rop", "/api/deals/" + dealId);
    assertThat(card.path("tags").toString()).contains("просрочен_первый_контакт");
    assertThat(card.path("timeline").toString()).contains("Первый контакт не состоялся за 15 минут");
  }

  /** Everything about a sale that a refused action could touch, as the administrator and the head of sales read it. */
  private String saleState(long dealId, JsonNode job) {
    String instance = job.path("processInstanceId").asText();
    return List.of(
            get("admin", "/engine-rest/job?processInstanceId=" + instance),
            get("admin", "/engine-rest/job-definition/" + job.path("jobDefinitionId").asText()),
            get("admin", "/engine-rest/process-instance/" + instance),
            get("admin", "/engine-rest/process-instance/" + instance + "/variables"),
            get("admin", "/engine-rest/process-instance/" + instance + "/activity-instances"),
            get("admin", "/engine-rest/task?processInstanceId=" + instance),
            get("admin", "/engine-rest/incident?processInstanceId=" + instance),
            get("admin", "/engine-rest/batch/count"),
            get("admin", "/engine-rest/history/job-log?jobId=" + job.path("id").asText()),
            get("rop", "/api/deals/" + dealId))
        .toString();
  }

  @Test
  void everyActionOnTheSaleThatStaffMayNotDoIsRefusedBeforeAnythingChanges() {
    long dealId = newLead();
    JsonNode job = escalationJob(dealId);
    String jobId = job.path("id").asText();
    String instance = job.path("processInstanceId").asText();
    String definition = job.path("processDefinitionId").asText();
    JsonNode task = get("admin", "/engine-rest/task?processInstanceId=" + instance).get(0);
    String taskId = task.path("id").asText();
    String execution = task.path("executionId").asText();
    String activity = task.path("taskDefinitionKey").asText();
    String cancelTask = "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"" + activity + "\"}]}";
    String migration =
        "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\"" + definition + "\",\"targetProcessDefinitionId\":\"" + definition
            + "\",\"instructions\":[]},\"processInstanceIds\":[\"" + instance + "\"]}";
    String variable = "{\"modifications\":{\"budget\":{\"value\":1}}}";
    // [method, address, body]: the actions of issue 13 point 4 through engine-rest.
    String[][] actions = {
      {"POST", "/job/" + jobId + "/execute", ""},
      {"PUT", "/job/" + jobId + "/retries", "{\"retries\":0}"},
      {"POST", "/job/retries", "{\"jobIds\":[\"" + jobId + "\"],\"retries\":0}"},
      {"PUT", "/job/" + jobId + "/duedate", "{\"duedate\":\"2030-01-01T00:00:00.000+0300\"}"},
      {"POST", "/job/" + jobId + "/duedate/recalculate", ""},
      {"PUT", "/job/" + jobId + "/suspended", "{\"suspended\":true}"},
      {"PUT", "/job/" + jobId + "/priority", "{\"priority\":10}"},
      {"DELETE", "/job/" + jobId, null},
      {"PUT", "/job-definition/" + job.path("jobDefinitionId").asText() + "/suspended", "{\"suspended\":true,\"includeJobs\":true}"},
      {"PUT", "/job-definition/" + job.path("jobDefinitionId").asText() + "/retries", "{\"retries\":0}"},
      {"POST", "/execution/" + execution + "/create-incident", "{\"incidentType\":\"failedJob\",\"message\":\"x\"}"},
      {"PUT", "/process-instance/" + instance + "/suspended", "{\"suspended\":true}"},
      {"POST", "/process-instance/" + instance + "/modification", cancelTask},
      {"POST", "/process-instance/" + instance + "/modification-async", cancelTask},
      {"POST", "/process-instance/delete", "{\"processInstanceIds\":[\"" + instance + "\"]}"},
      {"POST", "/process-instance/job-retries", "{\"processInstances\":[\"" + instance + "\"],\"retries\":0}"},
      {"POST", "/process-instance/variables-async", "{\"processInstanceIds\":[\"" + instance + "\"],\"variables\":{\"budget\":{\"value\":1}}}"},
      {"POST", "/migration/execute", migration},
      {"POST", "/migration/executeAsync", migration},
      {"POST", "/process-definition/" + definition + "/restart-async",
        "{\"processInstanceIds\":[\"" + instance + "\"],\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"" + activity + "\"}]}"},
      {"POST", "/process-instance/" + instance + "/variables", variable},
      {"PUT", "/process-instance/" + instance + "/variables/budget", "{\"value\":1}"},
      {"DELETE", "/process-instance/" + instance + "/variables/dealId", null},
      {"POST", "/execution/" + execution + "/localVariables", variable},
      {"DELETE", "/execution/" + execution + "/localVariables/dealId", null},
      {"POST", "/task/" + taskId + "/variables", variable},
      {"DELETE", "/task/" + taskId + "/variables/dealId", null},
      {"POST", "/task/" + taskId + "/localVariables", variable},
    };
    String before = saleState(dealId, job);

    for (String user : List.of("manager1", "rop")) {
      for (String[] action : actions) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response =
            as(user).exchange("/engine-rest" + action[1], HttpMethod.valueOf(action[0]), new HttpEntity<>(action[2], headers), String.class);
        String what = user + " " + action[0] + " " + action[1];
        assertThat(response.getStatusCode()).as(what).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(saleState(dealId, job)).as(what).isEqualTo(before);
      }
    }
  }

  @Test
  void aJobOfNoProcessIsRunByHandOnlyByAnAdministrator() {
    long dealId = newLead();
    String jobId = escalationJob(dealId).path("id").asText();
    // The administrator starts a batch (set retries of that timer); its seed job belongs to no process.
    JsonNode batch = parse(post("admin", "/engine-rest/job/retries", json(Map.of("jobIds", List.of(jobId), "retries", 5))));
    String batchId = batch.path("id").asText();
    try {
      JsonNode seed = get("admin", "/engine-rest/job?jobDefinitionId=" + batch.path("seedJobDefinitionId").asText()).get(0);

      for (String user : List.of("manager1", "rop")) {
        assertThat(post(user, "/engine-rest/job/" + seed.path("id").asText() + "/execute", "").getStatusCode())
            .as(user)
            .isEqualTo(HttpStatus.FORBIDDEN);
      }

      assertThat(get("admin", "/engine-rest/batch/" + batchId).path("jobsCreated").asInt()).isZero();
      assertThat(get("admin", "/engine-rest/job?jobDefinitionId=" + batch.path("seedJobDefinitionId").asText()).get(0))
          .isEqualTo(seed);
      assertThat(escalationJob(dealId).path("retries").asInt()).isEqualTo(3);
    } finally {
      as("admin").delete("/engine-rest/batch/" + batchId + "?cascade=true");
    }
  }
}
