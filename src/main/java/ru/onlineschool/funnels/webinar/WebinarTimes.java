package ru.onlineschool.funnels.webinar;

import java.time.Duration;
import java.util.Date;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.Dates;
import ru.onlineschool.funnels.deal.DealContext;

/**
 * Times of a webinar for the model's expressions (bean {@code webinarTimes}): whether a reminder
 * still lies ahead, and when the attendance is decided.
 */
@Component("webinarTimes")
public class WebinarTimes {

  private final Dates dates;
  private final WebinarProperties properties;

  public WebinarTimes(Dates dates, WebinarProperties properties) {
    this.dates = dates;
    this.properties = properties;
  }

  /** Whether the moment {@code before} ahead of the start is still in the future. */
  public boolean ahead(Object startsAt, String before) {
    return dates.instant(startsAt).minus(Duration.parse(before)).isAfter(DealContext.now());
  }

  /** The end of the webinar plus the grace for the platform's attendance report. */
  public Date attendanceDeadline(Object startsAt, Object durationMinutes) {
    long minutes = durationMinutes == null ? 0 : ((Number) durationMinutes).longValue();
    return Date.from(dates.instant(startsAt).plus(Duration.ofMinutes(minutes)).plus(properties.attendanceGrace()));
  }
}
