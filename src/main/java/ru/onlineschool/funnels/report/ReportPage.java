package ru.onlineschool.funnels.report;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page {@code /reports} (static {@code static/reports/index.html} with its script) behind the
 * webapps' login, see {@link ReportSessionFilter}.
 */
@Controller
@Configuration
public class ReportPage {

  @GetMapping({"/reports", "/reports/"})
  public String page() {
    return "forward:/reports/index.html";
  }

  @Bean
  FilterRegistrationBean<ReportSessionFilter> reportSession(IdentityService identity, ProcessEngine engine) {
    var registration = new FilterRegistrationBean<>(new ReportSessionFilter(identity, engine.getName()));
    registration.setName("report-session");
    registration.addUrlPatterns("/reports", "/reports/*");
    registration.setOrder(10);
    return registration;
  }
}
