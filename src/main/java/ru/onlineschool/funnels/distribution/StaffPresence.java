package ru.onlineschool.funnels.distribution;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.StaffActivity;
import ru.onlineschool.funnels.calendar.WorkingHours;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.config.LatestDecision;

/**
 * Who is at work now (seed 003 «Smart-распределение»: «те, кто сейчас находится в системе и
 * готов»): an employee who has not marked himself «Нет на месте» ({@code staff_presence}) and,
 * by the table «Кто на работе» ({@code bpmn/staff-presence.dmn}), is inside the school's working
 * hours and made a request to Tasklist or {@code /api} within the table's period ({@code
 * staff_activity}). The last two are the automatic rules; the property {@code
 * school.presence.automatic} switches them off where nobody signs in (the demo, the tests).
 *
 * <p>Activity costs at most one row write per employee and minute: {@link #seen} remembers in
 * memory when it last wrote for whom.
 */
@Component
public class StaffPresence implements StaffActivity {

  static final String DECISION = "staff-presence";
  /** How often at most one employee's activity is written. */
  static final Duration SEEN_EVERY = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(StaffPresence.class);

  /** The table «Кто на работе»: the working-hours rule, and the period without activity (null: none). */
  public record Rules(boolean workingHoursOnly, Duration inactivityLimit) {}

  /**
   * One employee now: his own mark, whether he is at work, and if not why, in Russian («Отмечено
   * «Нет на месте»», «Вне рабочего времени школы (09:00–21:00)», «Нет действий в Tasklist больше 30 мин»).
   */
  public record State(String userId, boolean present, boolean atWork, String reason) {}

  private final JdbcTemplate jdbc;
  private final WorkingTime workingTime;
  private final LatestDecision<Rules> table;
  private final Map<String, Instant> written = new ConcurrentHashMap<>();
  private volatile boolean automatic;

  StaffPresence(
      JdbcTemplate jdbc,
      WorkingTime workingTime,
      @Lazy ProcessEngineConfigurationImpl engine,
      @Value("${school.presence.automatic:true}") boolean automatic) {
    this.jdbc = jdbc;
    this.workingTime = workingTime;
    this.table = new LatestDecision<>(engine, DECISION, t -> rules(t.evaluate(Map.of())));
    this.automatic = automatic;
  }

  /** Whether the working-hours and activity rules apply (property {@code school.presence.automatic}). */
  public boolean automatic() {
    return automatic;
  }

  /** Switches the automatic rules on or off until the next start (tests of those rules switch them on). */
  public void setAutomatic(boolean automatic) {
    this.automatic = automatic;
  }

  /** The table «Кто на работе» as deployed now. */
  public Rules rules() {
    return table.current();
  }

  /** Each of the users now, in the given order. */
  public Map<String, State> states(Collection<String> users, Instant now) {
    Map<String, Boolean> marks = new HashMap<>();
    jdbc.query("SELECT user_id, present FROM staff_presence", rs -> {
      marks.put(rs.getString(1), rs.getBoolean(2));
    });
    Map<String, Instant> seen = new HashMap<>();
    Rules rules = null;
    boolean inHours = true;
    if (automatic) {
      rules = rules();
      inHours = !rules.workingHoursOnly() || workingTime.isWorkingTime(now);
      if (rules.inactivityLimit() != null) {
        jdbc.query("SELECT user_id, last_seen_at FROM staff_activity", rs -> {
          seen.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        });
      }
    }
    Map<String, State> states = new LinkedHashMap<>();
    for (String user : users) {
      boolean present = marks.getOrDefault(user, true);
      String reason = null;
      if (!present) {
        reason = "Отмечено «Нет на месте»";
      } else if (!inHours) {
        WorkingHours hours = workingTime.hours();
        reason = "Вне рабочего времени школы (" + hours.start() + "–" + hours.end() + ")";
      } else if (rules != null && rules.inactivityLimit() != null) {
        Instant last = seen.get(user);
        if (last == null || !now.isBefore(last.plus(rules.inactivityLimit()))) {
          reason = "Нет действий в Tasklist больше " + duration(rules.inactivityLimit());
        }
      }
      states.put(user, new State(user, present, reason == null, reason));
    }
    return states;
  }

