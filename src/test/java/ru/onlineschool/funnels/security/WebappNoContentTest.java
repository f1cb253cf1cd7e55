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
 * The webapps' «who is logged in?» answers «nobody» without an error status (no 404 in the console
 * of every login page), and still names the user of a signed-in session; Welcome's question for
 * the password policy the engine does not have is «none», not an error.
 */
@ApplicationTest
class WebappNoContentTest {

  @LocalServerPort int port;

  @Test
  void nobodyLoggedInIsNoContentNotNotFound() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/camunda/api/admin/auth/user/default")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(204);
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void aSignedInSessionIsStillNamed() throws Exception {
    WebappSession session = WebappSession.login(port, "manager1", "tasklist");

    HttpResponse<String> answer = session.get("/camunda/api/admin/auth/user/default");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"userId\":\"manager1\"", "tasklist");
  }

  @Test
  void noPasswordPolicyIsNoContent() throws Exception {
    WebappSession session = WebappSession.login(port, "admin", "tasklist");

    HttpResponse<String> answer = session.get("/camunda/api/engine/engine/default/identity/password-policy");

    assertThat(answer.statusCode()).isEqualTo(204);
    assertThat(answer.body()).isEmpty();
  }
}
