package ru.onlineschool.funnels.messaging;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Messages to clients waiting to be sent: at most one per deal and template. */
@Repository
public class Outbox {

  /** Where a message goes when the client left no e-mail. */
  public static final String CHANNEL_EMAIL = "EMAIL";
  public static final String CHANNEL_MESSENGER = "MESSENGER";

  private final JdbcTemplate jdbc;

  public Outbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Queues the message unless this deal already has it; the unique key (deal, template)
   * makes a retried job a no-op. Returns whether a new message was queued.
   */
  public boolean queueOnce(long dealId, String template, String channel, String recipient, Instant at) {
    int inserted =
        jdbc.update(
            "INSERT INTO outbox_message (deal_id, template, channel, recipient, status, created_at)"
                + " SELECT ?, ?, ?, ?, 'QUEUED', ? FROM (VALUES (1)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM outbox_message WHERE deal_id = ? AND template = ?)",
            dealId,
            template,
            channel,
            recipient,
            at.atOffset(ZoneOffset.UTC),
            dealId,
            template);
    return inserted > 0;
  }

  public int count(long dealId, String template) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM outbox_message WHERE deal_id = ? AND template = ?", Integer.class, dealId, template);
    return n == null ? 0 : n;
  }
}
