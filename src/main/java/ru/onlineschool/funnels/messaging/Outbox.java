package ru.onlineschool.funnels.messaging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Messages to clients, at most one per deal, template and occasion, with their delivery state. The
 * unique key (deal, template, occasion) is the idempotency key of a send: a retried or repeated job
 * finds the row and its status instead of sending again. The occasion is empty for a message sent
 * once per deal; the trial lesson's messages name the lesson's time, so a rescheduled lesson is a
 * new occasion.
 */
@Repository
public class Outbox {

  public static final String CHANNEL_EMAIL = "EMAIL";
  /** The client left no e-mail: the message is meant for a messenger. */
  public static final String CHANNEL_MESSENGER = "MESSENGER";
  /** The occasion of a message sent once per deal. */
  public static final String NO_OCCASION = "";

  /** Delivery states; see {@code V4__mail.sql}. */
  public enum Status {
    QUEUED,
    SENDING,
    SENT,
    FAILED,
    UNCERTAIN
  }

  /** One outbox row. */
  public record Message(
      long id, long dealId, String template, String channel, String recipient, Status status, int attempts, String subject, String body) {}

  private final JdbcTemplate jdbc;

  public Outbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the message as QUEUED unless the deal already has it; returns whether it was new. */
  public boolean queueOnce(long dealId, RenderedMessage message, String channel, String recipient, Instant at) {
    return queueOnce(dealId, NO_OCCASION, message, channel, recipient, at);
  }

  /** Inserts the message as QUEUED unless the deal already has it for this occasion; returns whether it was new. */
  public boolean queueOnce(long dealId, String occasion, RenderedMessage message, String channel, String recipient, Instant at) {
    int inserted =
        jdbc.update(
            "INSERT INTO outbox_message (deal_id, template, occasion, channel, recipient, status, created_at, subject, body)"
                + " SELECT ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ? FROM (VALUES (1)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM outbox_message WHERE deal_id = ? AND template = ? AND occasion = ?)",
            dealId,
            message.template(),
            occasion,
            channel,
            recipient,
            utc(at),
            message.subject(),
            message.body(),
            dealId,
            message.template(),
            occasion);
    return inserted > 0;
  }

  /** The row of the occasion, locked for the caller's transaction. */
  public Optional<Message> lock(long dealId, String template, String occasion) {
    return find("SELECT * FROM outbox_message WHERE deal_id = ? AND template = ? AND occasion = ? FOR UPDATE", dealId, template, occasion)
        .stream()
        .findFirst();
  }

  /** The message sent once per deal (no occasion). */
  public Optional<Message> find(long dealId, String template) {
    return find(dealId, template, NO_OCCASION);
  }

  public Optional<Message> find(long dealId, String template, String occasion) {
    return find("SELECT * FROM outbox_message WHERE deal_id = ? AND template = ? AND occasion = ?", dealId, template, occasion).stream().findFirst();
  }

  public List<Message> ofDeal(long dealId) {
    return find("SELECT * FROM outbox_message WHERE deal_id = ? ORDER BY id", dealId);
  }

  /** QUEUED/FAILED → SENDING, one more attempt. */
  public void markSending(long id, Instant at) {
    jdbc.update(
        "UPDATE outbox_message SET status = 'SENDING', attempts = attempts + 1, last_attempt_at = ? WHERE id = ?", utc(at), id);
  }

  public void markSent(long id, Instant at) {
    markSent(id, at, null);
  }

  /** SENT, with the id the provider gave the message (a WhatsApp wamid, Telegram's message id, the Message-ID of a mail). */
  public void markSent(long id, Instant at, String externalId) {
    String shortened = externalId == null || externalId.length() <= 200 ? externalId : externalId.substring(0, 200);
    jdbc.update(
        "UPDATE outbox_message SET status = 'SENT', sent_at = ?, last_error = NULL, external_id = ? WHERE id = ?", utc(at), shortened, id);
  }

  /** The channel and address this attempt uses: a retry may go another way than the first try (a chat learned meanwhile). */
  public void route(long id, String channel, String recipient) {
    jdbc.update("UPDATE outbox_message SET channel = ?, recipient = ? WHERE id = ?", channel, recipient, id);
  }

  /** The provider's id of a sent message, if it gave one. */
  public Optional<String> externalId(long id) {
    return jdbc.queryForList("SELECT external_id FROM outbox_message WHERE id = ? AND external_id IS NOT NULL", String.class, id)
        .stream()
        .findFirst();
  }

  public void markFailed(long id, String error) {
    String shortened = error == null ? null : error.length() > 500 ? error.substring(0, 499) + "…" : error;
    jdbc.update("UPDATE outbox_message SET status = 'FAILED', last_error = ? WHERE id = ?", shortened, id);
  }

  public void markUncertain(long id) {
    jdbc.update("UPDATE outbox_message SET status = 'UNCERTAIN' WHERE id = ?", id);
  }

  public int count(long dealId, String template) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM outbox_message WHERE deal_id = ? AND template = ?", Integer.class, dealId, template);
    return n == null ? 0 : n;
  }

  private List<Message> find(String sql, Object... args) {
    return jdbc.query(
        sql,
        (rs, row) ->
            new Message(
                rs.getLong("id"),
                rs.getLong("deal_id"),
                rs.getString("template"),
                rs.getString("channel"),
                rs.getString("recipient"),
                Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getString("subject"),
                rs.getString("body")),
        args);
  }

  private static Object utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
