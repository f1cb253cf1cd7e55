package ru.onlineschool.funnels.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * Date arithmetic for timers and due dates in the models (bean {@code dates}): dates that
 * forms submit as text («2026-12-01», «2026-12-01T15:00+03:00») become moments.
 */
@Component("dates")
public class Dates {

  private final WorkingTime workingTime;

  public Dates(WorkingTime workingTime) {
    this.workingTime = workingTime;
  }

  /** The moment a form value stands for; a bare date means «by the end of that day». */
  public Date parse(Object value) {
    return Date.from(instant(value));
  }

  public Date plus(Object value, String isoDuration) {
    return Date.from(instant(value).plus(Duration.parse(isoDuration)));
  }

  public Date minus(Object value, String isoDuration) {
    return Date.from(instant(value).minus(Duration.parse(isoDuration)));
  }

  /** Reads a date, a date with time and offset, or a local date-time in the school's zone. */
  public Instant instant(Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("Дата не указана");
    }
    String text = value.toString().trim();
    try {
      if (text.length() == 10) {
        // «Pay by 1 December» is kept until the next working morning.
        LocalDate day = LocalDate.parse(text);
        return workingTime.normalise(day.plusDays(1).atStartOfDay(workingTime.zone())).toInstant();
      }
      if (text.matches(".*([+-]\\d\\d:?\\d\\d|Z)$")) {
        return OffsetDateTime.parse(normaliseOffset(text)).toInstant();
      }
      return LocalDateTime.parse(text).atZone(workingTime.zone()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Не удалось прочитать дату «" + text + "»", e);
    }
  }

  private static String normaliseOffset(String text) {
    // form-js writes offsets as +0300 in some browsers; java.time wants +03:00.
    return text.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
  }
}
