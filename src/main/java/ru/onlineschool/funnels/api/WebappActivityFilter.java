package ru.onlineschool.funnels.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells {@link StaffActivity} of the requests of a user signed in to the webapps (Tasklist) to
 * their API ({@code /camunda/api/*}): after the request, so that the login itself counts. Reads
 * the session's authentication only, no query; background requests do not count.
 */
class WebappActivityFilter extends OncePerRequestFilter {

  private final StaffActivity activity;
  private final String engineName;

  WebappActivityFilter(StaffActivity activity, String engineName) {
    this.activity = activity;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      String userId = signedIn(request.getSession(false));
      if (userId != null && !StaffActivity.isBackground(request)) {
        activity.seen(userId);
      }
    }
  }

  private String signedIn(HttpSession session) {
    if (session == null) {
      return null;
    }
    try {
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      Authentication authentication = authentications == null ? null : authentications.getAuthenticationForProcessEngine(engineName);
      return authentication == null ? null : authentication.getIdentityId();
    } catch (IllegalStateException e) {
      // The request logged out: the session is gone.
      return null;
    }
  }
}
