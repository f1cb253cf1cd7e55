package ru.onlineschool.funnels.api;

import java.util.List;

/**
 * Field checks shared by our request bodies: trimming, length limits and control characters,
 * each failure reported per field in Russian. HTML is not touched: it is stored and returned as
 * text, escaping is the job of whoever renders it.
 */
public final class TextRules {

  public static final String REQUIRED = "Обязательное поле";
  public static final String CONTROL_CHARACTERS = "Содержит управляющие символы";

  private TextRules() {}

  /**
   * The trimmed value, or null when absent or blank; records a problem when it is too long or
   * holds control characters (line breaks and tabs allowed only where {@code multiline}).
   */
  public static String optional(String value, String field, int maxLength, boolean multiline, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    if (hasControlCharacters(trimmed, multiline)) {
      problems.add(new FieldProblem(field, CONTROL_CHARACTERS));
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
      problems.add(new FieldProblem(field, tooLong(maxLength)));
      return null;
    }
    return trimmed;
  }

  /** Like {@link #optional}, and absent or blank is a problem too. */
  public static String required(String value, String field, int maxLength, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, REQUIRED));
      return null;
    }
    return optional(value, field, maxLength, false, problems);
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
