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
}
