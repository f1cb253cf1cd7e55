package ru.onlineschool.funnels.calendar;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When a client may be called by his own clock: his time zone (null — the school's) and the time
 * he said suits him, «с» {@code from} «до» {@code to}, each optional («звонить после 18:00» is a
 * {@code from} alone).
 */
public record ClientTime(ZoneId zone, LocalTime from, LocalTime to) {

  /** A client who said nothing: the school's zone, no window. */
  public static final ClientTime UNKNOWN = new ClientTime(null, null, null);

  /** The client's zone, the school's when he has none. */
  public ZoneId zoneOr(ZoneId school) {
    return zone == null ? school : zone;
  }

  public boolean hasWindow() {
    return from != null || to != null;
  }
}
