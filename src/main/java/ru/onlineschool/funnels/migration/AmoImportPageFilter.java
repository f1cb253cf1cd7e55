package ru.onlineschool.funnels.migration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.api.Problems;
import ru.onlineschool.funnels.api.WebappSession;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * The page {@code /import} uses the login of the Camunda webapps, as the reports do: whoever
 * signed in to Tasklist, Cockpit or Admin in this browser is signed in here. Without a sign-in
 * the page sends to Tasklist's login and comes back; a signed-in employee who is not an
 * administrator gets 403 with a Russian explanation. The page is only read (GET); its writes go
 * to {@code /api/admin/import/amocrm} with the session's CSRF token.
 */
public class AmoImportPageFilter extends OncePerRequestFilter {

  static final String TASKLIST = "/camunda/app/tasklist/default/";
  static final String RETURN_PARAMETER = "school-return";

  private final IdentityService identity;
  private final String engineName;

  public AmoImportPageFilter(IdentityService identity, String engineName) {
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
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.setHeader(HttpHeaders.ALLOW, "GET");
      Problems.write(response, 405, "Метод не поддерживается", "Страница импорта только открывается; файл принимает /api/admin/import/amocrm.");
      return;
    }
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals("/import/import.css")) {
      chain.doFilter(request, response);
      return;
    }
    String userId = signedInUser(request.getSession(false));
    if (userId == null) {
      String back = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      response.setStatus(302);
      response.setHeader(
          HttpHeaders.LOCATION,
          request.getContextPath() + TASKLIST + "?" + RETURN_PARAMETER + "=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    if (!groups.contains(SchoolGroup.ADMINS.id()) && !groups.contains(SchoolGroup.CAMUNDA_ADMIN)) {
      Problems.write(response, 403, "Доступ запрещён", "Импорт из amoCRM запускают только администраторы.");
      return;
    }
    chain.doFilter(request, response);
  }

  /** The user signed in to the webapps with this session, if she still exists. */
  private String signedInUser(HttpSession session) {
    return WebappSession.signedInUser(session, engineName, identity);
  }

}
