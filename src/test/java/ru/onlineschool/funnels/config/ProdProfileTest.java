package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.AdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.CockpitRuntimeDelegate;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.TasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.WelcomeRuntimeDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import ru.onlineschool.funnels.FunnelsApplication;

/** The prod profile has no demo users and no default secrets. */
class ProdProfileTest {

  /** Starts the application as {@code java -jar … --spring.profiles.active=prod ARGS} would. */
  private static ConfigurableApplicationContext prod(String... secrets) {
    // Command-line arguments outrank application.yaml, so the test never touches ./data.
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:mem:prod-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "--camunda.bpm.job-execution.enabled=false",
        // Its own engine name: the engine registry is static, and «default» belongs to the
        // application context the other tests share.
        "--camunda.bpm.process-engine-name=prodcheck"));
    args.addAll(List.of(secrets));
    return new SpringApplicationBuilder(FunnelsApplication.class).profiles("prod").run(args.toArray(String[]::new));
  }

  private AdminRuntimeDelegate admin;
  private CockpitRuntimeDelegate cockpit;
  private TasklistRuntimeDelegate tasklist;
  private WelcomeRuntimeDelegate welcome;

  /**
   * The Camunda webapps keep their runtime delegates in static fields: a second application started
   * here takes them over, and after it closes the shared context's Tasklist login answered 500 for
   * every later test. They are given back after each test.
   */
  @BeforeEach
  void rememberTheWebappsDelegates() {
    admin = Admin.getRuntimeDelegate();
    cockpit = Cockpit.getRuntimeDelegate();
    tasklist = Tasklist.getRuntimeDelegate();
    welcome = Welcome.getRuntimeDelegate();
  }

  @AfterEach
  void giveTheWebappsDelegatesBack() {
    Admin.setAdminRuntimeDelegate(admin);
    Cockpit.setCockpitRuntimeDelegate(cockpit);
    Tasklist.setTasklistRuntimeDelegate(tasklist);
    Welcome.setRuntimeDelegate(welcome);
  }

  @Test
  void refusesToStartWithoutAdminPasswordAndIntakeKey() {
    assertThatThrownBy(() -> prod().close())
        .rootCause()
        .hasMessageContaining("SCHOOL_ADMIN_PASSWORD")
        .hasMessageContaining("SCHOOL_INTAKE_API_KEY");
  }

  @Test
  void refusesToStartWithoutIntakeKeyAlone() {
    assertThatThrownBy(() -> prod("--school.admin.password=s3cret-Passw0rd").close())
        .rootCause()
        .hasMessageContaining("SCHOOL_INTAKE_API_KEY");
  }

  @Test
  void refusesToStartWithAMessengerSwitchedOnWithoutItsToken() {
    assertThatThrownBy(
            () ->
                prod("--school.admin.password=s3cret-Passw0rd", "--school.intake.api-key=prod-key-123",
                        "--school.messengers.telegram.enabled=true", "--school.messengers.whatsapp.enabled=true",
                        "--school.messengers.whatsapp.access-token=EAAG-token")
                    .close())
        .rootCause()
        .hasMessageContaining("SCHOOL_TELEGRAM_BOT_TOKEN")
        .hasMessageContaining("SCHOOL_WHATSAPP_PHONE_NUMBER_ID");
  }

  @Test
  void startsWithSecretsAndCreatesNoDemoUsers() {
    try (ConfigurableApplicationContext context =
        prod("--school.admin.password=s3cret-Passw0rd", "--school.intake.api-key=prod-key-123")) {
      IdentityService identity = context.getBean(IdentityService.class);

      assertThat(identity.checkPassword("admin", "s3cret-Passw0rd")).isTrue();
      assertThat(identity.checkPassword("admin", "demo")).isFalse();
      assertThat(identity.createUserQuery().userId("manager1").count()).isZero();
      assertThat(identity.createGroupQuery().groupIdIn("admins", "sales-heads", "managers", "curators").count()).isEqualTo(4);

      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      var page = new RestTemplate().getForEntity("http://localhost:" + port + "/camunda/app/tasklist/prodcheck/", String.class);
      // Every cookie only over HTTPS; the session cookie also out of JavaScript's reach (the
      // CSRF token cookie is read by Tasklist's JavaScript by design).
      assertThat(page.getHeaders().get(HttpHeaders.SET_COOKIE)).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
      assertThat(page.getHeaders().get(HttpHeaders.SET_COOKIE))
          .filteredOn(cookie -> cookie.startsWith("JSESSIONID="))
          .singleElement()
          .satisfies(cookie -> assertThat(cookie).contains("HttpOnly"))
          // Each attribute once: Camunda's cookie filter and the container both used to add them.
          .satisfies(cookie -> assertThat(cookie.split("(?i)secure", -1)).hasSize(2))
          .satisfies(cookie -> assertThat(cookie.split("(?i)samesite", -1)).hasSize(2));
    }
  }
}
