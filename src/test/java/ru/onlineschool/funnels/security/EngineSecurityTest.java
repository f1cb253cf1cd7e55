package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestProcess;
import ru.onlineschool.funnels.support.TestPhones;

/** Authentication on /engine-rest and the engine's authorizations, as a REST client meets them. */
@ApplicationTest
class EngineSecurityTest {

  private static final String PROCESS = "stage-listener-test";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired ProcessEngine engine;
  @Autowired DealStore deals;

  @BeforeAll
  static void deploy(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private Task taskAssignedTo(String assignee) {
    long contact = deals.createContact(new NewContact("Клиент", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance =
        runtime.startProcessInstanceByKey(PROCESS, String.valueOf(deal), Map.of("responsible", assignee)).getId();
    return tasks.createTaskQuery().processInstanceId(instance).singleResult();
  }

  @Test
  void engineRestWithoutCredentialsIsUnauthorizedAndAsksForBasic() {
    ResponseEntity<String> response = rest.getForEntity("/engine-rest/task", String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
  }

  @Test
  void aWrongPasswordIsUnauthorized() {
    // Its own user: the engine delays the next login of a user after a wrong password.
    if (identity.createUserQuery().userId("lockoutprobe").count() == 0) {
      var user = identity.newUser("lockoutprobe");
      user.setPassword("right-password");
      identity.saveUser(user);
    }
    assertThat(rest.withBasicAuth("lockoutprobe", "wrong").getForEntity("/engine-rest/task", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void adminDeploysLikeCamundaModelerDoes() {
    ResponseEntity<Map> response = deploy(as("admin"), "modeler-deploy-check");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsKey("deployedProcessDefinitions");
  }

  @Test
  void aManagerCannotDeploy() {
    assertThat(deploy(as("manager1"), "manager-deploy").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aManagerCannotStartAProcessByHand() {
    ResponseEntity<String> response =
        as("manager1")
            .postForEntity(
                "/engine-rest/process-definition/key/" + PROCESS + "/start", json("{\"businessKey\":\"1\"}"), String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aManagerCannotDeleteAProcessInstance() {
    Task task = taskAssignedTo("manager1");

    ResponseEntity<String> response =
        as("manager1")
            .exchange("/engine-rest/process-instance/" + task.getProcessInstanceId(), HttpMethod.DELETE, null, String.class);

    assertThat(response.getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).count()).isEqualTo(1);
  }

  @Test
  void theAssigneeWorksHerTaskButCannotReassignOrEditIt() {
    Task task = taskAssignedTo("manager1");

    assertThat(as("manager1").getForEntity("/engine-rest/task/" + task.getId(), String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            as("manager1")
                .postForEntity("/engine-rest/task/" + task.getId() + "/assignee", json("{\"userId\":\"manager2\"}"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            as("manager1")
                .exchange(
                    "/engine-rest/task/" + task.getId(),
                    HttpMethod.PUT,
                    json("{\"name\":\"Переименовано\",\"priority\":1}"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<String> completed =
        as("manager1")
            .postForEntity(
                "/engine-rest/task/" + task.getId() + "/complete",
                json("{\"variables\":{\"result\":{\"value\":\"Клиент квалифицирован\"}}}"),
                String.class);

    assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void anotherManagerSeesSomeoneElsesTaskButCannotCompleteIt() {
    Task task = taskAssignedTo("manager1");

    // Seed 003: a manager sees every deal and task of the sales funnels (issue 15; before, none of a colleague's).
    ResponseEntity<List> list = as("manager2").getForEntity("/engine-rest/task?processInstanceId=" + task.getProcessInstanceId(), List.class);
    assertThat(list.getBody()).hasSize(1);
    assertThat(as("manager2").getForEntity("/engine-rest/task/" + task.getId(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> completed =
        as("manager2")
            .postForEntity(
                "/engine-rest/task/" + task.getId() + "/complete",
                json("{\"variables\":{\"result\":{\"value\":\"Чужая задача\"}}}"),
                String.class);
    assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(completed.getBody()).contains("назначена на другого сотрудника (manager1)");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
  }

  @Test
  void aTaskQueryWithAnExpressionIsRefused() {
    ResponseEntity<String> response =
        as("manager1")
            .getForEntity(URI.create(rest.getRootUri() + "/engine-rest/task?assigneeExpression=%24%7BcurrentUser()%7D"), String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void headsOfSalesReadAndAssignEverySalesTaskCuratorsOnlyDelivery() {
    List<String> headGroups = List.of("sales-heads");
    for (String funnel : List.of("course-sale", "webinar", "reanimation")) {
      assertThat(granted("rop", headGroups, ProcessDefinitionPermissions.READ_TASK, funnel)).isTrue();
      assertThat(granted("rop", headGroups, ProcessDefinitionPermissions.TASK_ASSIGN, funnel)).isTrue();
      assertThat(granted("rop", headGroups, ProcessDefinitionPermissions.CREATE_INSTANCE, funnel)).isFalse();
      assertThat(granted("manager1", List.of("managers"), ProcessDefinitionPermissions.READ, funnel)).isTrue();
      // Seed 003: managers see every sales task (issue 15); reassigning stays the head of sales'.
      assertThat(granted("manager1", List.of("managers"), ProcessDefinitionPermissions.READ_TASK, funnel)).isTrue();
      assertThat(granted("manager1", List.of("managers"), ProcessDefinitionPermissions.TASK_ASSIGN, funnel)).isFalse();
      assertThat(granted("curator1", List.of("curators"), ProcessDefinitionPermissions.READ, funnel)).isFalse();
    }
    assertThat(granted("curator1", List.of("curators"), ProcessDefinitionPermissions.TASK_WORK, "course-delivery")).isTrue();
    assertThat(granted("manager1", List.of("managers"), ProcessDefinitionPermissions.READ, "course-delivery")).isFalse();
    assertThat(authorizations.isUserAuthorized("manager1", List.of("managers"), Permissions.ACCESS, Resources.APPLICATION, "cockpit"))
        .isFalse();
    assertThat(authorizations.isUserAuthorized("rop", headGroups, Permissions.ACCESS, Resources.APPLICATION, "cockpit"))
        .isTrue();
  }

  @Test
  void theEngineRunsWithAuthorizationTaskWorkDefaultAndNoJavaSerialization() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();

    assertThat(configuration.isAuthorizationEnabled()).isTrue();
    assertThat(configuration.getDefaultUserPermissionForTask()).isEqualTo(org.camunda.bpm.engine.authorization.TaskPermissions.TASK_WORK);
    assertThat(configuration.isJavaSerializationFormatEnabled()).isFalse();
  }

  @Test
  void aJavaSerializedVariableIsRefused() {
    Task task = taskAssignedTo("manager1");
    String body =
        "{\"value\":\"rO0ABXQABGV2aWw=\",\"type\":\"Object\",\"valueInfo\":{\"objectTypeName\":\"java.lang.String\","
            + "\"serializationDataFormat\":\"application/x-java-serialized-object\"}}";

    ResponseEntity<String> response =
        as("admin")
            .exchange(
                "/engine-rest/process-instance/" + task.getProcessInstanceId() + "/variables/payload",
                HttpMethod.PUT,
                json(body),
                String.class);

    assertThat(response.getStatusCode().is2xxSuccessful()).isFalse();
    assertThat(response.getBody()).contains("Java serialization format is prohibited");
    assertThat(runtime.getVariable(task.getProcessInstanceId(), "payload")).isNull();
  }

  @Test
  void theAdminSetupEndpointCannotCreateUsers() {
    String body = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"A\",\"lastName\":\"B\"},\"credentials\":{\"password\":\"x12345678\"}}";

    ResponseEntity<String> response = rest.postForEntity("/camunda/api/admin/setup/default/user/create", json(body), String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
  }

  @Test
  void theH2ConsoleIsNotServed() {
    assertThat(rest.getForEntity("/h2-console", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theWebappSessionCookieIsHttpOnlyAndSameSite() {
    ResponseEntity<String> response = rest.getForEntity("/camunda/app/tasklist/default/", String.class);

    List<String> cookies = response.getHeaders().get(HttpHeaders.SET_COOKIE);
    assertThat(cookies).isNotNull();
    assertThat(cookies).filteredOn(c -> c.startsWith("JSESSIONID=")).isNotEmpty().allSatisfy(c -> assertThat(c).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    assertThat(cookies).filteredOn(c -> c.startsWith("XSRF-TOKEN=")).allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Lax"));
  }

  @Test
  void tasklistPagesCarryNosniffAndAPolicyAgainstFramingAndForeignScripts() {
    for (String page : List.of("/camunda/app/tasklist/default/", "/camunda/app/cockpit/default/", "/camunda/app/admin/default/")) {
      ResponseEntity<String> response = rest.getForEntity(page, String.class);
      assertThat(response.getStatusCode()).as(page).isEqualTo(HttpStatus.OK);
      assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
      String policy = response.getHeaders().getFirst("Content-Security-Policy");
      assertThat(policy).as(page).contains("frame-ancestors 'none'", "object-src 'none'", "default-src 'self'", "form-action 'self'");
      // HSTS only in prod (ProdProfileTest), where the site is served over HTTPS.
      assertThat(response.getHeaders().getFirst("Strict-Transport-Security")).as(page).isNull();
    }
  }

  @Test
  void anotherManagerCannotClaimOrAssignSomeoneElsesTask() {
    Task task = taskAssignedTo("manager1");

    for (String action : List.of("claim", "assignee", "delegate", "unclaim")) {
      ResponseEntity<String> response =
          as("manager2").postForEntity("/engine-rest/task/" + task.getId() + "/" + action, json("{\"userId\":\"manager2\"}"), String.class);
      assertThat(response.getStatusCode()).as(action).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    }
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("manager1");
    // Reading the colleague's task is allowed now (issue 15), changing its variables is not.
    assertThat(as("manager2").getForEntity("/engine-rest/task/" + task.getId() + "/variables", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(as("manager2").getForEntity("/engine-rest/task/" + task.getId() + "/form-variables", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            as("manager2")
                .postForEntity(
                    "/engine-rest/task/" + task.getId() + "/variables",
                    json("{\"modifications\":{\"result\":{\"value\":\"Чужая\"}}}"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.getVariable(task.getProcessInstanceId(), "result")).isNull();
  }

  @Test
  void expressionsInTaskQueriesAreRefusedAlsoInOrQueriesAndInPostBodies() {
    List<String> bodies =
        List.of(
            "{\"assigneeExpression\":\"${currentUser()}\"}",
            "{\"orQueries\":[{\"assigneeExpression\":\"${currentUser()}\"}]}",
            "{\"orQueries\":[{\"candidateGroupsExpression\":\"${currentUserGroups()}\"}]}",
            "{\"orQueries\":[{\"dueBeforeExpression\":\"${now()}\"},{\"assignee\":\"manager1\"}]}");
    for (String body : bodies) {
      ResponseEntity<String> response = as("manager1").postForEntity("/engine-rest/task", json(body), String.class);
      assertThat(response.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(response.getBody()).as(body).containsIgnoringCase("expression");
      ResponseEntity<String> count = as("manager1").postForEntity("/engine-rest/task/count", json(body), String.class);
      assertThat(count.getStatusCode()).as("count " + body).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    for (String query : List.of("candidateGroupsExpression=%24%7BcurrentUserGroups()%7D", "dueBeforeExpression=%24%7Bnow()%7D")) {
      assertThat(as("manager1").getForEntity(URI.create(rest.getRootUri() + "/engine-rest/task?" + query), String.class).getStatusCode())
          .as(query)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }

  @Test
  void withoutCredentialsEveryEngineRestAndStaffApiAddressIsUnauthorized() {
    for (String path :
        List.of(
            "/engine-rest/task", "/engine-rest/process-definition", "/engine-rest/deployment", "/engine-rest/incident", "/engine-rest/user",
            "/engine-rest/job", "/engine-rest/history/process-instance", "/api/deals/1", "/api/reports/board", "/api/reports/viewer")) {
      assertThat(rest.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    assertThat(rest.postForEntity("/engine-rest/deployment/create", json("{}"), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.exchange("/api/managers/manager1/availability", HttpMethod.PUT, json("{\"available\":false}"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // The deal card's changes (issue 16).
    assertThat(rest.exchange("/api/deals/1", HttpMethod.PATCH, json("{\"name\":\"Аноним\"}"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.DELETE)) {
      assertThat(rest.exchange("/api/deals/1/tags/trial_lesson", method, null, String.class).getStatusCode()).as(method.name())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
  }

  @Test
  void aManagerCannotReadOtherManagersReportFiguresNorExport() {
    ResponseEntity<String> workload = as("manager1").getForEntity("/api/reports/workload", String.class);
    assertThat(workload.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(workload.getBody()).contains("\"manager\":\"manager1\"").doesNotContain("\"manager\":\"manager2\"", "\"manager\":\"manager3\"");
    ResponseEntity<String> sla = as("manager1").getForEntity("/api/reports/first-contact", String.class);
    assertThat(sla.getBody()).doesNotContain("\"manager\":\"manager2\"", "\"manager\":\"manager3\"");
    for (String csv : List.of("board.csv", "workload.csv", "conversion.csv", "loss-reasons.csv", "first-contact.csv")) {
      assertThat(as("manager1").getForEntity("/api/reports/" + csv, String.class).getStatusCode()).as(csv).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(as("curator1").getForEntity("/api/reports/board", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void ourFormCheckIsARussian400InCamundasErrorShapeNotA500() {
    Task task = taskAssignedTo("manager1");

    ResponseEntity<String> response =
        as("manager1").postForEntity("/engine-rest/task/" + task.getId() + "/complete", json("{\"variables\":{}}"), String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).contains("\"type\"", "Заполните «Результат»");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
  }

  private boolean granted(String user, List<String> groups, org.camunda.bpm.engine.authorization.Permission permission, String key) {
    return authorizations.isUserAuthorized(user, groups, permission, Resources.PROCESS_DEFINITION, key);
  }

  private ResponseEntity<Map> deploy(TestRestTemplate client, String name) {
    var form = new LinkedMultiValueMap<String, Object>();
    form.add("deployment-name", name);
    form.add("deployment-source", "Camunda Modeler");
    form.add("deploy-changed-only", "true");
    form.add("data", new ClassPathResource("bpmn-test/stage-listener-test.bpmn"));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return client.postForEntity("/engine-rest/deployment/create", new HttpEntity<>(form, headers), Map.class);
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }
}
