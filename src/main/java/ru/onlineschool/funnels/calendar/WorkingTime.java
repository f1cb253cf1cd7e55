package ru.onlineschool.funnels.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;

/**
 * The school's working-time calendar (bean {@code workingTime} in the models). A delay such
 * as {@code PT3H} or {@code P1D} counts its days as calendar days and its hours as working
 * hours: 3 hours asked for at 20:00 with hours 09:00–21:00 fall at 11:00 the next day. The hours
 * are the table «Рабочее время школы» ({@code bpmn/working-hours.dmn}).
 */
@Component("workingTime")
public class WorkingTime {

  private final ZoneId zone;
  private final Supplier<WorkingHours> hours;

  @Autowired
  WorkingTime(SchoolProperties properties, WorkingHoursTable table) {
    this(properties.timeZone(), table::current);
  }

  /** Working time with the given hours (tests). */
  public WorkingTime(ZoneId zone, WorkingHours hours) {
    this(zone, () -> hours);
  }

  private WorkingTime(ZoneId zone, Supplier<WorkingHours> hours) {
    this.zone = zone;
    this.hours = hours;
  }

  /** From when a call counts as an evening call, for the label «(вечером)». */
  public LocalTime eveningFrom() {
    return hours.get().eveningFrom();
  }

  /** The school's working hours as the table «Рабочее время школы» gives them now. */
  public WorkingHours hours() {
    return hours.get();
  }

  /** Whether the moment lies in the school's working hours (its start included, its end not). */
  public boolean isWorkingTime(Instant at) {
    LocalTime time = at.atZone(zone).toLocalTime();
    WorkingHours current = hours.get();
    return !time.isBefore(current.start()) && time.isBefore(current.end());
  }

  /** Now plus the delay in working time; used in timers and due dates of the models. */
  public Date after(String isoDelay) {
    return Date.from(plus(now(), isoDelay));
  }

  /**
   * A moment the process holds plus the delay in working time; used in due dates of the models,
   * e.g. {@code ${workingTime.afterMoment(recallAt, 'PT1H')}}: an hour to make a planned call.
   */
  public Date afterMoment(Date from, String isoDelay) {
    return Date.from(plus(from.toInstant(), isoDelay));
  }

  /** The moment plus the delay in working time. */
  public Instant plus(Instant from, String isoDelay) {
    Delay delay = Delay.parse(isoDelay);
    WorkingHours hours = this.hours.get();
    LocalTime start = hours.start();
    LocalTime end = hours.end();
    ZonedDateTime at = normalise(from.atZone(zone), hours);
    if (!delay.days().isZero()) {
      at = normalise(at.plus(delay.days()), hours);
    }
    long seconds = delay.time().getSeconds();
    while (seconds > 0) {
      ZonedDateTime dayEnd = at.with(end);
      long left = Duration.between(at, dayEnd).getSeconds();
      if (seconds < left || (seconds == left && left > 0)) {
        return at.plusSeconds(seconds).toInstant();
      }
      seconds -= left;
      at = at.toLocalDate().plusDays(1).atTime(start).atZone(zone);
    }
    return at.toInstant();
  }

  /**
   * The first moment at or after {@code earliest} when the clock in the school shows
   * {@code timeOfDay}, kept inside working hours.
   */
  public Instant nextAt(Instant earliest, LocalTime timeOfDay) {
    WorkingHours hours = this.hours.get();
    ZonedDateTime from = normalise(earliest.atZone(zone), hours);
    ZonedDateTime candidate = from.with(timeOfDay);
    if (candidate.isBefore(from)) {
      candidate = candidate.plusDays(1);
    }
    return normalise(candidate, hours).toInstant();
  }

  /** The moment itself if it lies in working hours, else the start of the next working day. */
  public ZonedDateTime normalise(ZonedDateTime at) {
    return normalise(at, hours.get());
  }

  private ZonedDateTime normalise(ZonedDateTime at, WorkingHours hours) {
    LocalTime time = at.toLocalTime();
    if (time.isBefore(hours.start())) {
      return at.with(hours.start()).withNano(0);
    }
    if (!time.isBefore(hours.end())) {
      return at.toLocalDate().plusDays(1).atTime(hours.start()).atZone(zone);
    }
    return at;
  }

  public LocalDate schoolDate(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }

  public ZoneId zone() {
    return zone;
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  /** An ISO-8601 delay split into calendar days and working time. */
  record Delay(Period days, Duration time) {
    static Delay parse(String iso) {
      if (iso == null || iso.isBlank()) {
        return new Delay(Period.ZERO, Duration.ZERO);
      }
      String text = iso.trim().toUpperCase();
      int t = text.indexOf('T');
      String datePart = t < 0 ? text : text.substring(0, t);
      String timePart = t < 0 ? "" : text.substring(t);
      try {
        Period days = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
        Duration time = timePart.isEmpty() ? Duration.ZERO : Duration.parse("P" + timePart);
        if (days.isNegative() || time.isNegative()) {
          throw new IllegalArgumentException("Задержка не может быть отрицательной: " + iso);
        }
        return new Delay(days, time);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "Задержка «" + iso + "» записана не в формате ISO-8601 (например, PT3H или P1D)", e);
      }
    }
  }
}
