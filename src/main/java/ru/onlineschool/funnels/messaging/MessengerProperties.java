package ru.onlineschool.funnels.messaging;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The messengers the school writes to clients through (issue 20), {@code school.messengers.*}:
 * the Telegram Bot API and the WhatsApp Business Cloud API. A channel that is not enabled, or
 * enabled without its token, is off: its messages go by e-mail, or stay in the outbox with
 * «НЕ ОТПРАВЛЕНО» in the deal's history. The prod profile sets {@code require-tokens}, so there an
 * enabled channel without its token stops the start-up instead of silently sending nothing.
 *
 * <p>Only the outbound side is bound here; the webhooks of the same messengers bind their own
 * settings under the same prefix, and each record ignores the other's keys.
 *
 * @param requireTokens whether an enabled channel without its token refuses the start (prod)
 * @param timeout how long one API call may take, connecting included: a hanging API fails the job
 * @param defaultChannel the messenger for a client who has not said how he wants to be written to
 *     (a new lead nobody has reached yet): seeds 000 and 002 want the message after the first
 *     missed call in WhatsApp, so {@code whatsapp}; {@code email} writes only to messengers clients
 *     chose themselves
 */
@Validated
@ConfigurationProperties(prefix = "school.messengers")
public record MessengerProperties(boolean requireTokens, Duration timeout, Telegram telegram, WhatsApp whatsapp, String defaultChannel) {

  public MessengerProperties {
    timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(10) : timeout;
    telegram = telegram == null ? new Telegram(false, null, null) : telegram;
    whatsapp = whatsapp == null ? new WhatsApp(false, null, null, null, null, null) : whatsapp;
    defaultChannel = present(defaultChannel) ? defaultChannel.strip() : "whatsapp";
  }

  @AssertTrue(message = "Telegram включён (SCHOOL_TELEGRAM_ENABLED=true), но токен бота не задан: задайте его в переменной окружения SCHOOL_TELEGRAM_BOT_TOKEN")
  public boolean isTelegramTokenGiven() {
    return !requireTokens || !telegram.enabled() || present(telegram.botToken());
  }

  @AssertTrue(message = "WhatsApp включён (SCHOOL_WHATSAPP_ENABLED=true), но не заданы токен доступа и номер отправителя:"
      + " задайте переменные окружения SCHOOL_WHATSAPP_ACCESS_TOKEN и SCHOOL_WHATSAPP_PHONE_NUMBER_ID")
  public boolean isWhatsAppTokenGiven() {
    return !requireTokens || !whatsapp.enabled() || (present(whatsapp.accessToken()) && present(whatsapp.phoneNumberId()));
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * The school's Telegram bot.
   *
   * @param botToken the token @BotFather gave; it is part of every request's path, so it is never logged
   * @param apiUrl the Bot API's address (a local Bot API server, or a fake one in tests)
   */
  public record Telegram(boolean enabled, String botToken, String apiUrl) {
    public Telegram {
      apiUrl = trimSlash(apiUrl, "https://api.telegram.org");
    }

    /** Enabled and with a token. */
    public boolean on() {
      return enabled && present(botToken);
    }
  }

  /**
   * The school's WhatsApp Business number on Meta's Cloud API. A business may start a conversation
   * only with a template Meta approved, so every message is sent as one (docs/decisions.md).
   *
   * @param accessToken a system user's permanent token with {@code whatsapp_business_messaging}
   * @param phoneNumberId the sender number's id (not the number itself) from the app's WhatsApp settings
   * @param apiUrl the Graph API with its version
   * @param templateLanguage the language the templates were approved in
   * @param templates our template name → the approved WhatsApp template's name, where they differ
   *     from the default rule (hyphens become underscores: {@code not-reached} → {@code not_reached})
   */
  public record WhatsApp(
      boolean enabled, String accessToken, String phoneNumberId, String apiUrl, String templateLanguage, Map<String, String> templates) {
    public WhatsApp {
      apiUrl = trimSlash(apiUrl, "https://graph.facebook.com/v21.0");
      templateLanguage = present(templateLanguage) ? templateLanguage.trim() : "ru";
      templates = templates == null ? Map.of() : Map.copyOf(templates);
    }

    /** Enabled and with both the token and the sender's number id. */
    public boolean on() {
      return enabled && present(accessToken) && present(phoneNumberId);
    }

    /** The approved template that carries our template {@code name}. */
    public String templateFor(String name) {
      String mapped = templates.get(name);
      return present(mapped) ? mapped.trim() : name.replace('-', '_').toLowerCase(Locale.ROOT);
    }
  }

  private static String trimSlash(String url, String otherwise) {
    String value = present(url) ? url.trim() : otherwise;
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
