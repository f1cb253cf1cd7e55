package ru.onlineschool.funnels.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;

/** The user signed in to the Camunda webapps (Tasklist, Cockpit) with an HTTP session. */
final class WebappSession {

  private WebappSession() {}

  /** The session's user for the engine, if she is signed in and still exists; else null. */
  static String signedInUser(HttpSession session, String engineName, IdentityService identity) {
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    Authentication authentication = authentications == null ? null : authentications.getAuthenticationForProcessEngine(engineName);
    if (authentication == null || authentication.getIdentityId() == null) {
      return null;
    }
    String userId = authentication.getIdentityId();
    return identity.createUserQuery().userId(userId).count() > 0 ? userId : null;
  }

  /** The session's CSRF token of the Camunda webapps, which they send to every page as the cookie XSRF-TOKEN. */
  static final String CSRF_SESSION_ATTRIBUTE = "CAMUNDA_CSRF_TOKEN";
  static final String CSRF_HEADER = "X-XSRF-TOKEN";

  /**
   * Whether the request repeats its session's CSRF token in {@value #CSRF_HEADER}, as Tasklist's
   * own requests do: a page of another site sends the session cookie but cannot read the token.
   */
  static boolean carriesCsrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String sent = request.getHeader(CSRF_HEADER);
    Object expected = session == null ? null : session.getAttribute(CSRF_SESSION_ATTRIBUTE);
    return sent != null
        && expected instanceof String token
        && !token.isEmpty()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
