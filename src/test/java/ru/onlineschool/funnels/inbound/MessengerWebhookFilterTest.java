package ru.onlineschool.funnels.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import ru.onlineschool.funnels.api.ApiAuthenticationFilter;

/**
 * The messengers' webhooks without their secrets are switched off, never open, and a secret too
 * short or one Telegram would refuse stops the start with a Russian message (issue 20).
 */
class MessengerWebhookFilterTest {

  static MockHttpServletResponse post(MessengerWebhookFilter filter, String path, String header, String value) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
    request.setServletPath(path);
    request.setContent("{\"update_id\":1}".getBytes(StandardCharsets.UTF_8));
    if (header != null) {
      request.addHeader(header, value);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      assertThat(chain.getRequest().getAttribute(ApiAuthenticationFilter.WEBHOOK_AUTHENTICATED)).isEqualTo(Boolean.TRUE);
      response.setStatus(299);
    }
    return response;
  }

  @Test
  void withoutSecretsBothWebhooksAnswer404WhateverTheRequestCarries() throws Exception {
    MessengerWebhookFilter off = new MessengerWebhookFilter(new MessengerWebhookProperties(null, null));

    MockHttpServletResponse telegram = post(off, "/api/webhooks/telegram", "X-Telegram-Bot-Api-Secret-Token", "");
    MockHttpServletResponse whatsapp = post(off, "/api/webhooks/whatsapp", "X-Hub-Signature-256", "sha256=00");

    assertThat(telegram.getStatus()).isEqualTo(404);
    assertThat(whatsapp.getStatus()).isEqualTo(404);
    assertThat(telegram.getContentAsString(StandardCharsets.UTF_8)).contains("вебхук выключен");
  }

  @Test
  void withTheSecretOnlyTheRightHeaderPasses() throws Exception {
    String secret = "telegram-secret-0123456789abcdef";
    MessengerWebhookFilter on =
        new MessengerWebhookFilter(new MessengerWebhookProperties(new MessengerWebhookProperties.Telegram(secret), new MessengerWebhookProperties.WhatsApp(null, null)));

    assertThat(post(on, "/api/webhooks/telegram", "X-Telegram-Bot-Api-Secret-Token", secret).getStatus()).isEqualTo(299);
    assertThat(post(on, "/api/webhooks/telegram", "X-Telegram-Bot-Api-Secret-Token", secret.substring(1)).getStatus()).isEqualTo(401);
    assertThat(post(on, "/api/webhooks/telegram", null, null).getStatus()).isEqualTo(401);
    // WhatsApp stays off while its app secret is not set.
    assertThat(post(on, "/api/webhooks/whatsapp", "X-Hub-Signature-256", "sha256=00").getStatus()).isEqualTo(404);
  }

  @Test
  void aShortSecretOrOneTelegramWouldRefuseStopsTheStart() {
    assertThatThrownBy(() -> new MessengerWebhookProperties(new MessengerWebhookProperties.Telegram("short"), null))
        .hasMessageContaining("SCHOOL_TELEGRAM_WEBHOOK_SECRET")
        .hasMessageContaining("короче 24");
    assertThatThrownBy(() -> new MessengerWebhookProperties(new MessengerWebhookProperties.Telegram("секрет-с-кириллицей-0123456789"), null))
        .hasMessageContaining("латинских букв");
    assertThatThrownBy(() -> new MessengerWebhookProperties(null, new MessengerWebhookProperties.WhatsApp("short", "token")))
        .hasMessageContaining("SCHOOL_WHATSAPP_APP_SECRET");
  }
}
