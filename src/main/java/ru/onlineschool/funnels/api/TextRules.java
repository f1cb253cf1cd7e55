package ru.onlineschool.funnels.api;

/**
 * Text helpers outside the request bodies, which Bean Validation checks (see
 * {@link NoControlCharacters}, {@link TextLength}, {@code ValidationMessages.properties}): the
 * headers ({@code Idempotency-Key}) and the stored form of a checked value.
 */
public final class TextRules {

  public static final String REQUIRED = "Обязательное поле";
  public static final String CONTROL_CHARACTERS = "Содержит управляющие символы";

  private TextRules() {}

  /** The value without surrounding blanks, as it is stored; null when absent or blank. */
  public static String stripped(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public static boolean hasControlCharacters(String value, boolean multiline) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
        continue;
      }
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** «Не длиннее 254 символов» with the right Russian plural. */
  public static String tooLong(int maxLength) {
    return "Не длиннее " + maxLength + " " + plural(maxLength, "символа", "символов", "символов");
  }

  /** Russian plural after a number: 1 элемента / 2 элементов / 5 элементов (genitive after «не длиннее»). */
  public static String plural(int n, String one, String few, String many) {
    int lastTwo = n % 100;
    int last = n % 10;
    if (last == 1 && lastTwo != 11) {
      return one;
    }
    if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) {
      return few;
    }
    return many;
  }
}
