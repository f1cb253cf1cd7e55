package ru.onlineschool.funnels.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Calls our /api over real HTTP, as a website or a staff member's tool would. */
public final class Api {

  public static final String INTAKE_KEY = "demo-intake-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  public static ResponseEntity<String> post(TestRestTemplate rest, String path, String body, HttpHeaders headers) {
    HttpHeaders all = new HttpHeaders();
    all.setContentType(MediaType.APPLICATION_JSON);
    all.addAll(headers);
    return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, all), String.class);
  }

  /** POST with the intake key. */
  public static ResponseEntity<String> postWithKey(TestRestTemplate rest, String path, String body) {
    return post(rest, path, body, keyHeader());
  }

  public static HttpHeaders keyHeader() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Api-Key", INTAKE_KEY);
    return headers;
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(ResponseEntity<String> response) {
    try {
      return JSON.readTree(response.getBody());
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + response.getBody(), e);
    }
  }

  /** A lead body with a name and a phone; more fields as key/value pairs. */
  public static Map<String, Object> lead(String name, String phone, Object... more) {
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("name", name);
    if (phone != null) {
      lead.put("phone", phone);
    }
    for (int i = 0; i < more.length; i += 2) {
      lead.put((String) more[i], more[i + 1]);
    }
    return lead;
  }

  /** Field → message of a 400 problem's errors array. */
  public static Map<String, String> errors(ResponseEntity<String> response) {
    Map<String, String> errors = new LinkedHashMap<>();
    parse(response).path("errors").forEach(e -> errors.put(e.path("field").asText(), e.path("message").asText()));
    return errors;
  }

  /** Row counts of everything an intake may create; equal before and after a rejected request. */
  public static Map<String, Long> footprint(JdbcTemplate jdbc) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table :
        List.of("contact", "deal", "deal_tag", "timeline_entry", "idempotency_request", "payment", "ACT_HI_PROCINST", "ACT_RU_EXECUTION")) {
      counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
    }
    return counts;
  }
}
