package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
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
import ru.onlineschool.funnels.delivery.CourseDelivery;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.identity.AccessPolicy;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * Seed 003 «Права доступа», role by role (issue 15): what the manager, the head of sales, the
 * curator and the administrator may see, work (claim, complete), edit (variables, deal fields),
 * export and delete, on their own and on a colleague's deal, before and after the deal changes
 * hands — through engine-rest, Tasklist's own engine API (session and CSRF token) and /api.
 */
@ApplicationTest
class RoleMatrixTest {

  /** A second curator, for «a colleague's delivery deal»; unavailable, so no other test's deal goes to her. */
  private static final String OTHER_CURATOR = "curatormatrix";
  private static final String DEPARTMENT = "Все задачи отдела";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired AuthorizationService authorizations;
  @Autowired IdentityService identity;
  @Autowired ProcessDriver driver;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;
  @Autowired AccessPolicy policy;

  private record Sale(long dealId, String instance, Task task) {}

  @BeforeAll
  static void secondCurator(@Autowired IdentityService identity, @Autowired SmartDistribution distribution) {
    if (identity.createUserQuery().userId(OTHER_CURATOR).count() == 0) {
      User user = identity.newUser(OTHER_CURATOR);
      user.setFirstName("Вера");
      user.setLastName("Кураторова");
      user.setPassword("demo");
      identity.saveUser(user);
      identity.createMembership(OTHER_CURATOR, "curators");
    }
    distribution.setAvailability(OTHER_CURATOR, false, "test", Instant.now());
  }

  @AfterAll
  static void withoutSecondCurator(@Autowired IdentityService identity) {
    identity.deleteUser(OTHER_CURATOR);
  }

  @AfterEach
  void everybodyBack() {
    driver.everybodyAvailable();
    if (identity.createUserQuery().userId("manager3").memberOfGroup("managers").count() == 0) {
      identity.createMembership("manager3", "managers");
    }
  }

  // ------------------------------------------------------------------------------------------ see

