package ru.onlineschool.funnels.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.LeadSource;

/**
 * The Telegram bot's webhook (issue 20), {@code POST /api/webhooks/telegram}, authenticated by
 * {@link MessengerWebhookFilter}. Telegram posts one
 * <a href="https://core.telegram.org/bots/api#update">Update</a> per request; a private chat's
 * {@code message} is kept and answered 200 at once, everything else (edits, group chats, the bot's
 * own status changes) is answered 200 and ignored — Telegram repeats what is not answered 2xx.
 * {@code update_id} makes a repeated delivery the same message.
 */
@Hidden
@SchoolApi
@RestController
public class TelegramWebhook {

  private static final String ANSWER = "{}";

  private final InboundQueue queue;
  private final ObjectMapper json;

  public TelegramWebhook(InboundQueue queue, ObjectMapper json) {
    this.queue = queue;
    this.json = json;
  }

  @PostMapping(value = "/api/webhooks/telegram", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
    JsonNode update = readObject(request.getInputStream().readAllBytes());
    JsonNode updateId = update.path("update_id");
    if (!updateId.canConvertToLong()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Некорректный запрос", "В обновлении Telegram нет номера update_id.");
    }
    JsonNode message = update.path("message");
    JsonNode chat = message.path("chat");
    if (!message.isObject() || !"private".equals(chat.path("type").asText()) || !chat.path("id").canConvertToLong()) {
      return ok();
    }
    JsonNode from = message.path("from");
    if (from.path("is_bot").asBoolean(false)) {
      return ok();
    }
    String chatId = chat.path("id").asText();
    String name = join(text(from.path("first_name")), text(from.path("last_name")));
    String startPayload = null;
    String words = text(message.path("text"));
    String phone = null;
    if (words != null && (words.equals("/start") || words.startsWith("/start "))) {
      startPayload = words.length() > 7 ? words.substring(7).strip() : null;
      words = startPayload == null ? "открыл(а) чат с ботом (/start)" : "перешёл(а) по ссылке школы и открыл(а) чат с ботом";
    }
    JsonNode contact = message.path("contact");
    if (contact.isObject()) {
      String shared = text(contact.path("phone_number"));
      // Only a card of the sender himself proves his phone: anyone can forward someone else's.
      boolean own = contact.path("user_id").canConvertToLong() && contact.path("user_id").asLong() == from.path("id").asLong(Long.MIN_VALUE);
      phone = own ? shared : null;
      words = own ? "поделился(ась) своим номером " + shared : "прислал(а) чужой контакт " + (shared == null ? "" : shared);
    }
    if (words == null) {
      words = describe(message);
    }
    queue.accept(new InboundMessage(LeadSource.TELEGRAM, updateId.asText(), chatId, name, phone, startPayload, words));
    return ok();
  }

  /** What a message without text holds, in words. */
  private static String describe(JsonNode message) {
    String caption = text(message.path("caption"));
    String kind =
        message.has("photo") ? "фото"
            : message.has("voice") ? "голосовое сообщение"
            : message.has("video_note") ? "видеосообщение"
            : message.has("video") ? "видео"
            : message.has("document") ? "файл"
            : message.has("sticker") ? "стикер"
            : message.has("location") ? "геопозицию"
            : "сообщение без текста";
    return caption == null ? "(" + kind + ")" : "(" + kind + ") " + caption;
  }

  private JsonNode readObject(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // answered below
    }
    throw new ApiException(HttpStatus.BAD_REQUEST, "Некорректный запрос", "Тело запроса — не JSON-объект обновления Telegram (Update).");
  }

  static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText().strip() : null;
  }

  private static String join(String first, String last) {
    if (first == null) {
      return last;
    }
    return last == null ? first : first + " " + last;
  }

  private static ResponseEntity<String> ok() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ANSWER);
  }
}
