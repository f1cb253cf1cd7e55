package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * What a client can send to provoke a server error gets the proper 4xx with a Russian message
 * instead (issue 13, point 9); the documentation pages carry the same protective headers as
 * Tasklist; the session cookie carries each attribute once.
 */
@ApplicationTest
class ClientErrorsTest {

  private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

  @Autowired TestRestTemplate rest;

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private ResponseEntity<String> send(String user, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    if (body != null) {
      headers.setContentType(MediaType.APPLICATION_JSON);
    }
    TestRestTemplate client = user == null ? rest : as(user);
    return client.exchange(URI.create(rest.getRootUri() + path), method, new HttpEntity<>(body, headers), String.class);
  }

  /** A 4xx (the given one) whose message a person can read. */
  private static void assertRussian4xx(ResponseEntity<String> response, HttpStatus expected, String what) {
    assertThat(response.getStatusCode()).as(what + ": " + response.getBody()).isEqualTo(expected);
    String message = parse(response).path("message").asText();
    assertThat(CYRILLIC.matcher(message).find()).as(what + ": " + message).isTrue();
  }

  /** The deal's sale and its first task «Обработать заявку», through the API like the website. */
  private JsonNode leadTask() {
    ResponseEntity<String> lead =
        postWithKey(rest, "/api/leads", json(lead("Ирина Пробная", TestPhones.unique(), "course", "SQL")));
    assertThat(lead.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long dealId = parse(lead).path("dealId").asLong();
    JsonNode instance = parse(as("admin").getForEntity("/engine-rest/process-instance?businessKey=" + dealId, String.class)).get(0);
    return parse(as("admin").getForEntity("/engine-rest/task?processInstanceId=" + instance.path("id").asText(), String.class)).get(0);
  }

  @Test
  void theErrorPageAskedForDirectlyIsNotFound() {
    for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
      ResponseEntity<String> response = send(null, method, "/error", method == HttpMethod.GET ? null : "{}");
      assertThat(response.getStatusCode()).as(method.name()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(parse(response).path("message").asText()).as(method.name()).isEqualTo("По этому адресу ничего нет.");
    }
    HttpHeaders html = new HttpHeaders();
    html.setAccept(List.of(MediaType.TEXT_HTML));
    assertThat(rest.exchange("/error", HttpMethod.GET, new HttpEntity<>(html), String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void deletingATaskOfARunningProcessIsRefusedWithoutAServerErrorAndTheTaskStays() {
    JsonNode task = leadTask();
    String taskId = task.path("id").asText();

    for (String user : List.of("admin", "rop", task.path("assignee").asText())) {
      ResponseEntity<String> response = send(user, HttpMethod.DELETE, "/engine-rest/task/" + taskId, null);
      assertThat(response.getStatusCode().is4xxClientError()).as(user + ": " + response.getBody()).isTrue();
      assertThat(CYRILLIC.matcher(parse(response).path("message").asText()).find()).as(user).isTrue();
    }
    assertThat(as("admin").getForEntity("/engine-rest/task/" + taskId, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void whatAManagerCanSendWrongToTheEngineRestIsAClientError() {
    JsonNode task = leadTask();
    String taskId = task.path("id").asText();
    String manager = task.path("assignee").asText();
    String instanceId = task.path("processInstanceId").asText();
    String definitionId = task.path("processDefinitionId").asText();
    String longId = "x".repeat(300);

    // Found by probing engine-rest as a manager: each answered 500 before.
    Object[][] cases = {
      {HttpMethod.POST, "/engine-rest/task/" + taskId + "/variables", null, HttpStatus.BAD_REQUEST}, // no body
      {HttpMethod.POST, "/engine-rest/task/" + taskId + "/complete", null, HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/task/" + taskId + "/claim", null, HttpStatus.BAD_REQUEST},
      {HttpMethod.PUT, "/engine-rest/task/" + taskId, null, HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/task/", null, HttpStatus.BAD_REQUEST},
      {HttpMethod.PUT, "/engine-rest/job/abc/retries", "{\"x\":1}", HttpStatus.BAD_REQUEST}, // no retries field
      {HttpMethod.POST, "/engine-rest/external-task/fetchAndLock", "{\"x\":1}", HttpStatus.BAD_REQUEST}, // no workerId
      {HttpMethod.GET, "/engine-rest/task/abc/variables", null, HttpStatus.NOT_FOUND}, // no such task
      {HttpMethod.GET, "/engine-rest/task/abc/rendered-form", null, HttpStatus.NOT_FOUND},
      {HttpMethod.GET, "/engine-rest/task/abc/deployed-form", null, HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/task/abc/variables", "{\"modifications\":{\"x\":{\"value\":1}}}", HttpStatus.NOT_FOUND},
      {HttpMethod.PUT, "/engine-rest/job/abc/duedate", "{\"duedate\":\"2030-01-01T00:00:00.000+0300\"}", HttpStatus.NOT_FOUND},
      {HttpMethod.GET, "/engine-rest/process-definition/abc/statistics", null, HttpStatus.NOT_FOUND},
      {HttpMethod.POST, "/engine-rest/execution/abc/signal", "{}", HttpStatus.NOT_FOUND},
      {HttpMethod.PUT, "/engine-rest/process-instance/" + longId + "/suspended", "{\"suspended\":true}", HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/signal", "{\"name\":\"nobody-waits\",\"executionId\":\"" + task.path("executionId").asText() + "\"}", HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/execution/abc/messageSubscriptions/x/trigger", "{}", HttpStatus.BAD_REQUEST},
      {HttpMethod.POST, "/engine-rest/condition", "{\"variables\":{\"x\":{\"value\":1}}}", HttpStatus.BAD_REQUEST},
    };
    for (Object[] c : cases) {
      HttpMethod method = (HttpMethod) c[0];
      String path = (String) c[1];
      assertRussian4xx(send(manager, method, path, (String) c[2]), (HttpStatus) c[3], method + " " + path);
    }
    // The head of sales may read history, so the restart of a running sale reaches the engine's refusal.
    String restart =
        "{\"processInstanceIds\":[\"" + instanceId + "\"],\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\""
            + task.path("taskDefinitionKey").asText() + "\"}]}";
    assertRussian4xx(
        send("admin", HttpMethod.POST, "/engine-rest/process-definition/" + definitionId + "/restart", restart),
        HttpStatus.BAD_REQUEST,
        "restart of a running instance");
    assertThat(as("admin").getForEntity("/engine-rest/task/" + taskId, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void swaggerUiAndTheApiDescriptionMayNotBeFramedAndRunOnlyTheirOwnScripts() {
    for (String page : List.of("/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js", "/v3/api-docs", "/swagger-ui.html")) {
      ResponseEntity<String> response = rest.getForEntity(page, String.class);
      assertThat(response.getStatusCode().is2xxSuccessful() || response.getStatusCode().is3xxRedirection()).as(page).isTrue();
      HttpHeaders headers = response.getHeaders();
      assertThat(headers.getFirst("Content-Security-Policy"))
          .as(page)
          .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-eval");
      assertThat(headers.getFirst("Content-Security-Policy").replaceAll("style-src[^;]*", "")).as(page).doesNotContain("unsafe-inline");
      assertThat(headers.getFirst("X-Frame-Options")).as(page).isEqualTo("DENY");
      assertThat(headers.getFirst("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
    }
  }

  @Test
  void theSessionCookieCarriesSameSiteExactlyOnce() {
    ResponseEntity<String> response = rest.getForEntity("/camunda/app/tasklist/default/", String.class);

    String session =
        response.getHeaders().get(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    Matcher sameSite = Pattern.compile("(?i)samesite=(\\w+)").matcher(session);
    assertThat(sameSite.find()).as(session).isTrue();
    assertThat(sameSite.group(1)).isEqualToIgnoringCase("Lax");
    assertThat(sameSite.find()).as(session).isFalse();
    assertThat(session).contains("HttpOnly");
  }
}
