package ru.onlineschool.funnels.api;

import jakarta.servlet.http.HttpSession;
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

  /** Where the webapps keep the session's CSRF token, and the header their pages send it in (Camunda's CsrfConstants). */
  static final String CSRF_TOKEN_SESSION_ATTRIBUTE = "CAMUNDA_CSRF_TOKEN";
  static final String CSRF_TOKEN_HEADER = "X-XSRF-TOKEN";

  /**
   * Whether a request that changes something comes from a page of the webapps: it carries the
   * session's CSRF token in {@value #CSRF_TOKEN_HEADER}, which only a script of our origin can read
   * (the cookie XSRF-TOKEN). A form on another site can send the session cookie but not the header.
   */
  static boolean carriesCsrfToken(jakarta.servlet.http.HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String presented = request.getHeader(CSRF_TOKEN_HEADER);
    if (session == null || presented == null || presented.isEmpty()) {
      return false;
    }
    Object expected = session.getAttribute(CSRF_TOKEN_SESSION_ATTRIBUTE);
    return expected instanceof String token
        && java.security.MessageDigest.isEqual(
            token.getBytes(java.nio.charset.StandardCharsets.UTF_8), presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
