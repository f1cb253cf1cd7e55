package ru.onlineschool.funnels.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two questions the Camunda webapps ask on every visit, whose «nothing here» Camunda answers with
 * 404 Not Found, which the browser reports as an error in the console of the page (issue 18). Both
 * are answered 204 No Content instead: nothing is there, and nothing went wrong.
 *
 * <p>«Who is logged in?», asked by a page of Tasklist, Cockpit, Admin or Welcome before anybody
 * is. Every Camunda webapp opens with {@code GET /camunda/api/admin/auth/user/default}; Camunda
 * answers «nobody» with 404 Not Found, which the browser reports as an error in the console of
 * every login page. The webapps treat any answer but 200 as «nobody» (their authentication service
 * rejects a non-200 status), so the same answer is given as 204 No Content: nothing is there, and
 * nothing went wrong. Any other status of that call, and every other call, is left as it is.
 */
@Configuration
public class WebappNoContent {

  /**
   * The password policy, asked by Welcome (profile, change of password). The engine has none
   * (enablePasswordPolicy off), and the page reads an empty answer as «no policy».
   */
  static final Pattern PASSWORD_POLICY = Pattern.compile("/camunda/api/engine/engine/[^/]+/identity/password-policy/?");

  @Bean
  FilterRegistrationBean<HttpFilter> noPasswordPolicyFilter(ProcessEngineConfiguration engine) {
    HttpFilter policy =
        new HttpFilter() {
          @Override
          protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws IOException, ServletException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if ("GET".equals(request.getMethod()) && PASSWORD_POLICY.matcher(path).matches() && !engine.isEnablePasswordPolicy()) {
              response.setStatus(HttpServletResponse.SC_NO_CONTENT);
              return;
            }
            chain.doFilter(request, response);
          }
        };
    var registration = new FilterRegistrationBean<>(policy);
    registration.setName("no-password-policy");
    registration.addUrlPatterns("/camunda/api/engine/engine/*");
    return registration;
  }

  /** The probe itself, not its /login and /logout siblings. */
  static final Pattern PROBE = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/?");

  @Bean
  FilterRegistrationBean<HttpFilter> loggedOutProbeFilter() {
    HttpFilter probe =
        new HttpFilter() {
          @Override
          protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws IOException, ServletException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (!"GET".equals(request.getMethod()) || !PROBE.matcher(path).matches()) {
              chain.doFilter(request, response);
              return;
            }
            NobodyLoggedIn answer = new NobodyLoggedIn(response);
            chain.doFilter(request, answer);
            if (answer.nobody && !response.isCommitted()) {
              response.resetBuffer();
              response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
          }
        };
    var registration = new FilterRegistrationBean<>(probe);
    registration.setName("logged-out-probe");
    registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
    return registration;
  }

  /** Holds back a 404 of the probe, passes everything else through. */
  private static final class NobodyLoggedIn extends HttpServletResponseWrapper {

    private boolean nobody;

    NobodyLoggedIn(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setStatus(int sc) {
      if (sc == SC_NOT_FOUND) {
        nobody = true;
      } else {
        super.setStatus(sc);
      }
    }

    @Override
    public void sendError(int sc) throws IOException {
      if (sc == SC_NOT_FOUND) {
        nobody = true;
      } else {
        super.sendError(sc);
      }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      if (sc == SC_NOT_FOUND) {
        nobody = true;
      } else {
        super.sendError(sc, msg);
      }
    }
  }
}
