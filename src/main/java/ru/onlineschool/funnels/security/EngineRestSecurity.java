package ru.onlineschool.funnels.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's REST API ({@code /engine-rest}) answers only to engine users with HTTP Basic:
 * Camunda Modeler deploys with the admin account, everything else gets 401. What a user may
 * do there is then decided by the engine's own authorizations, and expressions in queries by the
 * engine's {@code QueryExpressionGuard} (not by matching addresses here).
 */
@Configuration
public class EngineRestSecurity {

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
