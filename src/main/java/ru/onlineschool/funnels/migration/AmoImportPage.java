package ru.onlineschool.funnels.migration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ResponseBody;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The administrator's page {@code /import} (static {@code static/import/index.html} with its
 * script): upload amoCRM's export, see the dry run, import with a progress bar, read the report.
 * Behind the webapps' login and for administrators only ({@link AmoImportPageFilter}); the page
 * itself calls {@code /api/admin/import/amocrm}, which checks the administrator again.
 */
@Controller
@Configuration
public class AmoImportPage {

  @GetMapping({"/import", "/import/"})
  public String page() {
    return "forward:/import/index.html";
  }

  /**
   * The session's CSRF token for the page's writes. The webapps keep it in a cookie of their own
   * path (/camunda), which a page under /import cannot read; only a script of this origin can read
   * this answer, so another site cannot learn the token through it.
   */
  @GetMapping(value = "/import/token", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  public ResponseEntity<Map<String, String>> token(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object token = session == null ? null : session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    if (!(token instanceof String value) || value.isEmpty()) {
      return ResponseEntity.status(409).body(Map.of("detail", "Сессия без CSRF-токена: откройте Администрирование или Tasklist и вернитесь на страницу импорта."));
    }
    return ResponseEntity.ok(Map.of("token", value));
  }

  @Bean
  FilterRegistrationBean<AmoImportPageFilter> importPageSession(IdentityService identity, ProcessEngine engine) {
    var registration = new FilterRegistrationBean<>(new AmoImportPageFilter(identity, engine.getName()));
    registration.setName("import-page-session");
    registration.addUrlPatterns("/import", "/import/*");
    registration.setOrder(10);
    return registration;
  }
}
