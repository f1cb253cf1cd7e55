package ru.onlineschool.funnels.lead;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lead types of the sales regulation (SPEC «Lead types»); the manager's greeting script
 * depends on it. Senders use the exact Russian/English names, in any letter case.
 */
public enum LeadType {
  LANDING("С лендинга курса"),
  INTENTION("Intention"),
  WEBINAR_INTENTION("Webinar-Intention"),
  WEBINAR("С вебинара"),
  REFFECTION("Reffection"),
  RETURNING("Вернувшиеся"),
  PRODUCT_LIVE("Productlive / Analyticslive");

  private final String title;

  LeadType(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  public static Optional<LeadType> byTitle(String name) {
    String wanted = normalise(name);
    return Arrays.stream(values()).filter(type -> normalise(type.title).equals(wanted)).findFirst();
  }

  /** «С лендинга курса, Intention, …» for error messages. */
  public static String allTitles() {
    return Arrays.stream(values()).map(LeadType::title).collect(Collectors.joining(", "));
  }

  private static String normalise(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
