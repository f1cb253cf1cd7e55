package ru.onlineschool.funnels.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.LeadSource;
import ru.onlineschool.funnels.lead.LeadRequest;
import ru.onlineschool.funnels.lead.QueuedIntake;

/**
 * Marquiz's webhook (issue 19), {@code POST /api/webhooks/marquiz/{secret}}: one JSON object per
 * finished quiz — {@code contacts} (name, phone, email), {@code answers} ({@code q}, {@code a}),
 * {@code result}, {@code quiz} (id, name), {@code extra} ({@code utm}, {@code href},
 * {@code referrer}), {@code created}. Fields it does not know are ignored: Marquiz adds new ones.
 * The answers and the result become the deal's comment; the deal gets the tag «marquiz». A
 * resent copy — the same body, or the same answer id when Marquiz sends one — is the same lead.
 */
// Not in /v3/api-docs: the address carries a secret springdoc would show without it (docs/operations.md).
@Hidden
@SchoolApi
@RestController
public class MarquizWebhook {

  private final QueuedIntake intake;
  private final WebhookProperties.Marquiz settings;
  private final ObjectMapper json;

  public MarquizWebhook(QueuedIntake intake, WebhookProperties properties, ObjectMapper json) {
    this.intake = intake;
    this.settings = properties.marquiz();
    this.json = json;
  }

  @PostMapping(value = "/api/webhooks/marquiz", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readAllBytes();
    JsonNode quiz;
    try {
      quiz = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw WebhookLeads.notJson();
    }
    if (quiz == null || !quiz.isObject()) {
      throw WebhookLeads.notJson();
    }
    JsonNode contacts = quiz.path("contacts");
    JsonNode extra = quiz.path("extra");
    JsonNode utm = extra.path("utm");
    String quizName = text(quiz.path("quiz").path("name"));
    List<String> comment = new ArrayList<>();
    comment.add(quizName == null ? "Ответы квиза:" : "Ответы квиза «" + quizName + "»:");
    for (JsonNode answer : quiz.path("answers")) {
      String question = text(answer.path("q"));
      String reply = answerText(answer.path("a"));
      if (question != null || reply != null) {
        comment.add((question == null ? "—" : question) + " — " + (reply == null ? "нет ответа" : reply));
      }
    }
    String result = resultText(quiz.path("result"));
    if (result != null) {
      comment.add("Результат: " + result);
    }
    String name = text(contacts.path("name"));
    String referer = first(text(extra.path("href")), text(extra.path("referrer")), text(extra.path("referer")));
    LeadRequest lead =
        new LeadRequest(
            name == null ? WebhookLeads.NO_NAME : name,
            text(contacts.path("phone")),
            text(contacts.path("email")),
            settings.leadType(),
            settings.course(),
            "marquiz",
            WebhookLeads.comment(comment),
            WebhookLeads.tags("marquiz", settings.tags()),
            referer,
            null, // the client's time zone, city, region and window: a quiz's contacts do not carry them
            null,
            null,
            null,
            null,
            first(text(utm.path("source")), text(utm.path("utm_source"))),
            first(text(utm.path("medium")), text(utm.path("utm_medium"))),
            first(text(utm.path("campaign")), text(utm.path("utm_campaign")), text(utm.path("name"))),
            first(text(utm.path("content")), text(utm.path("utm_content"))),
            first(text(utm.path("term")), text(utm.path("utm_term"))));
    String answerId = first(text(quiz.path("id")), text(quiz.path("answerId")));
    intake.enqueue(LeadSource.MARQUIZ, WebhookLeads.externalId("id", answerId, body), text(quiz.path("quiz").path("id")), lead);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"accepted\":true}");
  }

  /** A scalar as text; objects and arrays are no text. */
  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? WebhookLeads.blankToNull(node.asText()) : null;
  }

  /** An answer: a text, a number, or several options. */
  private static String answerText(JsonNode node) {
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(part -> {
        String text = part.isObject() ? first(text(part.path("text")), text(part.path("value"))) : text(part);
        if (text != null) {
          parts.add(text);
        }
      });
      return parts.isEmpty() ? null : String.join(", ", parts);
    }
    return node.isObject() ? first(text(node.path("text")), text(node.path("value"))) : text(node);
  }

  private static String resultText(JsonNode node) {
    return node.isObject() ? first(text(node.path("title")), text(node.path("text")), text(node.path("name"))) : text(node);
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
