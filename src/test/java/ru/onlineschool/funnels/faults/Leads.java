package ru.onlineschool.funnels.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The website as a client of {@code POST /api/leads}: unique phones, one Idempotency-Key per lead
 * that a retry reuses (on the same or another node), every answer kept with its timing.
 */
final class Leads {

  static final String INTAKE_KEY = "demo-intake-key";
  static final ObjectMapper JSON = new ObjectMapper();

  /** One lead as the website would send it, with the key its retries reuse. */
  record Lead(long n, String phone, String key, String json) {}

  /** What one attempt got: a status with headers and body, or an I/O failure (status -1). */
  record Answer(Lead lead, AppNode node, int status, String body, String contentType, String retryAfter, boolean replayed,
      String error, Instant sent, Instant done) {

    boolean acknowledged() {
      return status >= 200 && status < 300;
    }

    /** No answer or a 5xx: the client does not know whether the lead was taken, so it retries with the key. */
    boolean retryable() {
      return status < 0 || status >= 500;
    }

    long dealId() {
      try {
        return JSON.readTree(body).get("dealId").asLong();
      } catch (IOException e) {
        throw new IllegalStateException("Not a lead answer: " + body, e);
      }
    }

    @Override
    public String toString() {
      return node + " lead " + lead.phone() + " → " + (status < 0 ? error : status + " " + body);
    }
  }

  private final AtomicLong next;
  private final String tag;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lead-http");
            t.setDaemon(true);
            return t;
          }))
          .build();

  /** @param tag distinguishes the idempotency keys of one test run */
  Leads(String tag) {
    this.tag = tag;
    this.next = new AtomicLong(1_000_000);
  }

  Lead next() {
    long n = next.incrementAndGet();
    String phone = "+7916" + n;
    String json =
        "{\"name\":\"Клиент " + n + "\",\"phone\":\"" + phone + "\",\"email\":\"client" + n + "@example.ru\","
            + "\"course\":\"Python-разработчик\",\"source\":\"faults\",\"comment\":\"Тест отказов\"}";
    return new Lead(n, phone, tag + "-" + n, json);
  }

  Answer send(AppNode node, Lead lead) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.base() + "/api/leads"))
            .timeout(Duration.ofSeconds(30))
            .header("X-Api-Key", INTAKE_KEY)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", lead.key())
            .POST(HttpRequest.BodyPublishers.ofString(lead.json(), StandardCharsets.UTF_8))
            .build();
    Instant sent = Instant.now();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Optional<String> type = response.headers().firstValue("Content-Type");
      return new Answer(lead, node, response.statusCode(), response.body(), type.orElse(null),
          response.headers().firstValue("Retry-After").orElse(null),
          response.headers().firstValue("Idempotent-Replayed").isPresent(), null, sent, Instant.now());
    } catch (IOException e) {
      return new Answer(lead, node, -1, null, null, null, false, e.toString(), sent, Instant.now());
    }
  }

  /**
   * Sends {@code count} leads from 4 threads round-robin to the nodes, each expected to be
   * accepted at once (setup, not under faults); returns deal ids by phone.
   */
  Map<String, Long> sendAccepted(List<AppNode> nodes, int count) throws Exception {
    Map<String, Long> deals = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        AppNode node = nodes.get(i % nodes.size());
        sends.add(pool.submit(() -> {
          Answer answer = send(node, next());
          if (answer.status() != 201) {
            throw new IllegalStateException("Setup lead not accepted: " + answer);
          }
          deals.put(answer.lead().phone(), answer.dealId());
          return null;
        }));
      }
      for (Future<?> send : sends) {
        send.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return deals;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("Not JSON: " + json, e);
    }
  }
}
