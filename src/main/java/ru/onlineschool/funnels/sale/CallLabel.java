package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The regulation's call label «день N зв M (вечером)» (seed 000 §2.1): M is the number of
 * the planned call, N counts the days on which calls were made, not calendar days since the
 * lead; «(вечером)» marks a call planned for the evening.
 */
public record CallLabel(int day, int call, boolean evening) {

  /**
   * The label of the next call.
   *
   * @param callDays the school dates on which calls were already made, as stored in the
   *     process variable {@code callDays} («2026-11-26,2026-11-27»)
   * @param failedCalls calls made so far without reaching the client
   * @param plannedAt when the next call is planned
   */
  public static CallLabel next(String callDays, int failedCalls, Instant plannedAt, ZoneId zone, LocalTime eveningFrom) {
    Set<LocalDate> days = parseDays(callDays);
    days.add(plannedAt.atZone(zone).toLocalDate());
    boolean evening = !plannedAt.atZone(zone).toLocalTime().isBefore(eveningFrom);
    return new CallLabel(days.size(), failedCalls + 1, evening);
  }

  /**
   * The label of a call the client asked for (seed 000 §2.3): the call the client answered keeps
   * its number and day, without «(вечером)», whenever the call-back falls.
   *
   * @param answeredOn the school date of the call the client answered
   */
  public static CallLabel callBack(String callDays, int failedCalls, LocalDate answeredOn) {
    Set<LocalDate> days = parseDays(callDays);
    days.add(answeredOn);
    return new CallLabel(days.size(), failedCalls + 1, false);
  }

  /** Adds a day to the stored list of call days. */
  public static String withDay(String callDays, LocalDate day) {
    Set<LocalDate> days = parseDays(callDays);
    days.add(day);
    return days.stream().sorted().map(LocalDate::toString).collect(Collectors.joining(","));
  }

  private static Set<LocalDate> parseDays(String callDays) {
    Set<LocalDate> days = new LinkedHashSet<>();
    if (callDays != null && !callDays.isBlank()) {
      Arrays.stream(callDays.split(",")).map(String::trim).map(LocalDate::parse).forEach(days::add);
    }
    return days;
  }

  @Override
  public String toString() {
    return "день " + day + " зв " + call + (evening ? " (вечером)" : "");
  }
}
