package ru.onlineschool.funnels.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phone numbers no other test uses: contacts are unique by phone, and tests share one database.
 * Moscow mobile numbers {@code +7 916 …}, valid for libphonenumber.
 */
public final class TestPhones {

  private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000L, 5_000_000L));

  private TestPhones() {}

  /** E.164, e.g. {@code +79161234567}. */
  public static String unique() {
    return "+7916" + NEXT.incrementAndGet();
  }

  /** The same number as a Russian writes it: {@code 8 916 123-45-67}. */
  public static String russianStyle(String e164) {
    String digits = e164.substring(2);
    return "8 " + digits.substring(0, 3) + " " + digits.substring(3, 6) + "-" + digits.substring(6, 8) + "-" + digits.substring(8);
  }
}
