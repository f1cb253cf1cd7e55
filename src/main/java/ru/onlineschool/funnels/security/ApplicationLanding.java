package ru.onlineschool.funnels.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in employee who opens a webapp she does not have — a manager typing Cockpit's address,
 * the head of sales following a link to Admin — lands on Welcome with a Russian notice and the
 * applications she does have, instead of an error page (which the browser also reports in its
 * console as a failed load, issue 18).
 *
 * <p>Only a browser's navigation to an application's page is turned round. This is a convenience,
 * not the guard: Camunda's own security filter still refuses every request to the application and
 * its APIs for a user without ACCESS, whatever reaches it; someone not signed in gets the login
 * page as before.
 */
@Configuration
public class ApplicationLanding {

  /** {@code /camunda/app/{application}/{engine}/}, the page itself (not its scripts and styles). */
  private static final Pattern PAGE = Pattern.compile("^/camunda/app/(cockpit|admin|tasklist)/([A-Za-z0-9_-]+)/(index\\.html)?$");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> applicationLandingFilter() {
    var registration = new FilterRegistrationBean<OncePerRequestFilter>(new Landing());
    registration.setName("school-application-landing");
    registration.addUrlPatterns("/camunda/app/*");
    // Before Camunda's filters (registered by its initializer afterwards, with no order of their own).
    registration.setOrder(20);
    return registration;
  }

  static final class Landing extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String application = refusedApplication(request);
      if (application == null) {
        chain.doFilter(request, response);
        return;
      }
      Matcher page = PAGE.matcher(path(request));
      page.matches();
      response.setHeader("Cache-Control", "no-store");
      response.sendRedirect(request.getContextPath() + "/camunda/app/welcome/" + page.group(2) + "/?noAccess=" + application);
    }

    /** The application of a page navigation by a signed-in user who lacks it; null for anything else. */
    private static String refusedApplication(HttpServletRequest request) {
      if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
        return null;
      }
      Matcher page = PAGE.matcher(path(request));
      if (!page.matches()) {
        return null;
      }
      HttpSession session = request.getSession(false);
      if (session == null) {
        return null;
      }
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      Authentication authentication = authentications == null ? null : authentications.getAuthenticationForProcessEngine(page.group(2));
      if (!(authentication instanceof UserAuthentication user) || user.getIdentityId() == null) {
        return null;
      }
      return user.isAuthorizedForApp(page.group(1)) ? null : page.group(1);
    }

    private static String path(HttpServletRequest request) {
      return request.getRequestURI().substring(request.getContextPath().length());
    }
  }
}
