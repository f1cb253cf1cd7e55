package ru.onlineschool.funnels.inbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The messengers' messages a webhook accepted ({@code inbound_message}, issue 20): kept first, so
 * the webhook can answer at once, then processed by {@link InboundQueue}. {@code (channel,
 * externalId)} is unique — a delivery the messenger repeats is the same message. This class alone
 * reads and writes the table.
 */
@Repository
public class InboundMessages {

  /** A message waiting to be processed. */
  record Waiting(long id, InboundMessage message) {}

  /** What processing made of a message. */
  public enum Outcome {
    /** The deal was waiting for a recall: «Ведётся переписка». */
    CHAT,
    /** An open deal in another step: «Ответить клиенту» for its responsible. */
    TASK,
    /** An open deal whose funnel has no step for messages: a line in its history only. */
    NOTED,
    /** A known client with only closed deals: a new «Вернувшиеся» deal. */
    RETURNED,
    /** An unknown sender: a new lead. */
    LEAD
  }

  private final JdbcTemplate jdbc;

  public InboundMessages(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Keeps the message unless the channel already delivered one with this id; true when it is new. */
  boolean accept(InboundMessage m, Instant now) {
    return jdbc.update(
            "INSERT INTO inbound_message (channel, external_id, sender_id, sender_name, phone, start_payload, text, state, next_attempt_at, received_at)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, 'ACCEPTED', ?, ? FROM (VALUES (1)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM inbound_message WHERE channel = ? AND external_id = ?)",
            m.channel(), m.externalId(), m.senderId(), m.senderName(), m.phone(), m.startPayload(), m.text(), utc(now), utc(now),
            m.channel(), m.externalId())
        > 0;
  }

  List<Long> due(Instant now, int limit) {
    return jdbc.queryForList(
        "SELECT id FROM inbound_message WHERE state = 'ACCEPTED' AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + limit + " ROWS ONLY",
        Long.class,
        utc(now));
  }

  /** The message, locked for the caller's transaction, if it still waits. */
  Optional<Waiting> lockWaiting(long id) {
    return jdbc.query(
            "SELECT id, channel, external_id, sender_id, sender_name, phone, start_payload, text FROM inbound_message"
                + " WHERE id = ? AND state = 'ACCEPTED' FOR UPDATE",
            (rs, row) ->
                new Waiting(
                    rs.getLong(1),
                    new InboundMessage(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))),
            id)
        .stream()
        .findFirst();
  }

  void done(long id, Outcome outcome, Long contactId, Long dealId) {
    jdbc.update(
        "UPDATE inbound_message SET state = 'DONE', outcome = ?, contact_id = ?, deal_id = ?, last_error = NULL WHERE id = ?",
        outcome.name(), contactId, dealId, id);
  }

  void failed(long id, String error, Instant next, boolean giveUp) {
    jdbc.update(
        "UPDATE inbound_message SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ? WHERE id = ? AND state = 'ACCEPTED'",
        error.length() > 1000 ? error.substring(0, 1000) : error,
        utc(next),
        giveUp ? "FAILED" : "ACCEPTED",
        id);
  }

  int attempts(long id) {
    return jdbc.queryForList("SELECT attempts FROM inbound_message WHERE id = ?", Integer.class, id).stream().findFirst().orElse(0);
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
