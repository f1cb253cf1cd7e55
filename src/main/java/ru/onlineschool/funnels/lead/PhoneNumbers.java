package ru.onlineschool.funnels.lead;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/**
 * Phone numbers in E.164, the form the duplicate check compares: {@code 8 916 123-45-67},
 * {@code +7 (916) 123-45-67} and {@code 9161234567} are one client, {@code +79161234567}.
 */
public final class PhoneNumbers {

  /** A number without a country code is Russian: the school sells in Russia. */
  static final String DEFAULT_REGION = "RU";
  private static final int MAX_RAW_LENGTH = 40;
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** The number in E.164, or empty when it is not a valid phone number. */
  public static Optional<String> toE164(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_RAW_LENGTH) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(raw, DEFAULT_REGION);
      if (!UTIL.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
