package ru.onlineschool.funnels.api;

import java.util.regex.Pattern;

/** Parses a whole number written in decimal digits, optionally with a minus; anything else is refused. */
final class StrictNumbers {

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

  private StrictNumbers() {}

  static Long parseLong(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException("not a decimal whole number");
    }
    return Long.valueOf(text);
  }
}