  @Test
  void everyoneInSalesSeesEveryDealAndTaskOfTheSalesFunnelsCuratorsDoNot() throws Exception {
    Sale sale = saleOf("manager1");

    for (String user : List.of("manager1", "manager2", "rop", "admin")) {
      assertThat(as(user).getForEntity("/engine-rest/task/" + sale.task().getId(), String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      WebappSession tasklist = WebappSession.login(port, user, "tasklist");
      assertThat(tasklist.get(tasklistTask(sale.task())).statusCode()).as(user).isEqualTo(200);
      assertThat(departmentList(tasklist, sale)).as(user + ": the department's filter lists the deal's task").contains(sale.task().getId());
      ResponseEntity<String> card = as(user).getForEntity("/api/deals/" + sale.dealId(), String.class);
      assertThat(card.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      assertThat(Api.parse(card).path("responsible").path("id").asText()).isEqualTo("manager1");
      ResponseEntity<String> variables =
          as(user).getForEntity("/engine-rest/process-instance/" + sale.instance() + "/variables/clientName", String.class);
      assertThat(variables.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
    }

    assertThat(as("curator1").getForEntity("/engine-rest/task/" + sale.task().getId(), String.class).getStatusCode())
        .isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    WebappSession curator = WebappSession.login(port, "curator1", "tasklist");
    assertThat(curator.get(tasklistTask(sale.task())).statusCode()).isIn(403, 404);
    assertThat(departmentList(curator, sale)).doesNotContain(sale.task().getId());
    assertThat(as("curator1").getForEntity("/api/deals/" + sale.dealId(), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  // ----------------------------------------------------------------------------------------- work

  @Test
  void aManagerWorksOnlyHerOwnTaskTheHeadOfSalesAndTheAdministratorAnyone() throws Exception {
    Sale sale = saleOf("manager1");
    String taskId = sale.task().getId();

    ResponseEntity<String> claim = as("manager2").postForEntity("/engine-rest/task/" + taskId + "/claim", json("{\"userId\":\"manager2\"}"), String.class);
    assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(claim.getBody()).contains("назначена на другого сотрудника (manager1)");
    HttpResponse<String> colleague = WebappSession.login(port, "manager2", "tasklist").post(submit(taskId), answers("Дозвонился, клиент хочет на курс"), "application/json");
    assertThat(colleague.statusCode()).isEqualTo(403);
    assertThat(colleague.body()).contains("назначена на другого сотрудника");
    assertThat(as("curator1").postForEntity("/engine-rest/task/" + taskId + "/complete", json(answers("Клиент подтвердил интерес")), String.class).getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    assertThat(tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("manager1");

    HttpResponse<String> own = WebappSession.login(port, "manager1", "tasklist").post(submit(taskId), answers("Дозвонилась, интерес к курсу подтвердил, готовлю предложение"), "application/json");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(204);
    assertThat(deals.currentStage(sale.dealId()).orElseThrow().code()).isEqualTo("QUALIFIED");

    // The head of sales and the administrator work a manager's task, e.g. while she is away.
    for (String user : List.of("rop", "admin")) {
      Sale another = saleOf("manager2");
      ResponseEntity<String> completed =
          as(user).postForEntity("/engine-rest/task/" + another.task().getId() + "/complete", json(answers("Пока Игорь в отпуске, позвонил сам: клиент хочет на курс")), String.class);
      assertThat(completed.getStatusCode()).as(user + ": " + completed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }
  }

  @Test
  void aGroupTaskIsClaimedByAMemberOfTheGroupForHerselfAndWorkedOnlyOnceClaimed() throws Exception {
    driver.onlyAvailable();
    Sale waiting = lead("Ждёт менеджера");
    Task groupTask =
        tasks.createTaskQuery().processInstanceId(waiting.instance()).taskCandidateGroup("managers").taskUnassigned().list().get(0);

    ResponseEntity<String> unclaimed =
        as("manager2").postForEntity("/engine-rest/task/" + groupTask.getId() + "/complete", json(answers("Клиент хочет на курс")), String.class);
    assertThat(unclaimed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(unclaimed.getBody()).contains("ещё не взята в работу");
    ResponseEntity<String> forSomeoneElse =
        as("manager2").postForEntity("/engine-rest/task/" + groupTask.getId() + "/claim", json("{\"userId\":\"manager3\"}"), String.class);
    assertThat(forSomeoneElse.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("curator1").postForEntity("/engine-rest/task/" + groupTask.getId() + "/claim", json("{\"userId\":\"curator1\"}"), String.class).getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);

    HttpResponse<String> claimed =
        WebappSession.login(port, "manager2", "tasklist")
            .post("/camunda/api/engine/engine/default/task/" + groupTask.getId() + "/claim", "{\"userId\":\"manager2\"}", "application/json");
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(groupTask.getId()).singleResult().getAssignee()).isEqualTo("manager2");
    assertThat(as("manager3").postForEntity("/engine-rest/task/" + groupTask.getId() + "/complete", json(answers("Дозвонилась, интерес подтвердил")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  // ----------------------------------------------------------------------------------------- edit

  @Test
  void dealFieldsChangeThroughTheTasksFormRawVariablesOnlyByTheAdministrator() throws Exception {
    Sale sale = saleOf("manager1");
    String taskId = sale.task().getId();

    for (String user : List.of("manager1", "manager2", "rop", "curator1")) {
      ResponseEntity<String> taskVariables =
          as(user).postForEntity("/engine-rest/task/" + taskId + "/variables", json("{\"modifications\":{\"course\":{\"value\":\"Взлом\"}}}"), String.class);
      assertThat(taskVariables.getStatusCode()).as(user).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      ResponseEntity<String> dealVariable =
          as(user).exchange("/engine-rest/process-instance/" + sale.instance() + "/variables/course", HttpMethod.PUT, json("{\"value\":\"Взлом\"}"), String.class);
      assertThat(dealVariable.getStatusCode()).as(user).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    }
    assertThat(runtime.getVariable(sale.instance(), "course")).isNotEqualTo("Взлом");
    // Camunda's comment resource answers any engine refusal as 400 «Not enough parameters submitted».
    assertThat(
            as("manager2")
                .postForEntity("/engine-rest/task/" + taskId + "/comment/create", json("{\"message\":\"Чужой комментарий\"}"), String.class)
                .getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.BAD_REQUEST);
    assertThat(tasks.getTaskComments(taskId)).isEmpty();

    // The responsible edits the deal through her task's form: the manual tag reaches the deal.
    HttpResponse<String> own =
        WebappSession.login(port, "manager1", "tasklist")
            .post(submit(taskId), "{\"variables\":{\"outcome\":{\"value\":\"QUALIFIED\"},\"result\":{\"value\":\"Пишет в Telegram\"},"
                + "\"tagWroteInTelegram\":{\"value\":true}}}", "application/json");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(204);
    assertThat(deals.tags(sale.dealId())).contains("написали_в_tg");

    ResponseEntity<String> byAdmin =
        as("admin").exchange("/engine-rest/process-instance/" + sale.instance() + "/variables/course", HttpMethod.PUT, json("{\"value\":\"SQL\"}"), String.class);
    assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.getVariable(sale.instance(), "course")).isEqualTo("SQL");
  }

  // --------------------------------------------------------------------------------------- export

  @Test
  void onlyTheHeadOfSalesAndTheAdministratorExportAggregatesAndNobodyExportsClientsFromHistory() {
    Sale sale = saleOf("manager1");
    String phone = (String) runtime.getVariable(sale.instance(), ProcessVariables.CLIENT_PHONE);

    for (String user : List.of("manager1", "manager2", "curator1")) {
      assertThat(as(user).getForEntity("/api/reports/board.csv", String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    for (String user : List.of("rop", "admin")) {
      ResponseEntity<String> csv = as(user).getForEntity("/api/reports/board.csv", String.class);
      assertThat(csv.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      assertThat(csv.getBody()).as(user).doesNotContain(phone);
    }
    // The engine's history keeps no copy of a client's data (issue 21): no role exports clients from it.
    String history = "/engine-rest/history/variable-instance?processInstanceId=" + sale.instance();
    for (String user : List.of("manager1", "manager2", "rop", "curator1", "admin")) {
      assertThat(as(user).getForEntity(history, String.class).getBody()).as(user).doesNotContain(phone);
    }
  }

  // --------------------------------------------------------------------------------------- delete

  @Test
  void nobodyButTheAdministratorDeletesADealItsProcessOrItsTask() {
    Sale sale = saleOf("manager1");

    for (String user : List.of("manager1", "manager2", "rop", "curator1")) {
      assertThat(as(user).exchange("/engine-rest/process-instance/" + sale.instance(), HttpMethod.DELETE, null, String.class).getStatusCode())
          .as(user)
          .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as(user).exchange("/engine-rest/task/" + sale.task().getId(), HttpMethod.DELETE, null, String.class).getStatusCode().is2xxSuccessful())
          .as(user)
          .isFalse();
      assertThat(as(user).exchange("/api/deals/" + sale.dealId(), HttpMethod.DELETE, null, String.class).getStatusCode().is4xxClientError())
          .as(user)
          .isTrue();
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(sale.instance()).count()).isEqualTo(1);
    assertThat(tasks.createTaskQuery().taskId(sale.task().getId()).count()).isEqualTo(1);
    assertThat(deals.exists(sale.dealId())).isTrue();

    // A task of a running process is closed only with its process, also for the administrator.
    assertThat(as("admin").exchange("/engine-rest/task/" + sale.task().getId(), HttpMethod.DELETE, null, String.class).getStatusCode().is4xxClientError())
        .isTrue();
    assertThat(as("admin").exchange("/engine-rest/process-instance/" + sale.instance(), HttpMethod.DELETE, null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(sale.instance()).count()).isZero();
  }

  // ------------------------------------------------------------------------ the deal changes hands

  @Test
  void aReassignedTaskIsTheNewManagersAtOnceAndNoLongerThePreviousOnesWithNoGrantLeftBehind() throws Exception {
    Sale sale = saleOf("manager1");
    String taskId = sale.task().getId();
    assertThat(as("manager2").postForEntity("/engine-rest/task/" + taskId + "/complete", json(answers("Поговорил, клиент хочет на курс")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("manager1").postForEntity("/engine-rest/task/" + taskId + "/assignee", json("{\"userId\":\"manager2\"}"), String.class).getStatusCode())
        .as("a manager does not hand over")
        .isEqualTo(HttpStatus.FORBIDDEN);

    HttpResponse<String> reassigned =
        WebappSession.login(port, "rop", "tasklist")
            .post("/camunda/api/engine/engine/default/task/" + taskId + "/assignee", "{\"userId\":\"manager2\"}", "application/json");
    assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(204);

    // The previous manager still sees the deal, but works it no more.
    assertThat(as("manager1").getForEntity("/engine-rest/task/" + taskId, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> previous = as("manager1").postForEntity("/engine-rest/task/" + taskId + "/complete", json(answers("Интерес подтвердил, жду программу")), String.class);
    assertThat(previous.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(previous.getBody()).contains("(manager2)");

    HttpResponse<String> completed = WebappSession.login(port, "manager2", "tasklist").post(submit(taskId), answers("Принял заявку от Анны, перезвонил: клиент ждёт предложение"), "application/json");
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
    assertThat(deals.responsible(sale.dealId())).contains("manager2");
    List<Task> open = tasks.createTaskQuery().processInstanceId(sale.instance()).list();
    assertThat(open).isNotEmpty().allSatisfy(t -> assertThat(t.getAssignee()).isEqualTo("manager2"));
    Task next = open.get(0);
    assertThat(as("manager1").postForEntity("/engine-rest/task/" + next.getId() + "/complete", json(answers("Клиент ждёт предложение")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("manager1").getForEntity("/api/deals/" + sale.dealId(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

    // Nothing per task or per deal was ever written: nothing is left to revoke.
    assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.TASK).list())
        .allSatisfy(a -> assertThat(a.getResourceId()).isEqualTo("*"));
    assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE).list())
        .allSatisfy(a -> assertThat(a.getResourceId()).isEqualTo("*"));
  }

  @Test
  void aManagerWhoLeavesTheGroupLosesSightAndWorkAtOnce() throws Exception {
    Sale own = saleOf("manager3");
    Sale colleagues = saleOf("manager1");
    assertThat(as("manager3").getForEntity("/engine-rest/task/" + colleagues.task().getId(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

    identity.deleteMembership("manager3", "managers");

    assertThat(as("manager3").getForEntity("/engine-rest/task/" + colleagues.task().getId(), String.class).getStatusCode())
        .isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    assertThat(as("manager3").getForEntity("/engine-rest/task/" + own.task().getId(), String.class).getStatusCode())
        .isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    assertThat(as("manager3").postForEntity("/engine-rest/task/" + own.task().getId() + "/complete", json(answers("Интерес подтвердил")), String.class).getStatusCode())
        .isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    assertThat(as("manager3").getForEntity("/api/deals/" + own.dealId(), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(tasks.createTaskQuery().taskId(own.task().getId()).count()).isEqualTo(1);
  }

  @Test
  void grantsPerTaskOrPerDealFromEarlierVersionsAreRemovedAtStartTheAdministratorsStay() {
    Sale sale = saleOf("manager1");
    // What the engine's default provider and DealAccess wrote before issue 15.
    grant("manager1", null, Resources.TASK, sale.task().getId());
    grant(null, "sales-heads", Resources.TASK, sale.task().getId());
    grant("manager1", null, Resources.PROCESS_INSTANCE, sale.instance());

    policy.apply();

    assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(sale.task().getId()).count()).isZero();
    assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE).resourceId(sale.instance()).count()).isZero();
    assertThat(authorizations.createAuthorizationQuery().groupIdIn("admins").resourceType(Resources.TASK).resourceId("*").count()).isEqualTo(1);
    // The manager still works her task: the right comes from her group, not from a row of her own.
    assertThat(as("manager1").postForEntity("/engine-rest/task/" + sale.task().getId() + "/complete", json(answers("Клиент подтвердил интерес, готовлю предложение")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  private void grant(String user, String group, Resources resource, String resourceId) {
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(user);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(Permissions.READ);
    if (resource == Resources.TASK) {
      authorization.addPermission(TaskPermissions.TASK_WORK);
    }
    authorizations.saveAuthorization(authorization);
  }

  // -------------------------------------------------------------------------------------- curators

  @Test
  void curatorsSeeEveryDeliveryDealAndWorkTheirOwnTheDealFollowsAReassignment() throws Exception {
    String instance = deliveryWithoutDates();
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    assertThat(task.getAssignee()).isEqualTo("curator1");
    long dealId = Long.parseLong(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getBusinessKey());

    for (String user : List.of("curator1", OTHER_CURATOR, "admin")) {
      assertThat(as(user).getForEntity("/engine-rest/task/" + task.getId(), String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      assertThat(as(user).getForEntity("/api/deals/" + dealId, String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
    }
    for (String user : List.of("manager1", "rop")) {
      assertThat(as(user).getForEntity("/engine-rest/task/" + task.getId(), String.class).getStatusCode()).as(user).isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
      assertThat(as(user).getForEntity("/api/deals/" + dealId, String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    ResponseEntity<String> colleague =
        as(OTHER_CURATOR).postForEntity("/engine-rest/task/" + task.getId() + "/complete", json(scheduled("Согласовала даты с учеником")), String.class);
    assertThat(colleague.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as(OTHER_CURATOR).exchange("/engine-rest/process-instance/" + instance, HttpMethod.DELETE, null, String.class).getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    // The deal's fields through /api: its curator, not a colleague.
    ResponseEntity<String> colleaguesChange =
        as(OTHER_CURATOR).exchange("/api/deals/" + dealId + "/course", HttpMethod.PATCH, json("{\"group\":\"М.01\"}"), String.class);
    assertThat(colleaguesChange.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(colleaguesChange.getBody()).contains("ведёт другой куратор, Елена Васильева").doesNotContain("curator1");
    ResponseEntity<String> ownChange =
        as("curator1").exchange("/api/deals/" + dealId + "/course", HttpMethod.PATCH, json("{\"group\":\"М.02\"}"), String.class);
    assertThat(ownChange.getStatusCode()).as(ownChange.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(runtime.getVariable(instance, ProcessVariables.GROUP)).isEqualTo("М.02");

    assertThat(as("admin").postForEntity("/engine-rest/task/" + task.getId() + "/assignee", json("{\"userId\":\"" + OTHER_CURATOR + "\"}"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(as("curator1").postForEntity("/engine-rest/task/" + task.getId() + "/complete", json(scheduled("Даты старта согласованы с учеником")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    HttpResponse<String> completed =
        WebappSession.login(port, OTHER_CURATOR, "tasklist").post(submit(task.getId()), scheduled("Согласовали старт через месяц, ученик ждёт доступы"), "application/json");
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("SCHEDULED");
  }

  // -------------------------------------------------------------------------------------- helpers

  private Sale saleOf(String manager) {
    driver.onlyAvailable(manager);
    Sale sale = lead("Клиент " + manager);
    assertThat(sale.task().getAssignee()).isEqualTo(manager);
    return sale;
  }

  private Sale lead(String name) {
    ResponseEntity<String> response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead(name, TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    long dealId = Api.parse(response).path("dealId").asLong();
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
    return new Sale(dealId, instance, task);
  }

  /** A «Ведение курса» deal without course dates: its curator's first task is «Уточнить даты курса». */
  private String deliveryWithoutDates() {
    long contact = deals.createContact(new NewContact("Ученик Матрицы", TestPhones.unique(), null, null), Instant.now());
    long dealId = deals.createDeal(new NewDeal(CourseDelivery.PROCESS_KEY, contact, "Дизайн", null, null), Instant.now());
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.DEAL_ID, dealId);
    variables.put(ProcessVariables.CLIENT_NAME, "Ученик Матрицы");
    variables.put(ProcessVariables.COURSE, "Дизайн");
    variables.put(CourseDelivery.START_DATE, null);
    variables.put(CourseDelivery.END_DATE, null);
    return runtime
        .createMessageCorrelation(CourseDelivery.STARTED)
        .processInstanceBusinessKey(String.valueOf(dealId))
        .setVariables(variables)
        .correlateStartMessage()
        .getId();
  }

  private List<String> departmentList(WebappSession session, Sale sale) throws Exception {
    HttpResponse<String> filters = session.get("/camunda/api/engine/engine/default/filter?resourceType=Task");
    for (JsonNode filter : JSON.readTree(filters.body())) {
      if (filter.path("name").asText().equals(DEPARTMENT)) {
        String query = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],\"processInstanceBusinessKey\":\"" + sale.dealId() + "\"}";
        HttpResponse<String> list =
            session.post(
                "/camunda/api/engine/engine/default/filter/" + filter.path("id").asText() + "/list?firstResult=0&maxResults=15",
                query,
                "application/hal+json");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        return JSON.readTree(list.body()).path("_embedded").path("task").findValuesAsText("id");
      }
    }
    return List.of();
  }

  private static String tasklistTask(Task task) {
    return "/camunda/api/engine/engine/default/task/" + task.getId();
  }

  private static String submit(String taskId) {
    return "/camunda/api/engine/engine/default/task/" + taskId + "/submit-form";
  }

  private static String answers(String result) {
    return "{\"variables\":{\"outcome\":{\"value\":\"QUALIFIED\"},\"result\":{\"value\":\"" + result + "\"}}}";
  }

  private static String scheduled(String result) {
    LocalDate start = LocalDate.now().plusDays(30);
    return "{\"variables\":{\"outcome\":{\"value\":\"SCHEDULED\"},\"startDate\":{\"value\":\"" + start + "\"},\"endDate\":{\"value\":\""
        + start.plusMonths(3) + "\"},\"result\":{\"value\":\"" + result + "\"}}}";
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }
}
