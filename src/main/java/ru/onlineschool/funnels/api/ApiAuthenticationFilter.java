package ru.onlineschool.funnels.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.identity.LoginThrottledException;

/**
 * Authentication of our {@code /api} (no Spring Security, see docs/decisions.md). Systems that
 * push data in — website forms, the payment provider, the webinar platform — send the intake key
 * as {@code X-Api-Key}; everything else is for staff and takes HTTP Basic of an engine user, whose
 * engine authentication then holds for the request, so the engine's authorizations apply.
 *
 * <p>Tasklist's own pages (the «Сделка» tab, «Найти клиента», «Доска сделок») read the staff API with the login of
 * the Camunda webapps instead: a GET or HEAD without an Authorization header is served to the user
 * signed in to Tasklist or Cockpit in this session ({@link WebappSession}). Of the requests that
 * change something only the deal card's own («Изменить», its manual tags: {@link #isCardEdit}) are
 * served to that user, and so is the administrator's page {@code /import} sending amoCRM's export
 * ({@link #isImportPageWrite}; the controller checks the administrator), only with the session's
 * CSRF token in {@code X-XSRF-TOKEN}, as the
 * webapps send it on their own writes; every other change, and one without the token, still needs
 * HTTP Basic, so the session cookie alone cannot be abused for a change.
 *
 * <p>Also limits request bodies to 64 KB (413) and sets the security headers that a framework
 * would otherwise add.
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {

  public static final String API_KEY_HEADER = "X-Api-Key";
  /**
   * Set by the webhooks' own filter (webhook/WebhookSecretFilter) on a request whose address
   * carried the right secret; a client cannot set a request attribute.
   */
  public static final String WEBHOOK_AUTHENTICATED = ApiAuthenticationFilter.class.getName() + ".webhook";
  /** Tilda's and Marquiz's addresses: the secret in the address instead of a header. */
  public static final String WEBHOOKS = "/api/webhooks/";
  public static final long MAX_BODY_BYTES = 64 * 1024;
  /** The administrator's import of amoCRM's export (issue 22): a file of thousands of deals. */
  public static final String IMPORT = "/api/admin/import/";
  public static final long MAX_IMPORT_BYTES = 32L * 1024 * 1024;
  static final String REALM = "Basic realm=\"school\"";

  private final byte[] apiKeyDigest;
  private final IdentityService identity;
  private final String engineName;
  private final StaffActivity activity;

  public ApiAuthenticationFilter(String apiKey, IdentityService identity, String engineName, StaffActivity activity) {
    this.activity = activity;
    this.apiKeyDigest = sha256(apiKey);
    this.identity = identity;
    this.engineName = engineName;
  }

  /** Endpoints for other systems, with the intake key instead of a person's login. */
  static boolean usesApiKey(String path) {
    return path.equals("/api/leads") || path.equals("/api/payments") || path.startsWith("/api/webinars/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    // The container drops ";params" from the servlet path: /api/webinars/a;b would act on webinar «a».
    if (request.getRequestURI().indexOf(';') >= 0) {
      Problems.write(response, 400, "Некорректный адрес", "Адрес запроса API не может содержать символ «;».");
      return;
    }
    // The servlet path is already decoded and normalised by the container (no ";params", no "..").
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.startsWith(WEBHOOKS)) {
      if (!Boolean.TRUE.equals(request.getAttribute(WEBHOOK_AUTHENTICATED))) {
        Problems.write(response, 404, "Не найдено", "Адрес вебхука неверен: скопируйте его заново из настроек школы.");
        return;
      }
      proceed(request, response, chain);
      return;
    }
    if (usesApiKey(path)) {
      if (!validKey(request.getHeader(API_KEY_HEADER))) {
        Problems.write(
            response, 401, "Требуется ключ API", "Передайте действующий ключ API в заголовке " + API_KEY_HEADER + ".");
        return;
      }
      proceed(request, response, chain);
      return;
    }
    String userId;
    List<String> groups;
    try {
      String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
      userId =
          authorization == null && (isRead(request) || ((isCardEdit(request, path) || isImportPageWrite(request, path)) && WebappSession.csrfConfirmed(request)))
              ? WebappSession.signedInUser(request.getSession(false), engineName, identity)
              : basicUser(authorization);
      groups = userId == null ? List.of() : identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    } catch (LoginThrottledException e) {
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
      Problems.write(response, 429, "Вход временно приостановлен", e.getMessage());
      return;
    } catch (RuntimeException e) {
      // Users live in the database: without it nobody can be checked (issue 9, the outage test).
      if (DatabaseUnavailable.causedBy(e)) {
        Problems.writeDatabaseUnavailable(response);
        return;
      }
      throw e;
    }
    if (userId == null) {
      // A page's script (it sends X-XSRF-TOKEN) gets the 401 to show, not the browser's password dialog.
      if (request.getHeader("X-XSRF-TOKEN") == null) {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
      }
      Problems.write(
          response, 401, "Требуется вход", "Войдите с логином и паролем сотрудника школы (HTTP Basic).");
      return;
    }
    // The presence control's own poll and the page's background requests are not the employee's doing.
    if (!StaffActivity.isBackground(request) && !(isRead(request) && path.equals(PRESENCE_OF_CALLER))) {
      activity.seen(userId);
    }
    identity.setAuthentication(userId, groups);
    try {
      proceed(request, response, chain, path.startsWith(IMPORT) ? MAX_IMPORT_BYTES : MAX_BODY_BYTES);
    } finally {
      identity.clearAuthentication();
    }
  }

  private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    proceed(request, response, chain, MAX_BODY_BYTES);
  }

  private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long limit)
      throws IOException, ServletException {
    if (request.getContentLengthLong() > limit) {
      Problems.write(response, 413, "Слишком большой запрос", "Тело запроса не должно превышать " + (limit / 1024 >= 1024 ? limit / 1024 / 1024 + " МБ." : limit / 1024 + " КБ."));
      return;
    }
    chain.doFilter(new LimitedBodyRequest(request, limit), response);
  }

  private static final java.util.regex.Pattern DEAL = java.util.regex.Pattern.compile("/api/deals/\\d+");
  private static final java.util.regex.Pattern DEAL_TAG = java.util.regex.Pattern.compile("/api/deals/\\d+/tags/[^/]+");
  private static final java.util.regex.Pattern DEAL_CLIENT_DATA =
      java.util.regex.Pattern.compile("/api/deals/\\d+/(personal-data|personal-data/passport|company)");

  private static final java.util.regex.Pattern DEAL_TASKS = java.util.regex.Pattern.compile("/api/deals/\\d+/tasks");
  private static final java.util.regex.Pattern STAFF_PRESENCE = java.util.regex.Pattern.compile("/api/staff/[^/]+/presence");
  /** The caller's own «На месте» / «Нет на месте», which Tasklist's header asks for every half minute. */
  static final String PRESENCE_OF_CALLER = "/api/presence";

  /**
   * The changes the deal card in Tasklist makes: its fields ({@code PATCH}), its manual tags, the
   * client's personal data and passport and the paying company ({@code PUT}, {@code DELETE}), and
   * «Поставить задачу» ({@code POST …/tasks}); and, not of the card but of Tasklist's header,
   * the switch «На месте» / «Нет на месте» ({@code PUT /api/staff/{userId}/presence}).
   */
  static boolean isCardEdit(HttpServletRequest request, String path) {
    String method = request.getMethod();
    boolean putOrDelete = "PUT".equals(method) || "DELETE".equals(method);
    return ("PATCH".equals(method) && DEAL.matcher(path).matches())
        || (putOrDelete && (DEAL_TAG.matcher(path).matches() || DEAL_CLIENT_DATA.matcher(path).matches()))
        || ("POST".equals(method) && DEAL_TASKS.matcher(path).matches())
        || ("PUT".equals(method) && STAFF_PRESENCE.matcher(path).matches());
  }

  /** The page {@code /import} sends the export file (dry run or import) with the session. */
  static boolean isImportPageWrite(HttpServletRequest request, String path) {
    return "POST".equals(request.getMethod()) && path.equals(IMPORT + "amocrm");
  }

  private static boolean isRead(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
  }

  /** Compares digests, so neither the content nor the length of the key leaks through timing. */
  private boolean validKey(String presented) {
    return presented != null && MessageDigest.isEqual(apiKeyDigest, sha256(presented));
  }

  /** The engine user of a valid Basic header, or null. */
  private String basicUser(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String userId = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    // The engine's check applies the login throttle (identity/ThrottledIdentityProvider): a
    // locked account or client address throws LoginThrottledException instead of answering.
    return identity.checkPassword(userId, password) ? userId : null;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
