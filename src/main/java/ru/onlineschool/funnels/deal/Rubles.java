package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Money as a Russian reader writes it: «64 900 ₽», «20 000,50 ₽». */
public final class Rubles {

  private Rubles() {}

  public static String format(BigDecimal amount) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("ru-RU"));
    // A plain space, not the no-break one the locale uses: the text is read in forms, mail and logs alike.
    symbols.setGroupingSeparator(' ');
    symbols.setDecimalSeparator(',');
    boolean whole = amount.stripTrailingZeros().scale() <= 0;
    return new DecimalFormat(whole ? "#,##0" : "#,##0.00", symbols).format(amount) + " ₽";
  }

  /** «оплачено 20 000 ₽ из 64 900 ₽». */
  public static String paidOf(BigDecimal paid, BigDecimal budget) {
    return "оплачено " + format(paid) + " из " + format(budget);
  }
}
