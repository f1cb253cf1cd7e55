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
}
