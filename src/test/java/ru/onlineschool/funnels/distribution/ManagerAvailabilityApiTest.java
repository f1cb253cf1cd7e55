package ru.onlineschool.funnels.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.parse;

import org.junit.jupiter.api.AfterEach;
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

/** PUT /api/managers/{id}/availability: only heads of sales and admins take managers out of distribution. */
@ApplicationTest
class ManagerAvailabilityApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;

  @AfterEach
  void everyManagerAvailableAgain() {
    for (String manager : new String[] {"manager1", "manager2", "manager3"}) {
      distribution.setAvailability(manager, true, "test", java.time.Instant.now());
    }
  }

  private ResponseEntity<String> put(TestRestTemplate client, String userId, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client.exchange("/api/managers/" + userId + "/availability", HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  @Test
  void theHeadOfSalesTakesAManagerOutOfDistributionAndBack() {
    ResponseEntity<String> off = put(as("rop"), "manager2", "{\"available\":false}");

    assertThat(off.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(off).path("userId").asText()).isEqualTo("manager2");
    assertThat(parse(off).path("available").asBoolean()).isFalse();
    assertThat(distribution.isAvailable("manager2")).isFalse();
    assertThat(distribution.availableManagers()).doesNotContain("manager2");

    ResponseEntity<String> on = put(as("admin"), "manager2", "{\"available\":true}");
    assertThat(on.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(distribution.isAvailable("manager2")).isTrue();
  }

  @Test
  void managersAndCuratorsMayNotChangeIt() {
    assertThat(put(as("manager1"), "manager1", "{\"available\":false}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(put(as("curator1"), "manager2", "{\"available\":false}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(distribution.isAvailable("manager1")).isTrue();
    assertThat(distribution.isAvailable("manager2")).isTrue();
  }

  @Test
  void onlyManagersHaveAnAvailability() {
    ResponseEntity<String> unknown = put(as("rop"), "nobody", "{\"available\":false}");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(put(as("rop"), "curator1", "{\"available\":false}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theBodyIsChecked() {
    assertThat(errors(put(as("rop"), "manager3", "{}"))).containsEntry("available", "Обязательное поле");
    assertThat(errors(put(as("rop"), "manager3", "{\"available\":\"нет\"}"))).containsEntry("available", "Ожидается true или false");
    assertThat(errors(put(as("rop"), "manager3", "{\"available\":0}"))).containsEntry("available", "Ожидается true или false");
    assertThat(errors(put(as("rop"), "manager3", "{\"available\":false,\"until\":\"2026-12-01\"}"))).containsEntry("until", "Неизвестное поле");
    assertThat(distribution.isAvailable("manager3")).isTrue();
  }

  @Test
  void itNeedsALogin() {
    ResponseEntity<String> anonymous = put(rest, "manager1", "{\"available\":false}");

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"school\"");
    assertThat(distribution.isAvailable("manager1")).isTrue();
  }
}
