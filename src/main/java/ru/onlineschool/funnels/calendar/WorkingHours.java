package ru.onlineschool.funnels.calendar;

import java.time.LocalTime;

/**
 * The school's working hours (every day, in the school's zone), from when a call counts as an
 * evening call for the label «(вечером)», and the hours in which a client may be called by his own
 * clock ({@code clientFrom}–{@code clientTo}, 09:00–21:00 as shipped); the row of the table «Рабочее
 * время школы».
 */
public record WorkingHours(LocalTime start, LocalTime end, LocalTime eveningFrom, LocalTime clientFrom, LocalTime clientTo) {

  /** The client's hours as shipped, when the table does not name them. */
  public static final LocalTime CLIENT_FROM = LocalTime.of(9, 0);
  public static final LocalTime CLIENT_TO = LocalTime.of(21, 0);

  public WorkingHours {
    if (start == null || end == null || eveningFrom == null) {
      throw new IllegalArgumentException("Рабочее время школы: укажите начало и конец рабочего дня и начало вечерних звонков");
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("Рабочее время школы: начало рабочего дня (" + start + ") должно быть раньше конца (" + end + ")");
    }
    clientFrom = clientFrom == null ? CLIENT_FROM : clientFrom;
    clientTo = clientTo == null ? CLIENT_TO : clientTo;
    if (!clientFrom.isBefore(clientTo)) {
      throw new IllegalArgumentException(
          "Рабочее время школы: «Звонить клиенту с» (" + clientFrom + ") должно быть раньше «Звонить клиенту до» (" + clientTo + ")");
    }
  }

  /** The school's hours with the client's shipped 09:00–21:00. */
  public WorkingHours(LocalTime start, LocalTime end, LocalTime eveningFrom) {
    this(start, end, eveningFrom, CLIENT_FROM, CLIENT_TO);
  }
}
