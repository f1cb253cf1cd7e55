package ru.onlineschool.funnels.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.LeadSource;

/**
 * The WhatsApp Business Cloud API's webhook (issue 20), {@code /api/webhooks/whatsapp},
 * authenticated by {@link MessengerWebhookFilter}: {@code GET} is Meta's check when the webhook is
 * registered (the challenge is echoed), {@code POST} a delivery — {@code object:
 * "whatsapp_business_account"}, {@code entry[].changes[].value} with {@code messages[]} (kept, one
 * row per message id) and {@code contacts[]} (the senders' profile names). {@code statuses[]} — the
 * delivery reports of the school's own messages — are accepted and ignored. A repeated delivery
 * (same message id) is the same message.
 */
@Hidden
@SchoolApi
@RestController
public class WhatsAppWebhook {

  private final InboundQueue queue;
  private final ObjectMapper json;

  public WhatsAppWebhook(InboundQueue queue, ObjectMapper json) {
    this.queue = queue;
    this.json = json;
  }

  /** Meta's registration check; the filter has checked the mode and the verify token. */
  @GetMapping(value = "/api/webhooks/whatsapp", produces = MediaType.TEXT_PLAIN_VALUE)
  public ResponseEntity<String> verify(@RequestParam(name = "hub.challenge", required = false) String challenge) {
    if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{1,200}")) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Некорректный запрос", "Нет параметра hub.challenge.");
    }
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
  }

  @PostMapping(value = "/api/webhooks/whatsapp", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
    JsonNode delivery = readObject(request.getInputStream().readAllBytes());
    if (!"whatsapp_business_account".equals(delivery.path("object").asText())) {
      return ok();
    }
    for (JsonNode entry : delivery.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        JsonNode value = change.path("value");
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : value.path("contacts")) {
          String waId = TelegramWebhook.text(contact.path("wa_id"));
          String name = TelegramWebhook.text(contact.path("profile").path("name"));
          if (waId != null && name != null) {
            names.put(waId, name);
          }
        }
        for (JsonNode message : value.path("messages")) {
          String from = TelegramWebhook.text(message.path("from"));
          String id = TelegramWebhook.text(message.path("id"));
          String words = describe(message);
          if (from == null || id == null || words == null) {
            continue;
          }
          queue.accept(new InboundMessage(LeadSource.WHATSAPP, id, from, names.get(from), from, null, words));
        }
      }
    }
    return ok();
  }

  /** The message in words; null for what is no message of the client (a reaction, a system notice). */
  private static String describe(JsonNode message) {
    String type = message.path("type").asText("");
    String caption = TelegramWebhook.text(message.path(type).path("caption"));
    return switch (type) {
      case "text" -> TelegramWebhook.text(message.path("text").path("body"));
      case "button" -> TelegramWebhook.text(message.path("button").path("text"));
      case "interactive" -> {
        JsonNode reply = message.path("interactive");
        String title = TelegramWebhook.text(reply.path("button_reply").path("title"));
        yield title != null ? title : TelegramWebhook.text(reply.path("list_reply").path("title"));
      }
      case "image" -> caption == null ? "(фото)" : "(фото) " + caption;
      case "video" -> caption == null ? "(видео)" : "(видео) " + caption;
      case "document" -> caption == null ? "(файл)" : "(файл) " + caption;
      case "audio" -> "(голосовое сообщение)";
      case "sticker" -> "(стикер)";
      case "location" -> "(геопозиция)";
      case "contacts" -> "(контакт)";
      case "reaction", "system", "unsupported", "" -> null;
      default -> "(" + type + ")";
    };
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
    throw new ApiException(HttpStatus.BAD_REQUEST, "Некорректный запрос", "Тело запроса — не JSON-объект вебхука WhatsApp.");
  }

  private static ResponseEntity<String> ok() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{}");
  }
}
