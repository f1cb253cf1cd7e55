package ru.onlineschool.funnels.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import ru.onlineschool.funnels.identity.LoginProperties;

/**
 * The engine's REST API ({@code /engine-rest}) answers only to engine users with HTTP Basic:
 * Camunda Modeler deploys with the admin account, everything else gets 401. What a user may
 * do there is then decided by the engine's own authorizations, and expressions in queries by the
 * engine's {@code QueryExpressionGuard} (not by matching addresses here).
 */
@Configuration
public class EngineRestSecurity {

  /**
   * First of all: every request carries its client's address to the engine's password check, on
   * any path (the login form lives under the Admin app's API, Basic under /engine-rest and /api).
   */
  @Bean
  FilterRegistrationBean<LoginClientFilter> loginClient(LoginProperties login) {
    var registration = new FilterRegistrationBean<>(new LoginClientFilter(new ClientAddress(login.trustedProxies())));
    registration.setName("login-client");
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
    var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.setOrder(10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<AdminSetupLock> adminSetupLock() {
    var registration = new FilterRegistrationBean<>(new AdminSetupLock());
    registration.setName("admin-setup-lock");
    registration.addUrlPatterns("/camunda/api/admin/setup/*");
    registration.setOrder(0);
    return registration;
  }
}
