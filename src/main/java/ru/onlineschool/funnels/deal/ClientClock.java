package ru.onlineschool.funnels.deal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.CallSlot;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;
import ru.onlineschool.funnels.calendar.WorkingTime;

/**
 * The client's clock for the deal's planners (bean {@code clientClock}): his time zone and the time
 * he said suits him, as the contact keeps them, and the moment of a call that fits both and the
 * school's working hours ({@link WorkingTime#fit}). Times are shown on both clocks when the client
 * lives by another: «06.03 09:00 по Москве (16:00 у клиента, Владивосток)».
 */
@Component("clientClock")
public class ClientClock {

  /** A call fitted to the client's time: when, whether his time was kept, and the moment as shown. */
  public record PlannedCall(Instant at, boolean clientTimeKept, String shown) {}

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM HH:mm");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final JdbcTemplate jdbc;
  private final WorkingTime workingTime;
  private final TimeZoneCatalog zones = TimeZoneCatalog.russia();

  public ClientClock(JdbcTemplate jdbc, WorkingTime workingTime) {
    this.jdbc = jdbc;
    this.workingTime = workingTime;
  }

  /** The client of the deal's time; {@link ClientTime#UNKNOWN} when he said nothing or the deal is unknown. */
  public ClientTime ofDeal(long dealId) {
    List<ClientTime> found =
        jdbc.query(
            "SELECT c.time_zone, c.convenient_from, c.convenient_to FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
            (rs, row) -> clientTime(rs.getString(1), rs.getString(2), rs.getString(3)),
            dealId);
    return found.isEmpty() ? ClientTime.UNKNOWN : found.get(0);
  }

  /** The stored columns as a client's time; a zone that is no longer valid counts as none. */
  public static ClientTime clientTime(String zone, String from, String to) {
    ZoneId id = null;
    if (zone != null && !zone.isBlank()) {
      try {
        id = ZoneId.of(zone.strip());
      } catch (java.time.DateTimeException unknown) {
        id = null;
      }
    }
    return new ClientTime(id, time(from), time(to));
  }

  private static LocalTime time(String text) {
    return text == null || text.isBlank() ? null : LocalTime.parse(text.strip());
  }

  /** The first moment from {@code earliest} on that suits the deal's client and the school. */
  public PlannedCall plan(long dealId, Instant earliest) {
    ClientTime client = ofDeal(dealId);
    CallSlot slot = workingTime.fit(earliest, client);
    return new PlannedCall(slot.at(), slot.clientTimeKept(), shown(slot.at(), client.zone()));
  }

  /**
   * For the models: now plus the delay in working time, moved to the first moment that suits the
   * deal's client — the due date or timer of a call or a message to him, e.g. {@code
   * ${clientClock.after(execution, 'PT4H')}} where today {@code ${workingTime.after('PT4H')}} stands.
   */
  public Date after(DelegateExecution execution, String isoDelay) {
    return Date.from(plan(DealContext.dealId(execution), workingTime.plus(DealContext.now(), isoDelay)).at());
  }

  /**
   * For the models: the timer cycle of {@code times} daily reminders, the first a day from now moved
   * into the client's time and the school's hours, the others at the same time on the following
   * days (a time of day that suits the client once suits him every day): {@code
   * ${clientClock.dailyCycle(execution, 3)}} gives «R2/2030-03-07T09:00+03:00/P1D». The engine
   * fires a cycle with a start at the start and then once per repetition, hence {@code times - 1}.
   */
  public String dailyCycle(DelegateExecution execution, int times) {
    if (times < 2) {
      throw new IllegalArgumentException("Ежедневных напоминаний должно быть хотя бы два, а не " + times + ": для одного поставьте таймер с датой");
    }
    Instant first = plan(DealContext.dealId(execution), DealContext.now().plus(Duration.ofDays(1))).at();
    return "R" + (times - 1) + "/" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(first.atZone(workingTime.zone())) + "/P1D";
  }

  /** Whether a call at exactly this moment suits the deal's client and the school. */
  public boolean suits(long dealId, Instant at) {
    return workingTime.suits(at, ofDeal(dealId));
  }

  /** «06.03 09:00», and the client's clock after it when he lives by another. */
  public String shown(Instant at, ZoneId clientZone) {
    return SHOWN.format(at.atZone(workingTime.zone())) + both(at, clientZone);
  }

  /**
   * « по Москве (16:00 у клиента, Владивосток)» when the client's clock differs from the school's at
   * that moment (with his date if his day is another), else nothing.
   */
  public String both(Instant at, ZoneId clientZone) {
    ZoneId school = workingTime.zone();
    if (clientZone == null || TimeZoneCatalog.sameClock(school, clientZone, at)) {
      return "";
    }
    ZonedDateTime his = at.atZone(clientZone);
    boolean otherDay = !his.toLocalDate().equals(at.atZone(school).toLocalDate());
    return " " + zones.schoolClock(school) + " (" + (otherDay ? SHOWN : TIME).format(his) + " у клиента, " + zones.name(clientZone) + ")";
  }

  /** The client's window as the card and the history name it: «с 18:00», «до 12:00», «с 10:00 до 12:00», or null. */
  public static String windowText(ClientTime time) {
    return windowText(time.from(), time.to());
  }

  public static String windowText(LocalTime from, LocalTime to) {
    if (from == null && to == null) {
      return null;
    }
    return ((from == null ? "" : "с " + TIME.format(from)) + (from != null && to != null ? " " : "") + (to == null ? "" : "до " + TIME.format(to)));
  }
}
