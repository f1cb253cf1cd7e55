package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} for every intake of the API (leads, webinar registrations and
 * attendance): the same request again gets the first answer, the same key with another request
 * is refused (422). The key row is inserted first, in the request's own transaction, so a
 * concurrent request with the same key waits on it (or fails on the primary key and is retried
 * by {@link RetryingTransactions}) and then reads the committed answer. Answers live in
 * {@code idempotency_request}, which this class alone reads and writes.
 */
@Component
public class IdempotentRequests {

  public static final String HEADER = "Idempotency-Key";
  public static final int KEY_MAX = 100;

  /** An answer of an intake: given now, or replayed from the first request with the same key. */
  public record Answer(int status, String body, boolean replayed) {

    public ResponseEntity<String> toResponse() {
      var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
      if (replayed) {
        response.header("Idempotent-Replayed", "true");
      }
      return response.body(body);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public IdempotentRequests(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The header's key, checked; null when the client sent none. */
  public static String key(String raw) {
    if (raw == null) {
      return null;
    }
    String key = raw.strip();
    String problem =
        key.isEmpty()
            ? "Пустой ключ идемпотентности"
            : key.length() > KEY_MAX
                ? TextRules.tooLong(KEY_MAX)
                : TextRules.hasControlCharacters(key, false) ? TextRules.CONTROL_CHARACTERS : null;
    if (problem != null) {
      throw ApiException.invalid(List.of(new FieldProblem(HEADER, problem)));
    }
    return key;
  }

  /**
   * What «the same request» means: the same operation with the same fields and values. Null for a
   * request without a key: nothing is compared then, and the hash of its JSON is not worth making.
   */
  public String fingerprint(String key, String operation, Object request) {
    if (key == null) {
      return null;
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((operation + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(json.writeValueAsBytes(request)));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Does {@code work} once per key, inside the caller's transaction; without a key, every time.
   */
  public Answer once(String key, String fingerprint, Supplier<Answer> work) {
    if (key == null) {
      return work.get();
    }
    Optional<Answer> earlier = replay(key, fingerprint);
    if (earlier.isPresent() && earlier.get().status() > 0) {
      return earlier.get();
    }
    if (earlier.isPresent()) {
      // A key without an answer cannot be committed by this class (the key and the answer are one
      // transaction), so it is what a killed process left behind: H2 has rolled back such
      // leftovers imperfectly after SIGKILL. Replaying it would answer 500 forever; the request
      // is done anew instead.
      log.warn("Ключ идемпотентности без ответа (остаток прерванной транзакции), запрос выполняется заново");
      jdbc.update("DELETE FROM idempotency_request WHERE idempotency_key = ? AND status_code IS NULL", key);
    }
    jdbc.update(
        "INSERT INTO idempotency_request (idempotency_key, request_hash, created_at) VALUES (?, ?, ?)",
        key,
        fingerprint,
        Instant.ofEpochMilli(ClockUtil.getCurrentTime().getTime()).atOffset(ZoneOffset.UTC));
    Answer answer = work.get();
    jdbc.update(
        "UPDATE idempotency_request SET status_code = ?, response_body = ? WHERE idempotency_key = ?",
        answer.status(),
        answer.body(),
        key);
    return answer;
  }

  /** The answer stored for the key; a row without an answer comes back with status 0, whatever its request. */
  private Optional<Answer> replay(String key, String fingerprint) {
    return jdbc.query(
            "SELECT request_hash, status_code, response_body FROM idempotency_request WHERE idempotency_key = ?",
            (rs, row) -> {
              int status = rs.getInt(2);
              if (rs.wasNull()) {
                return new Answer(0, null, true);
              }
              if (!rs.getString(1).equals(fingerprint)) {
                throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "Ключ идемпотентности уже использован",
                    "С этим Idempotency-Key уже принят другой запрос. Для нового запроса используйте новый ключ.");
              }
              return new Answer(status, rs.getString(3), true);
            },
            key)
        .stream()
        .findFirst();
  }
}
