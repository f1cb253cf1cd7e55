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

  /**
   * The first moment at or after {@code earliest} that lies in the school's working hours, in the
   * client's hours by his own clock (the table's «Звонить клиенту с … до …», 09:00–21:00 as
   * shipped) and in the window he named. Every planned call and client message goes through here,
   * so a planner cannot forget the client's clock. When no moment of the school's hours fits the
   * window (a client in Vladivostok who wants calls «до 10:00»), the window gives way first, then
   * the client's hours: the school's hours win, and the slot says the client's time was not kept.
   */
  public CallSlot fit(Instant earliest, ClientTime client) {
    WorkingHours hours = this.hours.get();
    ZonedDateTime from = normalise(earliest.atZone(zone), hours);
    ClientTime known = client == null ? ClientTime.UNKNOWN : client;
    ZoneId clientZone = known.zoneOr(zone);
    LocalTime lo = hours.clientFrom();
    LocalTime hi = hours.clientTo();
    LocalTime windowFrom = known.from() != null && known.from().isAfter(lo) ? known.from() : lo;
    LocalTime windowTo = known.to() != null && known.to().isBefore(hi) ? known.to() : hi;
    if (windowFrom.isBefore(windowTo)) {
      Instant kept = firstFit(from, hours, clientZone, windowFrom, windowTo);
      if (kept != null) {
        return new CallSlot(kept, true);
      }
    }
    Instant inHisHours = known.hasWindow() ? firstFit(from, hours, clientZone, lo, hi) : null;
    return new CallSlot(inHisHours != null ? inHisHours : from.toInstant(), false);
  }

  /** Whether a call at this very moment keeps the school's hours and the client's time. */
  public boolean suits(Instant at, ClientTime client) {
    CallSlot slot = fit(at, client);
    return slot.clientTimeKept() && slot.at().equals(at);
  }

  /**
   * The earliest moment from {@code from} on, within this school working day or the next two, when
   * the school works and the client's clock shows a time in [{@code lo}, {@code hi}); null if none.
   */
  private Instant firstFit(ZonedDateTime from, WorkingHours hours, ZoneId clientZone, LocalTime lo, LocalTime hi) {
    for (int i = 0; i < 3; i++) {
      LocalDate day = from.toLocalDate().plusDays(i);
      ZonedDateTime schoolStart = i == 0 ? from : day.atTime(hours.start()).atZone(zone);
      ZonedDateTime schoolEnd = day.atTime(hours.end()).atZone(zone);
      if (!schoolStart.isBefore(schoolEnd)) {
        continue;
      }
      Instant best = null;
      LocalDate firstClientDay = schoolStart.withZoneSameInstant(clientZone).toLocalDate().minusDays(1);
      LocalDate lastClientDay = schoolEnd.withZoneSameInstant(clientZone).toLocalDate().plusDays(1);
      for (LocalDate clientDay = firstClientDay; !clientDay.isAfter(lastClientDay); clientDay = clientDay.plusDays(1)) {
        Instant start = max(schoolStart.toInstant(), clientDay.atTime(lo).atZone(clientZone).toInstant());
        Instant end = min(schoolEnd.toInstant(), clientDay.atTime(hi).atZone(clientZone).toInstant());
        if (start.isBefore(end) && (best == null || start.isBefore(best))) {
          best = start;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
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
