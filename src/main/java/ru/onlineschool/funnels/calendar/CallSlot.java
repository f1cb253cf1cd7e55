package ru.onlineschool.funnels.calendar;

import java.time.Instant;

/**
 * The moment a call or message is planned for, and whether it keeps the client's time (his
 * 09:00–21:00 and the window he named). {@code clientTimeKept} is false only when no moment of the
 * school's working hours fits the client: the school's hours won.
 */
public record CallSlot(Instant at, boolean clientTimeKept) {

  /** The second line of a task planned outside the client's time. */
  public static final String OUTSIDE_CLIENT_TIME = "вне удобного клиенту времени";
}
