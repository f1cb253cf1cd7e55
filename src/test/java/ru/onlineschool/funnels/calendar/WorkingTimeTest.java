package ru.onlineschool.funnels.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class WorkingTimeTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  static WorkingTime nineToNine() {
    return new WorkingTime(MOSCOW, new WorkingHours(LocalTime.of(9, 0), LocalTime.of(21, 0), LocalTime.of(15, 0)));
  }

  static Instant moscow(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), MOSCOW).toInstant();
  }

  private final WorkingTime time = nineToNine();

  @Test
  void threeHoursAskedForAtEightInTheEveningFallAtElevenNextMorning() {
    assertThat(time.plus(moscow("2026-11-26T20:00"), "PT3H")).isEqualTo(moscow("2026-11-27T11:00"));
  }

  @Test
  void aDelayInsideTheWorkingDayStaysThatDay() {
    assertThat(time.plus(moscow("2026-11-26T10:00"), "PT3H")).isEqualTo(moscow("2026-11-26T13:00"));
  }

  @Test
  void aDelayEndingExactlyAtClosingTimeIsKeptThatDay() {
    assertThat(time.plus(moscow("2026-11-26T18:00"), "PT3H")).isEqualTo(moscow("2026-11-26T21:00"));
  }

  @Test
  void aRequestAtNightStartsCountingNextMorning() {
    assertThat(time.plus(moscow("2026-11-26T23:30"), "PT15M")).isEqualTo(moscow("2026-11-27T09:15"));
    assertThat(time.plus(moscow("2026-11-27T06:00"), "PT2H")).isEqualTo(moscow("2026-11-27T11:00"));
  }

  @Test
  void aDayIsACalendarDayKeptInsideWorkingHours() {
    assertThat(time.plus(moscow("2026-11-26T14:00"), "P1D")).isEqualTo(moscow("2026-11-27T14:00"));
    assertThat(time.plus(moscow("2026-11-26T22:00"), "P1D")).isEqualTo(moscow("2026-11-28T09:00"));
  }

  @Test
  void theNextEveningSlotIsTodayWhenStillAheadElseTomorrow() {
    assertThat(time.nextAt(moscow("2026-11-26T11:00"), LocalTime.of(18, 0))).isEqualTo(moscow("2026-11-26T18:00"));
    assertThat(time.nextAt(moscow("2026-11-26T19:00"), LocalTime.of(18, 0))).isEqualTo(moscow("2026-11-27T18:00"));
  }

  @Test
  void aDelayThatIsNotIsoIsRefusedWithARussianMessage() {
    assertThatThrownBy(() -> time.plus(moscow("2026-11-26T10:00"), "3 часа"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8601");
  }
}