  public State state(String user, Instant now) {
    return states(java.util.List.of(user), now).get(user);
  }

  /** Sets the employee's own mark «На месте» (true) or «Нет на месте» (false). */
  public void mark(String userId, boolean present, String changedBy, Instant at) {
    OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
    int updated =
        jdbc.update("UPDATE staff_presence SET present = ?, changed_at = ?, changed_by = ? WHERE user_id = ?", present, when, changedBy, userId);
    if (updated == 0) {
      try {
        jdbc.update("INSERT INTO staff_presence (user_id, present, changed_at, changed_by) VALUES (?, ?, ?, ?)", userId, present, when, changedBy);
      } catch (DuplicateKeyException e) {
        // Two first marks at once: the later write wins, as an update would.
        jdbc.update("UPDATE staff_presence SET present = ?, changed_at = ?, changed_by = ? WHERE user_id = ?", present, when, changedBy, userId);
      }
    }
  }

  /**
   * The employee made a request now. Written at most once a {@link #SEEN_EVERY} per employee and
   * application node (the period of the table is far longer); a failed write is only logged: the
   * request itself must not fail for it.
   */
  @Override
  public void seen(String userId) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Instant last = written.get(userId);
    if (last != null && !now.isBefore(last) && now.isBefore(last.plus(SEEN_EVERY))) {
      return;
    }
    written.put(userId, now);
    OffsetDateTime when = now.atOffset(ZoneOffset.UTC);
    try {
      if (jdbc.update("UPDATE staff_activity SET last_seen_at = ? WHERE user_id = ?", when, userId) == 0) {
        try {
          jdbc.update("INSERT INTO staff_activity (user_id, last_seen_at) VALUES (?, ?)", userId, when);
        } catch (DuplicateKeyException e) {
          jdbc.update("UPDATE staff_activity SET last_seen_at = ? WHERE user_id = ?", when, userId);
        }
      }
    } catch (DataAccessException e) {
      written.remove(userId);
      log.warn("Не удалось записать время последнего действия {}: {}", userId, e.getMessage());
    }
  }

  /** «30 мин», «1 ч», «1 ч 30 мин», «45 с». */
  static String duration(Duration period) {
    long hours = period.toHours();
    long minutes = period.toMinutesPart();
    if (hours == 0 && minutes == 0) {
      return period.toSeconds() + " с";
    }
    return ((hours > 0 ? hours + " ч" : "") + (hours > 0 && minutes > 0 ? " " : "") + (minutes > 0 ? minutes + " мин" : "")).trim();
  }

  private static Rules rules(DmnDecisionResult result) {
    if (result.isEmpty()) {
      throw new IllegalStateException("В таблице «Кто на работе» нет строки");
    }
    Map<String, Object> row = result.getFirstResult().getEntryMap();
    Object hoursOnly = row.get("workingHoursOnly");
    if (!(hoursOnly instanceof Boolean)) {
      throw new IllegalStateException("В таблице «Кто на работе» «Только в рабочее время школы» должно быть true или false, а не «" + hoursOnly + "»");
    }
    Object limit = row.get("inactivityLimit");
    Duration period = null;
    if (limit != null && !String.valueOf(limit).isBlank()) {
      try {
        period = Duration.parse(String.valueOf(limit).strip());
      } catch (DateTimeParseException e) {
        throw new IllegalStateException(
            "В таблице «Кто на работе» время без действий должно быть длительностью ISO-8601 (например, PT30M), а не «" + limit + "»", e);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalStateException("В таблице «Кто на работе» время без действий должно быть больше нуля, а не «" + limit + "»");
      }
    }
    return new Rules((Boolean) hoursOnly, period);
  }
}
