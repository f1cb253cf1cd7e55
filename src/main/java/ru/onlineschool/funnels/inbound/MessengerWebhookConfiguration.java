package ru.onlineschool.funnels.inbound;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The messengers' signature check runs before the Tilda/Marquiz secret filter (order 9) and the
 * API's own authentication (order 10), on the two messenger addresses only.
 */
@Configuration
public class MessengerWebhookConfiguration {

  @Bean
  FilterRegistrationBean<MessengerWebhookFilter> messengerWebhookSecret(MessengerWebhookProperties properties) {
    var registration = new FilterRegistrationBean<>(new MessengerWebhookFilter(properties));
    registration.setName("messenger-webhook-secret");
    registration.addUrlPatterns(MessengerWebhookFilter.TELEGRAM_PATH, MessengerWebhookFilter.WHATSAPP_PATH);
    registration.setOrder(8);
    return registration;
  }
}
