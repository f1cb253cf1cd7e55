package ru.onlineschool.funnels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.footprint;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** Who gets into /api, what the refusals look like, and the public API description. */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiAccessTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;

  @Test
  void intakeWithoutOrWithAWrongKeyIsUnauthorizedAndNeverEchoesAKey() {
    Map<String, Long> before = footprint(jdbc);
    String body = json(lead("Без ключа", TestPhones.unique()));

    ResponseEntity<String> noKey = Api.post(rest, "/api/leads", body, new HttpHeaders());
    HttpHeaders wrong = new HttpHeaders();
    wrong.set("X-Api-Key", "guessed-key-12345");
    ResponseEntity<String> wrongKey = Api.post(rest, "/api/leads", body, wrong);
    ResponseEntity<String> payment = Api.post(rest, "/api/payments", "{\"dealId\":1,\"amount\":1,\"reference\":\"x\"}", wrong);
    HttpHeaders basic = new HttpHeaders();
    basic.setBasicAuth("admin", "demo");
    ResponseEntity<String> staffLogin = Api.post(rest, "/api/leads", body, basic);

    for (ResponseEntity<String> response : new ResponseEntity[] {noKey, wrongKey, payment, staffLogin}) {
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
      assertThat(parse(response).path("title").asText()).isEqualTo("Требуется ключ API");
      assertThat(response.getBody()).doesNotContain("guessed-key-12345", Api.INTAKE_KEY);
      assertThat(response.getHeaders().toString()).doesNotContain("guessed-key-12345", Api.INTAKE_KEY);
    }
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void theIntakeKeyNeverReachesTheLogNotEvenAtDebug(CapturedOutput output) {
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    List<String> loggers = List.of("ru.onlineschool", "org.springframework.web", "org.camunda.bpm.engine.rest");
    loggers.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
    String wrongKey = "wrong-intake-key-7c1e";
    try {
      ResponseEntity<String> accepted = Api.postWithKey(rest, "/api/leads", json(lead("Ключ В Логах", TestPhones.unique())));
      HttpHeaders wrong = new HttpHeaders();
      wrong.set("X-Api-Key", wrongKey);
      ResponseEntity<String> refused = Api.post(rest, "/api/leads", json(lead("Ключ В Логах", TestPhones.unique())), wrong);
      ResponseEntity<String> badBody = Api.postWithKey(rest, "/api/leads", "{\"name\":");
      ResponseEntity<String> badBodyWrongKey = Api.post(rest, "/api/payments", "{\"dealId\":", wrong);

      assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(badBody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(badBodyWrongKey.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      for (ResponseEntity<String> response : List.of(refused, badBody, badBodyWrongKey)) {
        assertThat(response.getBody()).doesNotContain(Api.INTAKE_KEY, wrongKey);
        assertThat(response.getHeaders().toString()).doesNotContain(Api.INTAKE_KEY, wrongKey);
      }
    } finally {
      loggers.forEach(logger -> logging.setLogLevel(logger, null));
    }
    // The DEBUG output is there (the capture works), the key is not.
    assertThat(output.getAll()).contains("/api/leads");
    assertThat(output.getAll()).doesNotContain(Api.INTAKE_KEY, wrongKey);
  }

  @Test
  void staffEndpointsAskForBasic() {
    ResponseEntity<String> response = rest.getForEntity("/api/deals/1", String.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"school\"");
    assertThat(parse(response).path("title").asText()).isEqualTo("Требуется вход");
    assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void aWrongAddressOrMethodUnderApiIsAProblemInRussian() {
    ResponseEntity<String> missing = rest.withBasicAuth("admin", "demo").getForEntity("/api/nothing-here", String.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(missing).path("title").asText()).isEqualTo("Не найдено");

    ResponseEntity<String> wrongMethod = rest.withBasicAuth("admin", "demo").postForEntity("/api/deals/1", null, String.class);
    assertThat(wrongMethod.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(wrongMethod.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(wrongMethod.getHeaders().getAllow()).contains(org.springframework.http.HttpMethod.GET);

    // Elsewhere Spring's defaults stay.
    assertThat(rest.getForEntity("/no-such-page", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void anAcceptedLeadCarriesNoStoreAndNosniff() {
    ResponseEntity<String> response = Api.postWithKey(rest, "/api/leads", json(lead("Заголовки", TestPhones.unique())));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
  }

  @Test
  void swaggerUiAndTheOpenApiDescriptionArePublicAndInRussian() {
    ResponseEntity<String> ui = rest.getForEntity("/swagger-ui.html", String.class);
    assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ui.getBody()).contains("swagger-ui");

    ResponseEntity<String> docs = rest.getForEntity("/v3/api-docs", String.class);
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    var api = parse(docs);
    assertThat(api.path("info").path("title").asText()).isEqualTo("API воронок онлайн-школы");
    assertThat(api.path("components").path("securitySchemes").path("apiKey").path("name").asText()).isEqualTo("X-Api-Key");
    assertThat(api.path("components").path("securitySchemes").path("basic").path("scheme").asText()).isEqualTo("basic");
    assertThat(api.path("paths").has("/api/leads")).isTrue();
    assertThat(api.path("paths").has("/api/payments")).isTrue();
    assertThat(api.path("paths").has("/api/deals/{dealId}")).isTrue();
    assertThat(api.path("paths").has("/api/managers/{userId}/availability")).isTrue();
    assertThat(api.path("paths").path("/api/leads").path("post").path("summary").asText()).isEqualTo("Принять заявку");
    List<String> tags = new java.util.ArrayList<>();
    api.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
    assertThat(tags).startsWith("Заявки", "Оплаты", "Сделки", "Распределение");
    assertThat(api.path("paths").fieldNames()).toIterable().allSatisfy(path -> assertThat(path).startsWith("/api/"));
  }
}
