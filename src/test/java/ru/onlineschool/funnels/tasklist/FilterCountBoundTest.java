package ru.onlineschool.funnels.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.engine.FilterCountBound;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.BulkTasks;

/**
 * Issue 15: a filter counts its tasks up to 1,001 and stops there; Tasklist's badge then says
 * «1000+». Below the bound every filter's count is exact, the task API's count is exact at any
 * size (support/BulkTasks writes the thousand tasks).
 */
@ApplicationTest
class FilterCountBoundTest {

  private static final String USER = "manager3";

  @Autowired FilterService filters;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate rest;

  private BulkTasks bulk;

  @BeforeEach
  void prepare() {
    bulk = new BulkTasks(jdbc, repository);
  }

  @AfterEach
  void removeTheTasks() {
    identity.clearAuthentication();
    bulk.remove();
  }

  private long filterCount(String name) {
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    identity.setAuthentication(USER, List.of(SchoolGroup.MANAGERS.id()));
    try {
      return filters.count(filter.getId(), tasks.createTaskQuery().active());
    } finally {
      identity.clearAuthentication();
    }
  }

  private long exactlyAssigned() {
    return tasks.createTaskQuery().taskAssignee(USER).active().count();
  }

  @Test
  void myTasksAreCountedExactlyUpToAThousandAndAsAThousandAndOneAboveThat() {
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
    long before = filterCount(TasklistFilters.MY_TASKS);
    assertThat(before).isEqualTo(exactlyAssigned()).isLessThan(100);

    bulk.write((int) (FilterCountBound.SHOWN_UP_TO - before), USER, tomorrow);
    assertThat(filterCount(TasklistFilters.MY_TASKS)).isEqualTo(1_000);

    bulk.write(2, USER, tomorrow);
    assertThat(filterCount(TasklistFilters.MY_TASKS)).isEqualTo(FilterCountBound.LIMIT).isEqualTo(1_001);
    // Outside a filter the engine counts every task, as it always did.
    assertThat(exactlyAssigned()).isEqualTo(1_002);
  }

  @Test
  void tasklistsListAndTheFiltersCountCarryTheBoundedCountThroughTheRestApi() {
    bulk.write(1_050, USER, Instant.now().plus(Duration.ofDays(1)));
    Filter filter = filters.createFilterQuery().filterName(TasklistFilters.MY_TASKS).singleResult();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.valueOf("application/hal+json")));
    // The call Tasklist makes for a filter: a page of 15 in HAL, the count inside.
    Map<?, ?> page = rest.withBasicAuth(USER, "demo")
        .exchange("/engine-rest/filter/" + filter.getId() + "/list?firstResult=0&maxResults=15", HttpMethod.POST,
            new HttpEntity<>("{\"active\":true}", headers), Map.class)
        .getBody();
    assertThat(page).isNotNull();
    assertThat(((Number) page.get("count")).longValue()).isEqualTo(1_001);
    assertThat((List<?>) ((Map<?, ?>) page.get("_embedded")).get("task")).hasSize(15);

    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
    Map<?, ?> count = rest.withBasicAuth(USER, "demo")
        .exchange("/engine-rest/filter/" + filter.getId() + "/count", HttpMethod.POST, new HttpEntity<>("{}", headers), Map.class)
        .getBody();
    assertThat(((Number) count.get("count")).longValue()).isEqualTo(1_001);
    Map<?, ?> exact = rest.withBasicAuth("admin", "demo").getForObject("/engine-rest/task/count?assignee=" + USER, Map.class);
    assertThat(((Number) exact.get("count")).longValue()).isGreaterThanOrEqualTo(1_050);
  }

  @Test
  void mineOrMyGroupsFreeTasksAreBoundedTogetherAndExactBelow() {
    Instant yesterday = Instant.now().minus(Duration.ofDays(1));
    long before = filterCount(TasklistFilters.OVERDUE);
    bulk.write(3, USER, yesterday);
    bulk.write(4, null, yesterday);
    assertThat(filterCount(TasklistFilters.OVERDUE)).isEqualTo(before + 7);

    // Each half alone below the bound, both together above it.
    bulk.write(600, USER, yesterday);
    bulk.write(600, null, yesterday);
    assertThat(filterCount(TasklistFilters.OVERDUE)).isEqualTo(1_001);
  }

  @Test
  void theDepartmentsCountStopsAtTheBoundForTheHeadOfSales() {
    bulk.write(1_050, null, Instant.now().plus(Duration.ofHours(2)));
    Filter filter = filters.createFilterQuery().filterName(TasklistFilters.DEPARTMENT).singleResult();
    identity.setAuthentication("rop", List.of(SchoolGroup.SALES_HEADS.id()));
    try {
      assertThat(filters.count(filter.getId(), tasks.createTaskQuery().active())).isEqualTo(1_001);
      // The page itself is untouched: fifteen tasks in the regulation's order.
      assertThat(filters.listPage(filter.getId(), tasks.createTaskQuery().active(), 0, 15)).hasSize(15);
    } finally {
      identity.clearAuthentication();
    }
  }
}
