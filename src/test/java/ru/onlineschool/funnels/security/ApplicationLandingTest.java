package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * Issue 18: an employee who opens a webapp she does not have lands on Welcome with a notice,
 * not on an error page; Camunda still refuses the application's APIs, and nobody else is turned round.
 */
@ApplicationTest
class ApplicationLandingTest {

  @LocalServerPort int port;

  @Test
  void aManagerOpeningCockpitOrAdminLandsOnWelcomeAndCockpitsApiStaysClosed() throws Exception {
    WebappSession manager = WebappSession.login(port, "manager1", "tasklist");
    for (String application : new String[] {"cockpit", "admin"}) {
      HttpResponse<String> page = manager.get("/camunda/app/" + application + "/default/");
      assertThat(page.statusCode()).as(application).isEqualTo(302);
      assertThat(page.headers().firstValue("Location").orElseThrow())
          .endsWith("/camunda/app/welcome/default/?noAccess=" + application);
    }
    // The guard is Camunda's, unchanged: the application's own API refuses her.
    assertThat(manager.get("/camunda/api/cockpit/plugin/base/default/process-definition/statistics").statusCode()).isEqualTo(403);
    // Her own applications open as before.
    assertThat(manager.get("/camunda/app/tasklist/default/").statusCode()).isEqualTo(200);
    assertThat(manager.get("/camunda/app/welcome/default/").statusCode()).isEqualTo(200);
  }

  @Test
  void theHeadOfSalesOpensCockpitButLandsOnWelcomeForAdmin() throws Exception {
    WebappSession rop = WebappSession.login(port, "rop", "cockpit");
    assertThat(rop.get("/camunda/app/cockpit/default/").statusCode()).isEqualTo(200);
    HttpResponse<String> admin = rop.get("/camunda/app/admin/default/");
    assertThat(admin.statusCode()).isEqualTo(302);
    assertThat(admin.headers().firstValue("Location").orElseThrow()).endsWith("?noAccess=admin");
  }

  @Test
  void someoneNotSignedInGetsTheLoginPageAsBefore() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/camunda/app/cockpit/default/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
  }
}
