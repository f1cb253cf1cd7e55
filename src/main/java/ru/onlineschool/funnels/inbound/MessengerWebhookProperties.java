package ru.onlineschool.funnels.inbound;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secrets of the messengers' webhooks ({@code school.messengers.*}, issue 20, inbound). The
 * outbound side binds the same prefix with its own record (the bot token, the WhatsApp access
 * token); each record reads only its own keys. A webhook whose secret is empty is switched off:
 * its address answers 404, in every profile — never open.
 *
 * @param telegram the Telegram bot's webhook
 * @param whatsapp the WhatsApp Business Cloud API's webhook
 */
@ConfigurationProperties(prefix = "school.messengers")
public record MessengerWebhookProperties(Telegram telegram, WhatsApp whatsapp) {

  /** As long as the Tilda and Marquiz secrets: long and random. */
  public static final int SECRET_MIN = 24;
  /** What Telegram accepts as {@code secret_token} of setWebhook: 1–256 of A–Z, a–z, 0–9, «_», «-». */
  private static final Pattern TELEGRAM_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  public MessengerWebhookProperties {
    telegram = telegram == null ? new Telegram(null) : telegram;
    whatsapp = whatsapp == null ? new WhatsApp(null, null) : whatsapp;
    String tg = telegram.webhookSecret();
    if (tg != null) {
      check("SCHOOL_TELEGRAM_WEBHOOK_SECRET", tg);
      if (!TELEGRAM_SECRET.matcher(tg).matches()) {
        throw new IllegalStateException(
            "Секрет вебхука Telegram в SCHOOL_TELEGRAM_WEBHOOK_SECRET может состоять только из латинских букв, цифр, «_» и «-» (до 256 символов): иначе Telegram не примет его в setWebhook");
      }
    }
    if (whatsapp.appSecret() != null) {
      check("SCHOOL_WHATSAPP_APP_SECRET", whatsapp.appSecret());
    }
  }

  private static void check(String variable, String secret) {
    if (secret.length() < SECRET_MIN) {
      throw new IllegalStateException(
          "Секрет в " + variable + " короче " + SECRET_MIN + " символов: задайте длинную случайную строку или оставьте пустым, чтобы выключить вебхук");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * @param webhookSecret the {@code secret_token} given to setWebhook; Telegram sends it back in
   *     {@code X-Telegram-Bot-Api-Secret-Token}. It also signs the bot's {@code /start} links.
   *     Empty: the webhook is off.
   */
  public record Telegram(String webhookSecret) {
    public Telegram {
      webhookSecret = blankToNull(webhookSecret);
    }

    public boolean enabled() {
      return webhookSecret != null;
    }
  }

  /**
   * @param appSecret the Meta app's «App Secret»: it signs every delivery ({@code X-Hub-Signature-256}).
   *     Empty: the webhook is off.
   * @param verifyToken the «Verify token» typed into the Meta app dashboard when the webhook is
   *     registered; empty: the registration check is refused
   */
  public record WhatsApp(String appSecret, String verifyToken) {
    public WhatsApp {
      appSecret = blankToNull(appSecret);
      verifyToken = blankToNull(verifyToken);
    }

    public boolean enabled() {
      return appSecret != null;
    }
  }
}
