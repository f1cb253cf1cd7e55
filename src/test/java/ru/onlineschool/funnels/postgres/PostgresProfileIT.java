package ru.onlineschool.funnels.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestTemplate;
import ru.onlineschool.funnels.FunnelsApplication;

/**
 * The application on PostgreSQL (profile {@code postgres}): Flyway's tables and the engine's
 * schema are created on an empty database, a lead goes through intake, duplicates are found, and
 * a second start on the same database changes nothing. The server is an embedded PostgreSQL
 * from Maven Central, started by the test itself.
 */
class PostgresProfileIT {

  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static ConfigurableApplicationContext node() {
    return new SpringApplicationBuilder(FunnelsApplication.class)
        .run(
            "--spring.profiles.active=postgres,demo",
            "--server.port=0",
            "--school.demo.deals=false",
            // Not «default»: the engine registry is static and other tests' context may hold it.
            "--camunda.bpm.process-engine-name=pgnode",
            "--SCHOOL_DB_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
            "--SCHOOL_DB_USER=postgres",
            "--SCHOOL_DB_PASSWORD=postgres");
  }

  private static ResponseEntity<String> lead(int port, String phone) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body = "{\"name\":\"Полина Постгресова\",\"phone\":\"" + phone + "\",\"course\":\"Аналитик данных\"}";
    return new RestTemplate().postForEntity("http://localhost:" + port + "/api/leads", new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void theApplicationRunsOnPostgresTakesLeadsAndRestartsWithoutChanges() {
    try (ConfigurableApplicationContext node = node()) {
      int port = ((WebServerApplicationContext) node).getWebServer().getPort();

      ResponseEntity<String> first = lead(port, "+79169990001");
      ResponseEntity<String> repeated = lead(port, "8 916 999-00-01");

      assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      assertThat(first.getBody()).contains("\"stage\":{\"code\":\"ACCEPTED\"");
      assertThat(repeated.getBody()).contains("\"duplicateOf\":");
      JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE closed_at IS NULL", Integer.class)).isEqualTo(1);
      List<Task> tasks = node.getBean(TaskService.class).createTaskQuery().taskName("Обработать заявку").list();
      assertThat(tasks).hasSize(1);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_re_deployment", Integer.class)).isEqualTo(1);
    }
    try (ConfigurableApplicationContext again = node()) {
      JdbcTemplate jdbc = again.getBean(JdbcTemplate.class);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_re_deployment", Integer.class)).isEqualTo(1);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal", Integer.class)).isEqualTo(2);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_id_user WHERE id_ = 'manager1'", Integer.class)).isEqualTo(1);
    }
  }

  /**
   * «Просроченные»'s page of «mine or my groups' free tasks» is read as two halves
   * (engine/TaskQueryWithoutDistinct), in the variants PostgreSQL gets: every page is the page of
   * the whole list in the filters' order, whether few tasks are due (each half read by due date)
   * or hundreds (each half read in the filters' order).
   */
  @Test
  void pagesOfMineOrMyGroupsAreThePagesOfTheWholeListOnPostgres() {
    try (ConfigurableApplicationContext node = node()) {
      TaskService tasks = node.getBean(TaskService.class);
      ru.onlineschool.funnels.support.BulkTasks bulk =
          new ru.onlineschool.funnels.support.BulkTasks(node.getBean(JdbcTemplate.class), node.getBean(org.camunda.bpm.engine.RepositoryService.class));
      java.time.Instant now = java.time.Instant.now();
      List<String> made = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 30; i++) {
          Task task = tasks.newTask();
          task.setName("Задача " + i + " — проверка страниц");
          task.setAssignee(i % 3 == 0 ? null : i % 3 == 1 ? "manager1" : "manager2");
          task.setDueDate(java.util.Date.from(i % 7 == 0 ? now.plus(java.time.Duration.ofDays(1)) : now.minus(java.time.Duration.ofMinutes(5 + i % 4))));
          task.setPriority(40 + 10 * (i % 3));
          tasks.saveTask(task);
          tasks.addCandidateGroup(task.getId(), "managers");
          made.add(task.getId());
        }
        org.camunda.bpm.engine.task.TaskQuery overdue = (org.camunda.bpm.engine.task.TaskQuery) tasks.createTaskQuery()
            .or().taskAssignee("manager1").taskCandidateGroupIn(List.of("managers")).endOr()
            .dueBefore(new java.util.Date())
            .taskNameLike("% — проверка страниц")
            .active()
            .orderByTaskPriority().desc().orderByDueDate().asc().orderByTaskId().asc();
        List<String> whole = overdue.list().stream().map(Task::getId).toList();
        assertThat(whole).hasSize(16);

        assertThat(pages(overdue, whole.size())).as("few due: by due date").containsExactlyElementsOf(whole);
        // Counted as PostgreSQL writes a count of distinct tasks, rewritten like H2's (mine and my groups' apart).
        assertThat(overdue.count()).isEqualTo(whole.size());
        long mineBefore = tasks.createTaskQuery().taskAssignee("manager1").active().count();
        bulk.write(ru.onlineschool.funnels.engine.TaskQueryWithoutDistinct.FEW_DUE, "manager1", now.minus(java.time.Duration.ofDays(2)));
        bulk.write(ru.onlineschool.funnels.engine.TaskQueryWithoutDistinct.FEW_DUE, null, now.minus(java.time.Duration.ofDays(2)));
        assertThat(pages(overdue, whole.size())).as("hundreds due: in the filters' order").containsExactlyElementsOf(whole);
        assertThat(overdue.count()).isEqualTo(whole.size());
        assertThat(tasks.createTaskQuery().taskAssignee("manager1").active().count())
            .isEqualTo(mineBefore + ru.onlineschool.funnels.engine.TaskQueryWithoutDistinct.FEW_DUE);
      } finally {
        bulk.remove();
        made.forEach(id -> tasks.deleteTask(id, true));
      }
    }
  }

  private static List<String> pages(org.camunda.bpm.engine.task.TaskQuery query, int size) {
    List<String> paged = new java.util.ArrayList<>();
    for (int first = 0; first < size + 5; first += 5) {
      paged.addAll(query.listPage(first, 5).stream().map(Task::getId).toList());
    }
    return paged;
  }
}
