package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import ru.onlineschool.funnels.config.SchoolProperties;

/** Wires our {@code /api}: its authentication filter and its strict JSON reader. */
@Configuration
public class ApiConfiguration implements WebMvcConfigurer {

  private final ObjectMapper objectMapper;

  public ApiConfiguration(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Bean
  FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(
      SchoolProperties properties, IdentityService identity, ProcessEngine engine, StaffActivity activity) {
    var registration =
        new FilterRegistrationBean<>(new ApiAuthenticationFilter(properties.intake().apiKey(), identity, engine.getName(), activity));
    registration.setName("api-authentication");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(10);
    return registration;
  }

  /** Requests to the webapps' API count as the signed-in employee's activity (distribution). */
  @Bean
  FilterRegistrationBean<WebappActivityFilter> webappActivity(StaffActivity activity, ProcessEngine engine) {
    var registration = new FilterRegistrationBean<>(new WebappActivityFilter(activity, engine.getName()));
    registration.setName("webapp-activity");
    registration.addUrlPatterns("/camunda/api/*");
    registration.setOrder(10);
    return registration;
  }

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    // First in line, but it only reads ApiRequest types; everything else falls through.
    converters.add(0, new StrictJson(objectMapper));
  }
}
