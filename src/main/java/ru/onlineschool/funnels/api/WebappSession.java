package ru.onlineschool.funnels.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;

/** The user signed in to the Camunda webapps (Tasklist, Cockpit) with an HTTP session. */
public final class WebappSession {

  private WebappSession() {}

  /** The session's user for the engine, if she is signed in and still exists; else null. */
  public static String signedInUser(HttpSession session, String engineName, IdentityService identity) {
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

  /**
   * Whether a request that changes something carries the session's CSRF token in {@code
   * X-XSRF-TOKEN}, as the webapps' own requests do: the token lives in the session and in a cookie
   * only pages of this origin can read, so another site cannot forge it.
   */
  static boolean csrfConfirmed(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String presented = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
    if (session == null || presented == null || presented.isEmpty()) {
      return false;
    }
    Object expected = session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    return expected instanceof String token
        && !token.isEmpty()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
