package ru.onlineschool.funnels.report;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.api.Problems;
import ru.onlineschool.funnels.api.WebappSession;

/**
 * The page {@code /reports} and its data ({@code /reports/api/*}) use the login of the Camunda
 * webapps: whoever signed in to Tasklist or Cockpit in this browser is signed in here too, with no
 * second password. The filter reads that session's authentication for our engine, checks the
 * user still exists, reads her groups afresh and sets the engine authentication for the request,
 * as {@code ApiAuthenticationFilter} does for HTTP Basic. Only GET is served, so the session
 * cookie cannot be abused to change anything (the cookie is SameSite=Lax as well).
 */
public class ReportSessionFilter extends OncePerRequestFilter {

  private final IdentityService identity;
  private final String engineName;

  public ReportSessionFilter(IdentityService identity, String engineName) {
    this.identity = identity;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean data = path.startsWith("/reports/api/");
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.setHeader(HttpHeaders.ALLOW, "GET");
      Problems.write(response, 405, "Метод не поддерживается", "Отчёты только читаются: используйте GET.");
      return;
    }
    if (path.equals("/reports/reports.css")) {
      chain.doFilter(request, response);
      return;
    }
    String userId = signedInUser(request.getSession(false));
    if (userId == null) {
      if (data) {
        Problems.write(response, 401, "Требуется вход", "Войдите в Tasklist или Cockpit и откройте отчёты снова.");
      } else {
        toTasklistLogin(request, response);
      }
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  /** The user signed in to the webapps with this session, if she still exists. */
  private String signedInUser(HttpSession session) {
    return WebappSession.signedInUser(session, engineName, identity);
  }


  /**
   * A page without a sign-in goes to Tasklist's login with the page to come back to; Tasklist's
   * script {@code school-deal-card.js} returns there once the user has signed in (only to an
   * address under /reports/, so the parameter cannot send anyone elsewhere).
   */
  private void toTasklistLogin(HttpServletRequest request, HttpServletResponse response) {
    String back = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    response.setStatus(302);
    response.setHeader(
        HttpHeaders.LOCATION,
        request.getContextPath() + TASKLIST + "?" + RETURN_PARAMETER + "=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8));
  }

  static final String TASKLIST = "/camunda/app/tasklist/default/";
  static final String RETURN_PARAMETER = "school-return";

}
