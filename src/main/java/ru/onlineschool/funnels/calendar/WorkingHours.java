package ru.onlineschool.funnels.calendar;

import java.time.LocalTime;

/**
 * The school's working hours (every day, in the school's zone) and from when a call counts as an
 * evening call for the label «(вечером)»; the row of the table «Рабочее время школы».
 */
public record WorkingHours(LocalTime start, LocalTime end, LocalTime eveningFrom) {

  public WorkingHours {
    if (start == null || end == null || eveningFrom == null) {
      throw new IllegalArgumentException("Рабочее время школы: укажите начало и конец рабочего дня и начало вечерних звонков");
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("Рабочее время школы: начало рабочего дня (" + start + ") должно быть раньше конца (" + end + ")");
    }
  }
}
