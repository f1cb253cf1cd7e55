package ru.onlineschool.funnels.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Closes the Admin app's first-run setup endpoint for good. Camunda 7.24.0 lets it create
 * users in some states (CVE-2026-77226); our administrator is always created at start-up
 * from configuration, so nobody ever needs it.
 */
public class AdminSetupLock extends HttpFilter {

  private static final String BODY =
      """
      {"type":"about:blank","title":"Доступ запрещён","status":403,\
      "detail":"Первичная настройка через веб-интерфейс отключена: администратор создаётся при запуске приложения."}""";

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(BODY);
  }
}
