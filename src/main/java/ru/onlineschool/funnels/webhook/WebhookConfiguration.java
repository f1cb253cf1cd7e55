package ru.onlineschool.funnels.webhook;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhooks' secret check runs before the API's own authentication (order 10). */
@Configuration
public class WebhookConfiguration {

  @Bean
  FilterRegistrationBean<WebhookSecretFilter> webhookSecret(WebhookProperties properties) {
    var registration = new FilterRegistrationBean<>(new WebhookSecretFilter(properties));
    registration.setName("webhook-secret");
    registration.addUrlPatterns("/api/webhooks/*");
    registration.setOrder(9);
    return registration;
  }
}
