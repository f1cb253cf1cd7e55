package ru.onlineschool.funnels.distribution;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.LoginThrottle;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * The widget «Smart-распределение»: a new lead goes to the available manager with the fewest
 * open deals in «Новая заявка»/«Принято в работу»; ties go to whoever got a lead longest ago
 * (round robin). A manager is available unless marked otherwise or locked out by failed logins.
 *
 * <p>Concurrent intakes may pick the same manager at the same moment; we accept that small
 * imbalance rather than serialise every intake on one lock (docs/decisions.md).
 */
@Component
public class SmartDistribution {

  /** Fresh open deals counted per manager at most; beyond it a manager is simply full. */
  static final int LOAD_CAP = 500;

  private final JdbcTemplate jdbc;
  private final IdentityService identity;
  private final LoginThrottle logins;

  public SmartDistribution(JdbcTemplate jdbc, IdentityService identity, LoginThrottle logins) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.logins = logins;
  }

  /** The manager to give the next lead to, or empty when nobody is available. */
  public Optional<String> pickManager(String funnel, Instant now) {
    List<String> candidates = availableManagers(now);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> load = openFreshDeals(funnel, candidates);
    Map<String, Instant> lastAssigned = lastAssigned();
    String chosen =
        candidates.stream()
            .min(
                Comparator.comparing((String user) -> load.getOrDefault(user, 0))
                    .thenComparing(user -> lastAssigned.getOrDefault(user, Instant.EPOCH))
                    .thenComparing(Comparator.naturalOrder()))
            .orElseThrow();
    markAssigned(chosen, now);
    return Optional.of(chosen);
  }

  /**
   * Managers who take leads now: members of {@code managers} not marked unavailable and whose
   * account is not locked by failed logins right now: a new lead waits 15 minutes at most for its
   * first call, and a manager who cannot log in may not make it. The lock ends by itself within
   * minutes, so whoever caused it steers her leads elsewhere for no longer than that.
   */
  public List<String> availableManagers() {
    return availableManagers(ClockUtil.getCurrentTime().toInstant());
  }

  private List<String> availableManagers(Instant now) {
    Map<String, Boolean> marks = new HashMap<>();
    jdbc.query(
        "SELECT user_id, available FROM manager_availability",
        rs -> {
          marks.put(rs.getString(1), rs.getBoolean(2));
        });
    List<String> managers = managers();
    Set<String> locked = logins.lockedAmong(managers, now);
    return managers.stream().filter(user -> marks.getOrDefault(user, true) && !locked.contains(user)).sorted().toList();
  }

  /** Whether the user is a manager and currently takes leads. */
  public boolean isAvailable(String userId) {
    return availableManagers().contains(userId);
  }

  /** Whether the user is a member of the {@code managers} group. */
  public boolean isManager(String userId) {
    return managers().contains(userId);
  }

  /** Marks a manager available or not (sales-heads and admins decide; see the REST API). */
  public void setAvailability(String userId, boolean available, String changedBy, Instant at) {
    int updated =
        jdbc.update(
            "UPDATE manager_availability SET available = ?, updated_at = ?, updated_by = ? WHERE user_id = ?",
            available,
            at.atOffset(ZoneOffset.UTC),
            changedBy,
            userId);
    if (updated == 0) {
      jdbc.update(
          "INSERT INTO manager_availability (user_id, available, updated_at, updated_by) VALUES (?, ?, ?, ?)",
          userId,
          available,
          at.atOffset(ZoneOffset.UTC),
          changedBy);
    }
  }

  private List<String> managers() {
    return identity.createUserQuery().memberOfGroup(SchoolGroup.MANAGERS.id()).list().stream().map(User::getId).toList();
  }

  /**
   * Each candidate's open deals in «Новая заявка»/«Принято в работу», counted up to
   * {@link #LOAD_CAP}: one index range per manager, so the cost of a lead stays the same however
   * many deals the school has (a count grouped over the funnel read every deal it ever had).
   * Managers past the cap are equally overloaded; the round robin decides between them.
   */
  private Map<String, Integer> openFreshDeals(String funnel, List<String> candidates) {
    Map<String, Integer> load = new HashMap<>();
    for (String user : candidates) {
      Integer count =
          jdbc.queryForObject(
              "SELECT COUNT(*) FROM (SELECT 1 FROM deal WHERE funnel = ? AND responsible = ? AND stage_code IN ('NEW', 'ACCEPTED')"
                  + " AND closed_at IS NULL LIMIT " + LOAD_CAP + ") fresh",
              Integer.class,
              funnel,
              user);
      load.put(user, count == null ? 0 : count);
    }
    return load;
  }

  private Map<String, Instant> lastAssigned() {
    Map<String, Instant> last = new HashMap<>();
    jdbc.query(
        "SELECT user_id, last_assigned_at FROM manager_availability WHERE last_assigned_at IS NOT NULL",
        rs -> {
          last.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        });
    return last;
  }

  /**
   * Records the assignment for the round robin without waiting for anyone: concurrent intakes
   * that chose the same manager would otherwise queue on this one row until each commits (the
   * benchmark found half of the busy request threads waiting there). Whoever holds the row's lock is
   * recording an assignment to the same manager at the same moment, so the others skip it.
   */
  private void markAssigned(String userId, Instant at) {
    List<String> locked =
        jdbc.queryForList(
            "SELECT user_id FROM manager_availability WHERE user_id = ? FOR UPDATE SKIP LOCKED", String.class, userId);
    if (!locked.isEmpty()) {
      jdbc.update(
          "UPDATE manager_availability SET last_assigned_at = ? WHERE user_id = ?", at.atOffset(ZoneOffset.UTC), userId);
      return;
    }
    Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM manager_availability WHERE user_id = ?", Integer.class, userId);
    if (exists == null || exists == 0) {
      // The manager's first lead: a duplicate key here (two first leads at once) retries the intake.
      jdbc.update(
          "INSERT INTO manager_availability (user_id, available, last_assigned_at, updated_at) VALUES (?, TRUE, ?, ?)",
          userId,
          at.atOffset(ZoneOffset.UTC),
          at.atOffset(ZoneOffset.UTC));
    }
  }
}
