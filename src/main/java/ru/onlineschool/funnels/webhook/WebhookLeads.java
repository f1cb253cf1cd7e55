package ru.onlineschool.funnels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.HttpStatus;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;

/** What the two webhooks share: the external id, names, comments, tags. */
final class WebhookLeads {

  /** A client whose form asked for no name: the manager asks it on the first call. */
  static final String NO_NAME = "Без имени";
  static final int COMMENT_MAX = 2000;
  static final int EXTERNAL_ID_MAX = 100;

  private WebhookLeads() {}

  /** The service's id of the lead, or — when it sends none — a digest of the body, the same for a resent copy. */
  static String externalId(String field, String sent, byte[] body) {
    if (sent != null && !sent.isBlank()) {
      String id = sent.strip();
      if (id.length() > EXTERNAL_ID_MAX) {
        throw ApiException.invalid(List.of(new FieldProblem(field, "Не длиннее " + EXTERNAL_ID_MAX + " символов")));
      }
      return id;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text cut to the comment's limit; the client's words are never a reason to lose the lead. */
  static String comment(List<String> lines) {
    String text = String.join("\n", lines).strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() <= COMMENT_MAX ? text : text.substring(0, COMMENT_MAX - 1) + "…";
  }

  static List<String> tags(String channelTag, List<String> more) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    tags.add(channelTag);
    if (more != null) {
      more.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).forEach(tags::add);
    }
    return new ArrayList<>(tags);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  static ApiException notJson() {
    return new ApiException(HttpStatus.BAD_REQUEST, "Некорректный запрос", "Тело запроса — не JSON-объект Marquiz.");
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
