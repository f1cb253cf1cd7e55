package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.delivery.CourseDelivery;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Issue 15: a task query decides visibility from the user's grants once, not by joining each task
 * with the authorization table ({@link TaskReadByFunnel}). Whatever the query, a user must see
 * exactly the tasks the engine's own check of a single task lets her read — a grant on the task
 * or {@code READ_TASK} on its process definition — no more, no fewer.
 */
@ApplicationTest
class TaskReadByFunnelTest {

  private static final String GUEST = "taskguest";
  private static final String GUEST_GROUP = "taskguests";

  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;

  private Task saleTask;
  private Task deliveryTask;
  private final List<String> grantsMade = new java.util.ArrayList<>();

  @BeforeEach
  void aSaleAndADeliveryDeal() {
    ResponseEntity<String> response =
        Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Клиент Видимости", TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    long saleDeal = Api.parse(response).path("dealId").asLong();
    saleTask = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(saleDeal)).singleResult();

    long contact = deals.createContact(new NewContact("Ученица Видимости", TestPhones.unique(), null, null), Instant.now());
    long deliveryDeal = deals.createDeal(new NewDeal(CourseDelivery.PROCESS_KEY, contact, "Дизайн", null, null), Instant.now());
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.DEAL_ID, deliveryDeal);
    variables.put(ProcessVariables.CLIENT_NAME, "Ученица Видимости");
    variables.put(ProcessVariables.COURSE, "Дизайн");
    variables.put(CourseDelivery.START_DATE, null);
    variables.put(CourseDelivery.END_DATE, null);
    runtime
        .createMessageCorrelation(CourseDelivery.STARTED)
        .processInstanceBusinessKey(String.valueOf(deliveryDeal))
        .setVariables(variables)
        .correlateStartMessage();
    deliveryTask = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(deliveryDeal)).singleResult();
    assertThat(saleTask).isNotNull();
    assertThat(deliveryTask).isNotNull();
  }

  @AfterEach
  void withoutTheGrantsOfTheTest() {
    identity.clearAuthentication();
    grantsMade.forEach(authorizations::deleteAuthorization);
    grantsMade.clear();
  }

  @Test
  void everyRoleSeesExactlyWhatTheEnginesCheckOfEachTaskAllows() {
    Map<String, List<String>> users =
        Map.of(
            "manager1", List.of("managers"),
            "rop", List.of("sales-heads"),
            "curator1", List.of("curators"),
            "nobody", List.of());
    users.forEach(this::seesWhatTheEngineAllows);

    Set<String> manager = visible("manager1", List.of("managers"), tasks.createTaskQuery());
    assertThat(manager).contains(saleTask.getId()).doesNotContain(deliveryTask.getId());
    Set<String> curator = visible("curator1", List.of("curators"), tasks.createTaskQuery());
    assertThat(curator).contains(deliveryTask.getId()).doesNotContain(saleTask.getId());
    assertThat(visible("nobody", List.of(), tasks.createTaskQuery())).isEmpty();
  }

  @Test
  void aGrantOnOneTaskMadeInAdminShowsThatTaskAndNoOther() {
    grant(Resources.TASK, saleTask.getId(), Permissions.READ);
    seesWhatTheEngineAllows(GUEST, List.of());
    assertThat(visible(GUEST, List.of(), tasks.createTaskQuery())).containsExactly(saleTask.getId());

    // A curator given one sales task keeps her own funnel's tasks as well.
    grantToUser("curator1", Resources.TASK, saleTask.getId(), Permissions.READ);
    Set<String> curator = visible("curator1", List.of("curators"), tasks.createTaskQuery());
    assertThat(curator).contains(saleTask.getId(), deliveryTask.getId());
    seesWhatTheEngineAllows("curator1", List.of("curators"));
  }

  @Test
  void aGrantOnEveryDefinitionOrEveryTaskShowsEverything() {
    grantToGroup(GUEST_GROUP, Resources.PROCESS_DEFINITION, Authorization.ANY, ProcessDefinitionPermissions.READ_TASK);
    assertThat(visible(GUEST, List.of(GUEST_GROUP), tasks.createTaskQuery())).contains(saleTask.getId(), deliveryTask.getId());
    seesWhatTheEngineAllows(GUEST, List.of(GUEST_GROUP));

    grant(Resources.TASK, Authorization.ANY, Permissions.READ);
    assertThat(visible(GUEST, List.of(), tasks.createTaskQuery())).contains(saleTask.getId(), deliveryTask.getId());
    seesWhatTheEngineAllows(GUEST, List.of());
  }

  @Test
  void aQueryForAFunnelTheUserMayNotReadFindsNothingAndTheQueryStaysReusable() {
    identity.setAuthentication("manager1", List.of("managers"));
    TaskQuery delivery = tasks.createTaskQuery().processDefinitionKeyIn(CourseDelivery.PROCESS_KEY);
    assertThat(delivery.list()).isEmpty();
    assertThat(delivery.count()).isZero();
    TaskQuery sales = tasks.createTaskQuery().processDefinitionKeyIn("course-sale", CourseDelivery.PROCESS_KEY);
    assertThat(sales.list()).extracting(Task::getId).contains(saleTask.getId()).doesNotContain(deliveryTask.getId());
    assertThat(sales.count()).isEqualTo(sales.list().size());
    identity.clearAuthentication();
  }

  /** For several shapes of query, the user's answer equals the engine's single-task check over all tasks. */
  private void seesWhatTheEngineAllows(String user, List<String> groups) {
    List<Function<TaskQuery, TaskQuery>> shapes =
        List.of(
            q -> q,
            q -> q.taskAssignee("manager1"),
            q -> q.taskUnassigned(),
            q -> q.or().taskAssignee("manager1").taskCandidateGroupIn(List.of("managers", "curators")).endOr(),
            q -> q.processDefinitionKeyIn("course-sale"),
            q -> q.processDefinitionKey(CourseDelivery.PROCESS_KEY),
            q -> q.dueBefore(new java.util.Date(System.currentTimeMillis() + 86_400_000L)).orderByTaskPriority().desc().orderByDueDate().asc());
    Map<String, String> keyOfDefinition =
        repository.createProcessDefinitionQuery().list().stream().collect(Collectors.toMap(ProcessDefinition::getId, ProcessDefinition::getKey));
    for (Function<TaskQuery, TaskQuery> shape : shapes) {
      Set<String> allowed =
          shape.apply(tasks.createTaskQuery()).list().stream()
              .filter(task -> mayRead(user, groups, task, keyOfDefinition))
              .map(Task::getId)
              .collect(Collectors.toSet());
      identity.setAuthentication(user, groups);
      try {
        TaskQuery query = shape.apply(tasks.createTaskQuery());
        assertThat(query.list()).extracting(Task::getId).as(user).containsExactlyInAnyOrderElementsOf(allowed);
        assertThat(shape.apply(tasks.createTaskQuery()).count()).as(user).isEqualTo(allowed.size());
        assertThat(shape.apply(tasks.createTaskQuery()).listPage(0, 15)).as(user).hasSize(Math.min(15, allowed.size()));
      } finally {
        identity.clearAuthentication();
      }
    }
  }

  private boolean mayRead(String user, List<String> groups, Task task, Map<String, String> keyOfDefinition) {
    if (authorizations.isUserAuthorized(user, groups, Permissions.READ, Resources.TASK, task.getId())) {
      return true;
    }
    String key = task.getProcessDefinitionId() == null ? null : keyOfDefinition.get(task.getProcessDefinitionId());
    return key != null && authorizations.isUserAuthorized(user, groups, ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, key);
  }

  private Set<String> visible(String user, List<String> groups, TaskQuery query) {
    identity.setAuthentication(user, groups);
    try {
      return query.list().stream().map(Task::getId).collect(Collectors.toSet());
    } finally {
      identity.clearAuthentication();
    }
  }

  private void grant(Resources resource, String resourceId, org.camunda.bpm.engine.authorization.Permission permission) {
    grantToUser(GUEST, resource, resourceId, permission);
  }

  private void grantToUser(String user, Resources resource, String resourceId, org.camunda.bpm.engine.authorization.Permission permission) {
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(user);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    grantsMade.add(authorizations.saveAuthorization(authorization).getId());
  }

  private void grantToGroup(String group, Resources resource, String resourceId, org.camunda.bpm.engine.authorization.Permission permission) {
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    grantsMade.add(authorizations.saveAuthorization(authorization).getId());
  }
}
