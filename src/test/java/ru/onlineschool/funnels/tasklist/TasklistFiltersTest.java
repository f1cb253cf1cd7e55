package ru.onlineschool.funnels.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import ru.onlineschool.funnels.identity.StartupSetup;
import ru.onlineschool.funnels.support.ApplicationTest;

/** The ready filters, as each role sees them through the REST API Tasklist uses. */
@ApplicationTest
class TasklistFiltersTest {

  @Autowired TestRestTemplate rest;
  @Autowired FilterService filters;
  @Autowired AuthorizationService authorizations;
  @Autowired StartupSetup setup;

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
