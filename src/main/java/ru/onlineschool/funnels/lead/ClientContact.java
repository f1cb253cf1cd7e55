package ru.onlineschool.funnels.lead;

import java.util.Locale;
import ru.onlineschool.funnels.api.TextRules;

/**
 * A client's name and contact details as every request that brings them has them (a lead, a
 * webinar registration, an attendee): the limits their {@code @Size} refers to and the stored
 * form — trimmed, phone in E.164, e-mail in lower case. Checking is the annotations' job; these
 * functions expect a value that passed them.
 */
public final class ClientContact {

  /** {@code contact.name}. */
  public static final int NAME_MAX = 200;
  /** {@code contact.email}. */
  public static final int EMAIL_MAX = 254;

  private ClientContact() {}

  /** The phone in E.164, or null when none was given. */
  public static String phone(String raw) {
    return TextRules.stripped(raw) == null ? null : PhoneNumbers.toE164(raw.strip()).orElseThrow();
  }

  /** The e-mail in lower case, or null when none was given. */
  public static String email(String raw) {
    String email = TextRules.stripped(raw);
    return email == null ? null : email.toLowerCase(Locale.ROOT);
  }
}
