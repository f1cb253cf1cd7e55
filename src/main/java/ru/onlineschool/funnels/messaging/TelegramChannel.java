package ru.onlineschool.funnels.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.messaging.MessengerHttp.Answer;
import ru.onlineschool.funnels.messaging.MessengerHttp.MessengerException;

/**
 * The school's Telegram bot (Bot API {@code sendMessage}) for clients who prefer Telegram. A bot may
 * write only to a chat that wrote to it first: the address is the chat id the bot's webhook stored on
 * the contact when the client wrote; a client who never did gets e-mail. The text goes as plain text
 * (no {@code parse_mode}), so nothing in it becomes markup.
 */
@Component
@Order(1)
public class TelegramChannel implements ClientChannel {

  public static final String CODE = "telegram";
  /** Telegram's limit for one message's text. */
  static final int MAX_TEXT = 4096;

  private final MessengerProperties.Telegram settings;
  private final MessengerHttp http;

  public TelegramChannel(MessengerProperties properties, MessengerHttp http) {
    this.settings = properties.telegram();
    this.http = http;
  }

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public String title() {
    return "Telegram";
  }

  @Override
  public boolean ready() {
    return settings.on();
  }

  @Override
  public String offReason() {
    return settings.enabled()
        ? "канал Telegram не подключён: не задан токен бота (SCHOOL_TELEGRAM_BOT_TOKEN)"
        : "канал Telegram не подключён (school.messengers.telegram.enabled)";
  }

  @Override
  public Optional<String> address(Recipient recipient) {
    return Optional.ofNullable(recipient.telegramChatId()).filter(id -> !id.isBlank());
  }

  @Override
  public String noAddressReason() {
    return "клиент ещё не писал боту школы в Telegram, а бот может написать только тому, кто написал ему первым";
  }

  @Override
  public String deliver(String chatId, Recipient recipient, RenderedMessage message) throws MessengerException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chat_id", chatId);
    body.put("text", text(message));
    Answer answer = http.post("Telegram", settings.apiUrl() + "/bot" + settings.botToken() + "/sendMessage", body, Map.of());
    JsonNode json = answer.body();
    if (answer.status() == 200 && json.path("ok").asBoolean(false)) {
      JsonNode id = json.path("result").path("message_id");
      return id.isMissingNode() || id.isNull() ? null : id.asText();
    }
    throw new MessengerException(reason(answer));
  }

  /** The subject as the first line, then the text; cut to Telegram's limit. */
  static String text(RenderedMessage message) {
    String text = message.subject() + "\n\n" + message.body().strip();
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }

  /** Telegram's refusal ({@code {"ok":false,"error_code":403,"description":"…"}}) in words a manager acts on. */
  private String reason(Answer answer) {
    JsonNode json = answer.body();
    int code = json.path("error_code").asInt(answer.status());
    String description = json.path("description").asText("").replace(settings.botToken(), "***");
    String said = " (Telegram: " + code + (description.isEmpty() ? "" : " " + description) + ")";
    String lower = description.toLowerCase(Locale.ROOT);
    if (code == 429) {
      int retryAfter = json.path("parameters").path("retry_after").asInt(0);
      return "Telegram просит снизить частоту отправки" + (retryAfter > 0 ? ", повторить не раньше чем через " + retryAfter + " с" : "") + said;
    }
    if (code >= 500) {
      return "Telegram временно недоступен" + said;
    }
    if (lower.contains("blocked")) {
      return "клиент заблокировал бота школы в Telegram — сообщения ему не доходят, свяжитесь с ним иначе" + said;
    }
    if (lower.contains("deactivated")) {
      return "аккаунт клиента в Telegram удалён" + said;
    }
    if (lower.contains("chat not found") || lower.contains("user not found")) {
      return "чат клиента с ботом школы в Telegram не найден — клиент удалил чат или писал другому боту" + said;
    }
    if (code == 401 || code == 404) {
      return "Telegram не принял токен бота — проверьте SCHOOL_TELEGRAM_BOT_TOKEN" + said;
    }
    if (code == 403) {
      return "Telegram запретил боту писать клиенту" + said;
    }
    return "Telegram не принял сообщение" + said;
  }

  @Override
  public String describe(String chatId) {
    return "в Telegram (чат " + chatId + ")";
  }
}
