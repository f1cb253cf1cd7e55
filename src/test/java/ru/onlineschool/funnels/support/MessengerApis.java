package ru.onlineschool.funnels.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * One fake for both messenger APIs (WireMock on a free loopback port) in the one shared test
 * context: the Telegram Bot API under {@code /telegram} and the WhatsApp Cloud API under
 * {@code /graph/v21.0}. The test profile switches both channels on with made-up tokens; this hands
 * the fake's address to {@code school.messengers.*.api-url}. Nothing leaves the machine: a request
 * no test stubbed gets WireMock's 404, which the channels treat as a refusal.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MessengerApis {

  public static final String TELEGRAM_PATH = "/telegram";
  public static final String WHATSAPP_PATH = "/graph/v21.0";

  @Bean(destroyMethod = "stop")
  WireMockServer messengerApi() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    return server;
  }

  @Bean
  DynamicPropertyRegistrar messengerApiUrls(WireMockServer messengerApi) {
    return registry -> {
      registry.add("school.messengers.telegram.api-url", () -> messengerApi.baseUrl() + TELEGRAM_PATH);
      registry.add("school.messengers.whatsapp.api-url", () -> messengerApi.baseUrl() + WHATSAPP_PATH);
    };
  }
}
