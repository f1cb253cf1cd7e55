package ru.onlineschool.funnels.webhook;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.LeadSource;
import ru.onlineschool.funnels.lead.LeadRequest;
import ru.onlineschool.funnels.lead.QueuedIntake;

/**
 * Tilda's form webhook (issue 19), {@code POST /api/webhooks/tilda/{secret}} — the secret is
 * checked and cut off by {@link WebhookSecretFilter}. Tilda posts the form as
 * {@code application/x-www-form-urlencoded} with the form's own field names, {@code formid},
 * {@code tranid}, the UTM fields and, when the site sends cookies, {@code COOKIES}. Its check of a
 * new webhook is a POST with {@code test=test}; it wants 200 and the body {@code ok}, which every
 * accepted request gets.
 *
 * <p>Fields map by {@code school.webhooks.tilda.fields} (names per lead field, letter case aside),
 * overridden per form by {@code school.webhooks.tilda.forms.<formid>}; fields no mapping names go
 * into the comment as «поле: значение», so nothing the client wrote is lost. Lead type: the form's
 * hidden field, else the form's setting. Every deal gets the tag «tilda». {@code tranid} makes a
 * resent request the same lead.
 */
// Not in /v3/api-docs: the address carries a secret springdoc would show without it (docs/operations.md).
@Hidden
@SchoolApi
@RestController
public class TildaWebhook {

  static final String OK = "ok";
  /** Fields Tilda adds to every form and that are no answer of the client. */
  private static final Set<String> TECHNICAL =
      Set.of("tranid", "formid", "formname", "cookies", "test", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term");

  private final QueuedIntake intake;
  private final WebhookProperties.Tilda settings;

  public TildaWebhook(QueuedIntake intake, WebhookProperties properties) {
    this.intake = intake;
    this.settings = properties.tilda();
  }

  @PostMapping(value = "/api/webhooks/tilda", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.ALL_VALUE)
  public ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
    // Read before anyone asks the container for a parameter: it would decode the bytes as UTF-8.
    byte[] body = request.getInputStream().readAllBytes();
    Map<String, String> form = FormBody.parse(body, request.getContentType());
    Fields fields = new Fields(form);
    // Tilda's check of a new address: «test=test», no submission id. Answered, nothing kept.
    if ("test".equalsIgnoreCase(fields.value("test").orElse("").strip()) && fields.value("tranid").isEmpty()) {
      return ok();
    }
    String formId = WebhookLeads.blankToNull(fields.value("formid").orElse(null));
    WebhookProperties.Form formSettings = formId == null ? null : settings.forms().get(formId);
    List<String> used = new ArrayList<>();
    String name = fields.first(settings.names("name", formSettings), used).orElse(WebhookLeads.NO_NAME);
    String phone = fields.first(settings.names("phone", formSettings), used).orElse(null);
    String email = fields.first(settings.names("email", formSettings), used).orElse(null);
    String course = fields.first(settings.names("course", formSettings), used).orElse(formSettings == null ? null : formSettings.course());
    String leadType = fields.first(settings.names("lead-type", formSettings), used).orElse(formSettings == null ? null : formSettings.leadType());
    String source = fields.first(settings.names("source", formSettings), used).orElse(formSettings != null && formSettings.source() != null ? formSettings.source() : "tilda");
    String referer = fields.first(settings.names("referer", formSettings), used).orElse(null);
    // The client's time (issue 17): a city or region tells his zone, a window when to call him.
    String city = fields.first(settings.names("city", formSettings), used).orElse(null);
    String region = fields.first(settings.names("region", formSettings), used).orElse(null);
    String convenientFrom = fields.first(settings.names("convenient-from", formSettings), used).orElse(null);
    String convenientTo = fields.first(settings.names("convenient-to", formSettings), used).orElse(null);
    List<String> comment = new ArrayList<>();
    fields.first(settings.names("comment", formSettings), used).ifPresent(comment::add);
    Map<String, String> utm = utm(fields);
    form.forEach(
        (field, value) -> {
          String key = field.toLowerCase(Locale.ROOT);
          if (!value.isBlank() && !TECHNICAL.contains(key) && !used.contains(key) && !key.startsWith("tilda")) {
            comment.add(field + ": " + value.strip());
          }
        });
    LeadRequest lead =
        new LeadRequest(
            name,
            phone,
            email,
            leadType,
            course,
            source,
            WebhookLeads.comment(comment),
            WebhookLeads.tags("tilda", formSettings == null ? null : formSettings.tags()),
            referer,
            null,
            city,
            region,
            convenientFrom,
            convenientTo,
            utm.get("utm_source"),
            utm.get("utm_medium"),
            utm.get("utm_campaign"),
            utm.get("utm_content"),
            utm.get("utm_term"));
    intake.enqueue(LeadSource.TILDA, WebhookLeads.externalId("tranid", fields.value("tranid").orElse(null), body), formId, lead);
    return ok();
  }

  private static ResponseEntity<String> ok() {
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)).body(OK);
  }

  /** The UTM fields of the form, else those Tilda keeps in its cookie TILDAUTM («utm_source=…|||utm_medium=…»). */
  private static Map<String, String> utm(Fields fields) {
    Map<String, String> utm = new HashMap<>();
    String cookies = fields.value("COOKIES").orElse("");
    for (String cookie : cookies.split(";")) {
      String trimmed = cookie.strip();
      if (trimmed.startsWith("TILDAUTM=")) {
        String value = decodeQuietly(trimmed.substring("TILDAUTM=".length()));
        for (String mark : value.split("\\|\\|\\|")) {
          int equals = mark.indexOf('=');
          if (equals > 0) {
            utm.put(mark.substring(0, equals).strip().toLowerCase(Locale.ROOT), WebhookLeads.blankToNull(mark.substring(equals + 1)));
          }
        }
      }
    }
    for (String mark : List.of("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")) {
      fields.value(mark).map(WebhookLeads::blankToNull).ifPresent(value -> utm.put(mark, value));
    }
    return utm;
  }

  private static String decodeQuietly(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /** The form's fields by name, letter case aside. */
  private static final class Fields {
    private final Map<String, String> byName = new HashMap<>();

    Fields(Map<String, String> form) {
      form.forEach((name, value) -> byName.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
    }

    Optional<String> value(String name) {
      return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The first of the names the form filled in; every one of them counts as used. */
    Optional<String> first(List<String> names, List<String> used) {
      Optional<String> found = Optional.empty();
      for (String name : names) {
        String key = name.toLowerCase(Locale.ROOT);
        String value = byName.get(key);
        if (value != null) {
          used.add(key);
          if (found.isEmpty() && !value.isBlank()) {
            found = Optional.of(value.strip());
          }
        }
      }
      return found;
    }
  }
}
