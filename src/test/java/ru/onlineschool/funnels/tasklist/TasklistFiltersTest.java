package ru.onlineschool.funnels.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.TestProcess;
import ru.onlineschool.funnels.identity.StartupSetup;
import ru.onlineschool.funnels.support.ApplicationTest;

/** The ready filters, as each role sees them through the REST API Tasklist uses. */
@ApplicationTest
class TasklistFiltersTest {

  @Autowired TestRestTemplate rest;
  @Autowired FilterService filters;
  @Autowired AuthorizationService authorizations;
  @Autowired StartupSetup setup;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;

  @BeforeAll
  static void deploy(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  private List<Map<String, Object>> filtersOf(String user) {
    return rest.withBasicAuth(user, "demo")
        .exchange("/engine-rest/filter?resourceType=Task", HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .getBody();
  }

  @Test
  void aManagerSeesHerFiltersInRussianAndTheDepartmentFilter() {
    // Seed 003 (issue 15): a manager sees every task of the department, a colleague's too.
    assertThat(filtersOf("manager1"))
        .extracting(f -> f.get("name"))
        .containsExactlyInAnyOrder("Мои задачи", "Задачи группы", "Просроченные", "На сегодня", "Все задачи отдела");
  }

  @Test
  void theHeadOfSalesAlsoSeesAllTasksOfTheDepartment() {
    assertThat(filtersOf("rop"))
        .extracting(f -> f.get("name"))
        .containsExactlyInAnyOrder("Мои задачи", "Задачи группы", "Просроченные", "На сегодня", "Все задачи отдела");
  }

  @Test
  void filtersShowClientPhoneCourseAndStageColumns() {
    Map<String, Object> myTasks =
        filtersOf("manager1").stream().filter(f -> "Мои задачи".equals(f.get("name"))).findFirst().orElseThrow();
    Map<String, Object> properties = (Map<String, Object>) myTasks.get("properties");

    assertThat((List<Map<String, String>>) properties.get("variables"))
        .extracting(v -> v.get("label"))
        .containsExactly("Клиент", "Телефон", "Курс", "Этап");
  }

  @Test
  void everyFilterListsByPriorityThenDueDateWhateverTasklistAppends() {
    // Three tasks of manager3: low priority due first, high priority due last, high priority due first.
    Task lowEarly = taskOf("manager3", 10, Instant.parse("2031-01-01T09:00:00Z"));
    Task highLate = taskOf("manager3", 100, Instant.parse("2031-01-03T09:00:00Z"));
    Task highEarly = taskOf("manager3", 100, Instant.parse("2031-01-02T09:00:00Z"));
    String keys = Stream.of(lowEarly, highLate, highEarly).map(t -> "\"" + t.getProcessInstanceId() + "\"").collect(Collectors.joining(","));

    for (String name : List.of("Мои задачи", "Все задачи отдела")) {
      String id = filters.createFilterQuery().filterName(name).singleResult().getId();
      // Tasklist appends its own sorting (without our script: «Дата создания», newest first).
      String body = "{\"processInstanceIdIn\":[" + keys + "],\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
      List<Map<String, Object>> listed =
          rest.withBasicAuth("manager3", "demo")
              .exchange("/engine-rest/filter/" + id + "/list", HttpMethod.POST, json(body), new ParameterizedTypeReference<List<Map<String, Object>>>() {})
              .getBody();
      assertThat(listed).as(name).extracting(t -> t.get("id")).containsExactly(highEarly.getId(), highLate.getId(), lowEarly.getId());
    }
  }

  @Test
  void tasksWithTheSamePriorityAndDueTimeKeepOneOrderWhateverTasklistAppends() {
    // Leads that came overnight share priority and due time; the task's id decides, so the pages
    // neither repeat nor skip a task (and the database reads them from the index).
    Instant morning = Instant.parse("2031-02-01T06:15:00Z");
    List<Task> tied = Stream.of(1, 2, 3, 4).map(i -> taskOf("manager3", 90, morning)).toList();
    List<String> byId = tied.stream().map(Task::getId).sorted().toList();
    String keys = tied.stream().map(t -> "\"" + t.getProcessInstanceId() + "\"").collect(Collectors.joining(","));
    for (String name : List.of("Мои задачи", "Все задачи отдела")) {
      String id = filters.createFilterQuery().filterName(name).singleResult().getId();
      for (String sorting : List.of("created", "priority")) {
        String body =
            "{\"processInstanceIdIn\":[" + keys + "],\"sorting\":[{\"sortBy\":\"" + sorting + "\",\"sortOrder\":\"desc\"}]}";
        List<Map<String, Object>> listed =
            rest.withBasicAuth("manager3", "demo")
                .exchange("/engine-rest/filter/" + id + "/list", HttpMethod.POST, json(body), new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .getBody();
        assertThat(listed).as(name + ", " + sorting).extracting(t -> t.get("id")).containsExactlyElementsOf(byId);
      }
    }
  }

  @Test
  void filtersOfAnEarlierVersionTakeTheRegulationOrderOneAnAdministratorSortedKeepsHers() {
    Filter today = filters.createFilterQuery().filterName("На сегодня").singleResult();
    TaskQueryImpl earlier = (TaskQueryImpl) today.getQuery();
    earlier.getOrderingProperties().clear();
    today.setQuery(earlier.orderByDueDate().asc());
    filters.saveFilter(today);
    Filter overdue = filters.createFilterQuery().filterName("Просроченные").singleResult();
    TaskQueryImpl chosen = (TaskQueryImpl) overdue.getQuery();
    chosen.getOrderingProperties().clear();
    overdue.setQuery(chosen.orderByTaskCreateTime().desc());
    filters.saveFilter(overdue);
    try {
      setup.onEngineReady();

      assertThat(order("На сегодня")).containsExactly("PRIORITY_ desc", "DUE_DATE_ asc", "ID_ asc");
      assertThat(order("Просроченные")).containsExactly("CREATE_TIME_ desc");
    } finally {
      overdue = filters.createFilterQuery().filterName("Просроченные").singleResult();
      TaskQueryImpl back = (TaskQueryImpl) overdue.getQuery();
      back.getOrderingProperties().clear();
      overdue.setQuery(back.orderByTaskPriority().desc().orderByDueDate().asc().orderByTaskId().asc());
      filters.saveFilter(overdue);
    }
  }

  private List<String> order(String name) {
    TaskQueryImpl query = (TaskQueryImpl) filters.createFilterQuery().filterName(name).singleResult().getQuery();
    return query.getOrderingProperties().stream().map(p -> p.getQueryProperty().getName() + " " + p.getDirection().getName()).toList();
  }

  private Task taskOf(String assignee, int priority, Instant due) {
    long contact = deals.createContact(new NewContact("Порядок", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance = runtime.startProcessInstanceByKey(TestProcess.KEY, String.valueOf(deal), Map.of("responsible", assignee)).getId();
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    task.setPriority(priority);
    task.setDueDate(Date.from(due));
    tasks.saveTask(task);
    return task;
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  @Test
  void runningTheStartupSetupAgainCreatesNothingNew() {
    long filtersBefore = filters.createFilterQuery().count();
    long authorizationsBefore = authorizations.createAuthorizationQuery().count();

    setup.onEngineReady();

    assertThat(filters.createFilterQuery().count()).isEqualTo(filtersBefore).isEqualTo(5);
    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(authorizationsBefore);
    // Four staff groups read every filter, the department's too (issue 15; before, two groups).
    long filterGrants =
        filters.createFilterQuery().list().stream()
            .mapToLong(f -> authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(f.getId()).count())
            .sum();
    assertThat(filterGrants).isEqualTo(5 * 4);
  }
}
