package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a problem answer from a filter, where no controller advice reaches. */
public final class Problems {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /** 503 with Retry-After: the database cannot be reached (see {@link DatabaseUnavailable}). */
  public static void writeDatabaseUnavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
    write(response, 503, DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL);
  }

  public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
