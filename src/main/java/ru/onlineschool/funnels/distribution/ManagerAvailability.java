package ru.onlineschool.funnels.distribution;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The table {@code manager_availability}, owned by distribution: who is marked (un)available and
 * when each user last got a lead. Curators' distribution reads the same marks. Joins the caller's
 * transaction.
 */
@Repository
public class ManagerAvailability {

  private final JdbcTemplate jdbc;

  public ManagerAvailability(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Every mark set by hand: user → available; a user without one is available. */
  public Map<String, Boolean> marks() {
    Map<String, Boolean> marks = new HashMap<>();
    jdbc.query(
        "SELECT user_id, available FROM manager_availability",
        rs -> {
          marks.put(rs.getString(1), rs.getBoolean(2));
        });
    return marks;
  }

  /** The whole table as distribution reads it for a lead: the marks and the round robin's times. */
  record Rows(Map<String, Boolean> marks, Map<String, Instant> lastAssigned) {}

  /** {@link #marks} and when each user last got a lead, in one statement (issue 21: a lead's statements). */
  Rows rows() {
    Map<String, Boolean> marks = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    jdbc.query(
        "SELECT user_id, available, last_assigned_at FROM manager_availability",
        rs -> {
          marks.put(rs.getString(1), rs.getBoolean(2));
          OffsetDateTime assigned = rs.getObject(3, OffsetDateTime.class);
          if (assigned != null) {
            last.put(rs.getString(1), assigned.toInstant());
          }
        });
    return new Rows(marks, last);
  }

  void set(String userId, boolean available, String changedBy, Instant at) {
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

  /**
   * Records the assignment for the round robin without waiting for anyone: concurrent intakes
   * that chose the same manager would otherwise queue on this one row until each commits (the
   * benchmark found half of the busy request threads waiting there). Whoever holds the row's lock is
   * recording an assignment to the same manager at the same moment, so the others skip it.
   */
  void markAssigned(String userId, Instant at) {
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
