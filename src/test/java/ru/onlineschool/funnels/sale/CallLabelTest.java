package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The label «день N зв M (вечером)» as seed 000 §2.1 defines it. */
class CallLabelTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  static final LocalTime EVENING = LocalTime.of(15, 0);

  static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  @Test
  void afterAMorningMissTheEveningCallIsDayOneCallTwo() {
    String days = CallLabel.withDay(null, LocalDate.parse("2026-11-26"));

    assertThat(CallLabel.next(days, 1, at("2026-11-26T18:00"), MOSCOW, EVENING)).hasToString("день 1 зв 2 (вечером)");
  }

  @Test
  void afterAnAfternoonMissTheNextCallIsTomorrowDayTwo() {
    String days = CallLabel.withDay(null, LocalDate.parse("2026-11-26"));

    assertThat(CallLabel.next(days, 1, at("2026-11-27T10:00"), MOSCOW, EVENING)).hasToString("день 2 зв 2");
  }

  @Test
  void daysWithoutCallsDoNotCount() {
    String days = CallLabel.withDay(CallLabel.withDay(null, LocalDate.parse("2026-11-26")), LocalDate.parse("2026-11-27"));

    // Nobody called on the 28th: the call on the 30th is still only the third day with calls.
    assertThat(CallLabel.next(days, 4, at("2026-11-30T19:00"), MOSCOW, EVENING)).hasToString("день 3 зв 5 (вечером)");
  }

  @Test
  void aDayIsStoredOnce() {
    String days = CallLabel.withDay(CallLabel.withDay(null, LocalDate.parse("2026-11-26")), LocalDate.parse("2026-11-26"));

    assertThat(days).isEqualTo("2026-11-26");
  }

  @Test
  void aCallBackKeepsTheDayAndNumberOfTheAnsweredCallWithoutEvening() {
    String days = CallLabel.withDay(CallLabel.withDay(null, LocalDate.parse("2026-11-26")), LocalDate.parse("2026-11-27"));

    // «день 2 зв 4 (вечером)» answered on the 27th, the client asks for tomorrow: still «день 2 зв 4».
    assertThat(CallLabel.callBack(days, 3, LocalDate.parse("2026-11-27"))).hasToString("день 2 зв 4");
    // The first call answered with a request to call later: «день 1 зв 1».
    assertThat(CallLabel.callBack(null, 0, LocalDate.parse("2026-11-26"))).hasToString("день 1 зв 1");
  }
}
