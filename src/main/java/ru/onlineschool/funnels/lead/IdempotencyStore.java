package ru.onlineschool.funnels.lead;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Answers already given per {@code Idempotency-Key}. The key row is inserted first in the
 * request's transaction, so a concurrent request with the same key waits on it (or fails on
 * the primary key and is retried) and then reads the committed answer.
 */
@Repository
public class IdempotencyStore {

  /** An answer given before: replayed as is when the same request comes again. */
  public record StoredAnswer(String requestHash, int status, String body) {}

  private final JdbcTemplate jdbc;

  IdempotencyStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<StoredAnswer> find(String key) {
    return jdbc.query(
            "SELECT request_hash, status_code, response_body FROM idempotency_request WHERE idempotency_key = ?",
            (rs, row) -> new StoredAnswer(rs.getString(1), rs.getInt(2), rs.getString(3)),
            key)
        .stream()
        .findFirst();
  }

  /** Claims the key; a concurrent claim of the same key fails on the primary key. */
  public void claim(String key, String requestHash, Instant at) {
    jdbc.update(
        "INSERT INTO idempotency_request (idempotency_key, request_hash, created_at) VALUES (?, ?, ?)",
        key,
        requestHash,
        at.atOffset(ZoneOffset.UTC));
  }

  public void answer(String key, int status, String body) {
    jdbc.update(
        "UPDATE idempotency_request SET status_code = ?, response_body = ? WHERE idempotency_key = ?", status, body, key);
  }
}
