package ru.onlineschool.funnels.lead;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Leads a webhook has accepted but the engine has not yet turned into a deal ({@code lead_inbox},
 * issue 19). A webhook's answer waits only for its row; {@link LeadInboxWorker} does the rest.
 * {@code (channel, externalId)} — Tilda's {@code tranid}, Marquiz's answer id — is unique, so a
 * request the service sends again is the same lead. This class alone reads and writes the table.
 */
@Repository
public class LeadInbox {

  /** A lead waiting for its deal. */
  public record Queued(long id, String channel, String externalId, String lead, int attempts) {}

  private final JdbcTemplate jdbc;

  public LeadInbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Keeps the lead unless the channel already sent one with this id; true when it is new. Joins the
   * caller's transaction: two copies racing each other collide on the unique key, and the loser,
   * retried, finds the winner's row.
   */
  boolean accept(String channel, String externalId, String lead, Instant now) {
    return jdbc.update(
            "INSERT INTO lead_inbox (channel, external_id, lead, state, next_attempt_at, received_at)"
                + " SELECT ?, ?, ?, 'ACCEPTED', ?, ? FROM (VALUES (1)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM lead_inbox WHERE channel = ? AND external_id = ?)",
            channel,
            externalId,
            lead,
            utc(now),
            utc(now),
            channel,
            externalId)
        > 0;
  }

  /** Leads due for an attempt, oldest first. */
  List<Long> due(Instant now, int limit) {
    return jdbc.queryForList(
        "SELECT id FROM lead_inbox WHERE state = 'ACCEPTED' AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + limit + " ROWS ONLY",
        Long.class,
        utc(now));
  }

  /** The lead, locked for the caller's transaction, if it still waits: another node may have taken it. */
  Optional<Queued> lockWaiting(long id) {
    return jdbc.query(
            "SELECT id, channel, external_id, lead, attempts FROM lead_inbox WHERE id = ? AND state = 'ACCEPTED' FOR UPDATE",
            (rs, row) -> new Queued(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
            id)
        .stream()
        .findFirst();
  }

  void done(long id, long dealId) {
    jdbc.update("UPDATE lead_inbox SET state = 'DONE', deal_id = ?, last_error = NULL WHERE id = ?", dealId, id);
  }

  /** One more failed attempt: the next one at {@code next}, or none when {@code giveUp}. */
  void failed(long id, String error, Instant next, boolean giveUp) {
    jdbc.update(
        "UPDATE lead_inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ? WHERE id = ? AND state = 'ACCEPTED'",
        error.length() > 1000 ? error.substring(0, 1000) : error,
        utc(next),
        giveUp ? "FAILED" : "ACCEPTED",
        id);
  }

  /** How many attempts the lead has had (0 for an unknown id). */
  int attempts(long id) {
    return jdbc.queryForList("SELECT attempts FROM lead_inbox WHERE id = ?", Integer.class, id).stream().findFirst().orElse(0);
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
