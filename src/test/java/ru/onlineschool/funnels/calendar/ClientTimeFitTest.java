package ru.onlineschool.funnels.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.onlineschool.funnels.calendar.WorkingTimeTest.MOSCOW;
import static ru.onlineschool.funnels.calendar.WorkingTimeTest.moscow;

import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkingTime#fit}: the one calculation every planned call goes through — the school's
 * hours (09:00–21:00 Moscow), the client's own 09:00–21:00 by his clock, and the window he named.
 */
class ClientTimeFitTest {

  static final ZoneId VLADIVOSTOK = ZoneId.of("Asia/Vladivostok");
  static final ZoneId KALININGRAD = ZoneId.of("Europe/Kaliningrad");

  private final WorkingTime time = WorkingTimeTest.nineToNine();

  @Test
  void aClientWhoSaidNothingIsCalledInTheSchoolsHours() {
    assertThat(time.fit(moscow("2030-03-05T15:00"), ClientTime.UNKNOWN)).isEqualTo(new CallSlot(moscow("2030-03-05T15:00"), true));
    assertThat(time.fit(moscow("2030-03-05T22:00"), null)).isEqualTo(new CallSlot(moscow("2030-03-06T09:00"), true));
  }

  @Test
  void tenAtNightForTheClientMovesToTheFirstSchoolHourOfHisDay() {
    ClientTime vladivostok = new ClientTime(VLADIVOSTOK, null, null);

    // 15:00 Moscow is 22:00 in Vladivostok; his 09:00 is 02:00 Moscow, the school opens at 09:00 (16:00 his).
    assertThat(time.fit(moscow("2030-03-05T15:00"), vladivostok)).isEqualTo(new CallSlot(moscow("2030-03-06T09:00"), true));
    assertThat(time.fit(moscow("2030-03-05T13:59"), vladivostok)).isEqualTo(new CallSlot(moscow("2030-03-05T13:59"), true));
  }

  @Test
  void aClientWestOfTheSchoolIsNotCalledBeforeNineHisTime() {
    // 09:00 Moscow is 08:00 in Kaliningrad.
    assertThat(time.fit(moscow("2030-03-05T09:00"), new ClientTime(KALININGRAD, null, null)))
        .isEqualTo(new CallSlot(moscow("2030-03-05T10:00"), true));
  }

  @Test
  void theWindowTheClientNamedIsKeptTheSameDayOrTheNext() {
    ClientTime afterSix = new ClientTime(null, LocalTime.of(18, 0), null);
    ClientTime tenToNoon = new ClientTime(null, LocalTime.of(10, 0), LocalTime.of(12, 0));

    assertThat(time.fit(moscow("2030-03-05T13:00"), afterSix)).isEqualTo(new CallSlot(moscow("2030-03-05T18:00"), true));
    assertThat(time.fit(moscow("2030-03-05T19:30"), afterSix)).isEqualTo(new CallSlot(moscow("2030-03-05T19:30"), true));
    assertThat(time.fit(moscow("2030-03-05T12:00"), tenToNoon)).isEqualTo(new CallSlot(moscow("2030-03-06T10:00"), true));
    assertThat(time.suits(moscow("2030-03-05T11:00"), tenToNoon)).isTrue();
    assertThat(time.suits(moscow("2030-03-05T12:00"), tenToNoon)).isFalse();
  }

  @Test
  void whenTheWindowNeverMeetsTheSchoolsHoursTheSchoolWinsWithinTheClientsDayIfItCan() {
    // «до 10:00» in Vladivostok is 02:00–03:00 Moscow: the school never works then.
    ClientTime earlyInVladivostok = new ClientTime(VLADIVOSTOK, null, LocalTime.of(10, 0));
    assertThat(time.fit(moscow("2030-03-05T10:00"), earlyInVladivostok)).isEqualTo(new CallSlot(moscow("2030-03-05T10:00"), false));
    // Past his 21:00, the call waits for his next day still.
    assertThat(time.fit(moscow("2030-03-05T15:00"), earlyInVladivostok)).isEqualTo(new CallSlot(moscow("2030-03-06T09:00"), false));
  }

  @Test
  void theClientsHoursComeFromTheTableAndMustBeInOrder() {
    WorkingTime tenToEight =
        new WorkingTime(MOSCOW, new WorkingHours(LocalTime.of(9, 0), LocalTime.of(21, 0), LocalTime.of(15, 0), LocalTime.of(10, 0), LocalTime.of(20, 0)));
    assertThat(tenToEight.fit(moscow("2030-03-05T09:00"), ClientTime.UNKNOWN)).isEqualTo(new CallSlot(moscow("2030-03-05T10:00"), true));
    assertThat(tenToEight.fit(moscow("2030-03-05T20:30"), ClientTime.UNKNOWN)).isEqualTo(new CallSlot(moscow("2030-03-06T10:00"), true));
    assertThatThrownBy(() -> new WorkingHours(LocalTime.of(9, 0), LocalTime.of(21, 0), LocalTime.of(15, 0), LocalTime.of(21, 0), LocalTime.of(9, 0)))
        .hasMessageContaining("«Звонить клиенту с» (21:00) должно быть раньше «Звонить клиенту до» (09:00)");
  }

  @Test
  void theCatalogNamesZonesAndFindsThemByCityOrRegion() {
    TimeZoneCatalog zones = TimeZoneCatalog.russia();
    assertThat(zones.byId("Asia/Vladivostok")).map(TimeZoneCatalog.Zone::title).contains("Владивосток (UTC+10)");
    assertThat(zones.byId("Europe/Moscow")).map(TimeZoneCatalog.Zone::title).contains("Москва (UTC+3)");
    assertThat(zones.byId("America/New_York")).isEmpty();
    assertThat(zones.ofPlace("г. Екатеринбург")).contains(ZoneId.of("Asia/Yekaterinburg"));
    assertThat(zones.ofPlace("ПРИМОРСКИЙ КРАЙ")).contains(VLADIVOSTOK);
    assertThat(zones.ofPlace("Республика Татарстан")).contains(MOSCOW);
    assertThat(zones.ofPlace("Орел")).contains(MOSCOW);
    assertThat(zones.ofPlace("Урюпинск-на-Марсе")).isEmpty();
    assertThat(zones.all()).hasSize(12);
  }
}
