package ru.onlineschool.funnels.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;

/**
 * Course dates for the timers of «Ведение курса» (bean {@code courseCalendar}). A course date
 * is a day in the school's time zone; things that happen «on a day» happen at the start of that
 * day's working hours. The offsets (2 days before, once a month) stay in the model.
 */
@Component("courseCalendar")
public class CourseCalendar {

  private final WorkingTime workingTime;

  public CourseCalendar(WorkingTime workingTime) {
    this.workingTime = workingTime;
  }

  /** The morning {@code days} days before the start date; a moment already past fires at once. */
  public Date daysBeforeStart(Object startDate, long days) {
    return Date.from(morningOf(day(startDate).minusDays(days)));
  }

  /** By the start morning, but never sooner than {@code isoDelay} of working time from now. */
  public Date beforeStartAtLeast(Object startDate, String isoDelay) {
    Instant start = morningOf(day(startDate));
    Instant earliest = workingTime.plus(DealContext.now(), isoDelay);
    return Date.from(start.isAfter(earliest) ? start : earliest);
  }

  /** The first of start + 1, 2, 3 … periods (mornings) that is still ahead. */
  public Date nextFromStart(Object startDate, String isoPeriod) {
    LocalDate start = day(startDate);
    Period period = Period.parse(isoPeriod);
    Instant now = DealContext.now();
    for (int n = 1; ; n++) {
      Instant candidate = morningOf(start.plus(period.multipliedBy(n)));
      if (candidate.isAfter(now)) {
        return Date.from(candidate);
      }
    }
  }

  /** The morning after the day: a course that ends on a day is over the next morning. */
  public Date dayAfter(Object date) {
    return Date.from(morningOf(day(date).plusDays(1)));
  }

  /** Reads a course date: an ISO date (also the date part of a date-time) or a {@link Date}. */
  public LocalDate day(Object value) {
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof Date date) {
      return workingTime.schoolDate(date.toInstant());
    }
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("Дата курса не указана");
    }
    String text = value.toString().trim();
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Не удалось прочитать дату курса «" + text + "»", e);
    }
  }

  private Instant morningOf(LocalDate day) {
    return workingTime.normalise(day.atStartOfDay(workingTime.zone())).toInstant();
  }
}
