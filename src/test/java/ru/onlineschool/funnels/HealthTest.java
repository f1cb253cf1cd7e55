package ru.onlineschool.funnels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.support.ApplicationTest;

@ApplicationTest
class HealthTest {

  @Autowired TestRestTemplate rest;

  @Test
  void healthCoversTheEngineAndTheDatabaseWithoutRevealingDetails() {
    ResponseEntity<Map> response = rest.getForEntity("/actuator/health", Map.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("status", "UP");
    Map<String, Object> components = (Map<String, Object>) response.getBody().get("components");
    assertThat(components).containsKeys("db", "processEngine");
    assertThat(components.get("db").toString()).doesNotContain("H2");
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    assertThat(rest.getForEntity("/actuator/env", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
