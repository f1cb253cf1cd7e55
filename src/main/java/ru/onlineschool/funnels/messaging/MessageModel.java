package ru.onlineschool.funnels.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The data a template may use: every process variable by its name, plus for each date or
 * date-time variable {@code <name>Text} written the Russian way in the client's zone
 * (variable {@code clientZone}, else the school's): «6 марта 2030 г., 16:00 (МСК)».
 *
 * <p>Messages are plain text, so nothing a client typed becomes markup; but mail and messenger
 * apps turn an address in plain text into a live link, and anyone may register with any e-mail.
 * A value the client typed that looks like an address is therefore left out of the message, so
 * that we never send a stranger's link in the school's name: «Здравствуйте!» instead of
 * «Здравствуйте, www.example.com!».
 */
@Component
public class MessageModel {

  static final Locale RU = Locale.forLanguageTag("ru");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'г.', HH:mm", RU);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'г.'", RU);
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  /** Variables that hold what a client typed on the website (the recipient's name included). */
  static final Set<String> CLIENT_TYPED =
      Set.of("clientName", "firstName", "course", "source", "comment", "repeatedLeadSource", "repeatedLeadComment");

  /** What mail and messenger apps link: a scheme, «www.», an e-mail address, a domain name (evil.com, пример.рф). */
  private static final Pattern LINK_LIKE = Pattern.compile("://|www\\.|@|[\\p{L}\\d-]\\.\\p{L}{2,}", Pattern.CASE_INSENSITIVE);

  private final MailProperties properties;

  public MessageModel(MailProperties properties) {
    this.properties = properties;
  }

  public Map<String, Object> of(Map<String, Object> variables, Recipient recipient) {
    ZoneId zone = zone(variables.get("clientZone"));
    Map<String, Object> model = new HashMap<>();
    variables.forEach(
        (name, value) -> {
          if (value == null) {
            return;
          }
          model.put(name, value);
          String text = dateText(value, zone);
          if (text != null) {
            model.put(name + "Text", text);
          }
        });
    model.put("clientName", recipient.name());
    model.put("firstName", firstName(recipient.name()));
    model.put("schoolName", properties.schoolName());
    CLIENT_TYPED.forEach(
        name -> {
          if (model.get(name) instanceof String text && (text.isBlank() || LINK_LIKE.matcher(text).find())) {
            model.remove(name);
          }
        });
    return model;
  }

  static String firstName(String name) {
    if (name == null || name.isBlank()) {
      return "";
    }
    return name.trim().split("\\s+")[0];
  }

  static ZoneId zone(Object clientZone) {
    if (clientZone != null && !clientZone.toString().isBlank()) {
      try {
        return ZoneId.of(clientZone.toString().trim());
      } catch (RuntimeException notAZone) {
        // fall through to the school's zone
      }
    }
    return ZoneId.systemDefault();
  }

  /** A date-time in the zone with its name; null for values that are not dates. */
  static String dateText(Object value, ZoneId zone) {
    Instant instant = null;
    if (value instanceof Date date) {
      instant = date.toInstant();
    } else if (value instanceof String s && s.length() >= 10 && Character.isDigit(s.charAt(0))) {
      try {
        instant = OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException notDateTime) {
        try {
          // A form's date and time without offset is the school's wall time (the JVM's zone).
          instant = java.time.LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notLocalDateTime) {
          try {
            return DATE.format(LocalDate.parse(s));
          } catch (DateTimeParseException notDate) {
            return null;
          }
        }
      }
    }
    if (instant == null) {
      return null;
    }
    return DATE_TIME.format(instant.atZone(zone)) + " (" + zoneLabel(zone, instant) + ")";
  }

  /** «МСК» for Moscow time (a registration's +03:00 too: our clients are in Russia), else «UTC+05:00». */
  static String zoneLabel(ZoneId zone, Instant at) {
    String offset = zone.getRules().getOffset(at).getId();
    if (zone.equals(MOSCOW) || offset.equals(MOSCOW.getRules().getOffset(at).getId())) {
      return "МСК";
    }
    return "UTC" + ("Z".equals(offset) ? "" : offset);
  }
}
