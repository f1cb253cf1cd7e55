package ru.onlineschool.funnels.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page of ours for the school's staff outside the Camunda webapps (the reports, the import from
 * amoCRM) that uses the webapps' login: whoever signed in to Tasklist, Cockpit or Admin in this
 * browser is signed in here too, with no second password. The filter sends the page's security
 * headers, serves only GET (so the session cookie cannot be abused to change anything; writes go
 * to {@code /api} with the session's CSRF token), lets the page's stylesheet through, reads the
 * session's user (she must still exist) and her groups afresh, and sets the engine authentication
 * for the request. Without a sign-in a page goes to Tasklist's login and comes back
 * ({@code school-return}, followed only to our own pages by Tasklist's script), its data gets 401.
 * Each page says in Russian what it refuses and may refuse a user by her groups.
 */
public abstract class StaffPageFilter extends OncePerRequestFilter {

  public static final String TASKLIST = "/camunda/app/tasklist/default/";
  public static final String RETURN_PARAMETER = "school-return";

  private final IdentityService identity;
  private final String engineName;
  private final String stylesheet;

  protected StaffPageFilter(IdentityService identity, String engineName, String stylesheet) {
    this.identity = identity;
    this.engineName = engineName;
    this.stylesheet = stylesheet;
  }

  /** Why anything but GET is refused, for the 405 answer. */
  protected abstract String onlyReadDetail();

  /** Whether the path is the page's data (401 without a sign-in) rather than a page (login). */
  protected boolean isData(String path) {
    return false;
  }

  /** What a data request without a sign-in is told. */
  protected String signInDetail() {
    return "Войдите в Tasklist или Cockpit и откройте страницу снова.";
  }

  /**
   * Whether the signed-in user may open the page; when not, the refusal is written here (403 with
   * a Russian reason).
   */
  protected boolean admits(List<String> groups, HttpServletResponse response) throws IOException {
    return true;
  }

  @Override
  protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.setHeader(HttpHeaders.ALLOW, "GET");
      Problems.write(response, 405, "Метод не поддерживается", onlyReadDetail());
      return;
    }
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals(stylesheet)) {
      chain.doFilter(request, response);
      return;
    }
    String userId = WebappSession.signedInUser(request.getSession(false), engineName, identity);
    if (userId == null) {
      if (isData(path)) {
        Problems.write(response, 401, "Требуется вход", signInDetail());
      } else {
        toTasklistLogin(request, response);
      }
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    if (!admits(groups, response)) {
      return;
    }
    identity.setAuthentication(userId, groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static void toTasklistLogin(HttpServletRequest request, HttpServletResponse response) {
    String back = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    response.setStatus(302);
    response.setHeader(
        HttpHeaders.LOCATION,
        request.getContextPath() + TASKLIST + "?" + RETURN_PARAMETER + "=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
  }
}
