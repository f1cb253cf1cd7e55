package ru.onlineschool.funnels.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A signed-in browser session of the Camunda webapps, as their pages make it: a first GET hands
 * out the CSRF cookie, the login form is posted, the next request fetches the session's token.
 * Every later request carries the cookie and the token, like Tasklist's and Cockpit's scripts.
 */
public final class WebappSession {

  private final int port;
  private final HttpClient client;
  private final CookieManager cookies = new CookieManager();

  private WebappSession(int port) {
    this.port = port;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
  }

  /** Signs in through the login form of {@code app} (tasklist, cockpit). */
  public static WebappSession login(int port, String user, String app) throws Exception {
    WebappSession session = new WebappSession(port);
    session.client.send(session.request("/camunda/app/" + app + "/default/").build(), HttpResponse.BodyHandlers.discarding());
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=demo";
    HttpResponse<String> login =
        session.send(
            session
                .request("/camunda/api/admin/auth/user/default/login/" + app)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(login.statusCode()).as("%s login of %s: %s", app, user, login.body()).isEqualTo(200);
    session.client.send(
        session.request("/camunda/api/engine/engine/default/task/count").header("X-XSRF-TOKEN", "Fetch").build(),
        HttpResponse.BodyHandlers.discarding());
    return session;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send(request(path).header("Accept", "application/json").GET());
  }

  public HttpResponse<String> post(String path, String json, String accept) throws Exception {
    return send(
        request(path).header("Content-Type", "application/json").header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * A request with a JSON body and any method (PATCH, PUT, DELETE), with the session's CSRF token
   * as the webapps' scripts send it, or without it ({@code csrfToken} false) as a forged request would come.
   */
  public HttpResponse<String> send(String method, String path, String json, boolean csrfToken) throws Exception {
    HttpRequest.Builder request = csrfToken ? request(path) : HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
    return send(
        request
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST of a file's bytes (an export for the import page), with or without the session's CSRF token. */
  public HttpResponse<String> postBytes(String path, byte[] body, boolean csrfToken) throws Exception {
    HttpRequest.Builder request = csrfToken ? request(path) : HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
    return send(request.header("Content-Type", "application/octet-stream").header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** The session's cookies as a browser sends them, for a request made without this session's token. */
  public String cookieHeader() {
    StringBuilder header = new StringBuilder();
    for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
      if (header.length() > 0) {
        header.append("; ");
      }
      header.append(cookie.getName()).append('=').append(cookie.getValue());
    }
    return header.toString();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
    for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
      if (cookie.getName().equals("XSRF-TOKEN")) {
        request.header("X-XSRF-TOKEN", cookie.getValue());
      }
    }
    return request;
  }
}
