package ru.onlineschool.funnels.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Client threads that send leads one after another, each until it is answered 2xx: a request
 * without an answer or with a 5xx is sent again with the same Idempotency-Key, to the node the
 * {@link Router} names for that attempt, after a pause. A 4xx is a broken test and stops nothing
 * but is recorded. Every answer goes to the observer (checks of what the client saw).
 */
final class LeadLoad {

  /** The node for attempt {@code attempt} (0 = first) of lead number {@code n}. */
  interface Router {
    AppNode route(long n, int attempt);
  }

  private final Leads leads;
  private final int clients;
  private final Router router;
  private final Duration retryPause;
  private final Duration giveUpAfter;
  private final Consumer<Leads.Answer> observer;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Leads.Lead> unacknowledged = new ConcurrentHashMap<>();
  /** The last answer each lead got, for a failed test's message about a lead left unacknowledged. */
  private final Map<String, Leads.Answer> lastAnswer = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Leads.Answer> unexpected = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> observerFailures = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> acknowledgedBy = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger replays = new AtomicInteger();
  private volatile boolean stopping;
  private Instant started;
  private Instant stopped;

  /**
   * @param giveUpAfter a lead still unanswered this long after the load was told to stop is left
   *     unacknowledged (the client gives up)
   */
  LeadLoad(Leads leads, int clients, Router router, Duration retryPause, Duration giveUpAfter, Consumer<Leads.Answer> observer) {
    this.leads = leads;
    this.clients = clients;
    this.router = router;
    this.retryPause = retryPause;
    this.giveUpAfter = giveUpAfter;
    this.observer = observer;
  }

  LeadLoad start() {
    started = Instant.now();
    for (int c = 0; c < clients; c++) {
      Thread thread = new Thread(this::client, "lead-client-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  private void client() {
    try {
      while (!stopping) {
        Leads.Lead lead = leads.next();
        unacknowledged.put(lead.phone(), lead);
        for (int attempt = 0; ; attempt++) {
          if (stopping && Instant.now().isAfter(stopped.plus(giveUpAfter))) {
            return; // the lead stays unacknowledged
          }
          if (attempt > 0) {
            retries.incrementAndGet();
            Thread.sleep(retryPause.toMillis());
          }
          Leads.Answer answer = leads.send(router.route(lead.n(), attempt), lead);
          attempts.incrementAndGet();
          lastAnswer.put(lead.phone(), answer);
          try {
            observer.accept(answer);
          } catch (Throwable e) {
            observerFailures.add(e);
          }
          if (answer.acknowledged()) {
            acknowledged.put(lead.phone(), answer.dealId());
            acknowledgedBy.computeIfAbsent(answer.node().name, k -> new AtomicInteger()).incrementAndGet();
            unacknowledged.remove(lead.phone());
            if (answer.replayed()) {
              replays.incrementAndGet();
            }
            break;
          }
          if (!answer.retryable()) {
            unexpected.add(answer);
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** No new leads; waits until every client has its current lead answered (or gave up). */
  LeadLoad stop() throws InterruptedException {
    stopped = Instant.now();
    stopping = true;
    long deadline = System.nanoTime() + giveUpAfter.plusSeconds(40).toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not finish");
      }
    }
    return this;
  }

  Map<String, Long> acknowledged() {
    return acknowledged;
  }

  Map<String, Leads.Lead> unacknowledged() {
    return unacknowledged;
  }

  /** Each unacknowledged lead with the last answer it got (status, body or I/O error, and when). */
  String unacknowledgedWithLastAnswers() {
    StringBuilder text = new StringBuilder();
    unacknowledged.keySet().forEach(phone -> {
      Leads.Answer answer = lastAnswer.get(phone);
      text.append(phone).append(": ").append(answer == null ? "never sent" : answer + " (sent " + answer.sent() + ", answered " + answer.done() + ")").append('\n');
    });
    return text.toString();
  }

  /** Leads acknowledged by the node of this name. */
  int acknowledgedBy(AppNode node) {
    AtomicInteger n = acknowledgedBy.get(node.name);
    return n == null ? 0 : n.get();
  }

  List<Leads.Answer> unexpected() {
    return List.copyOf(unexpected);
  }

  List<Throwable> observerFailures() {
    return List.copyOf(observerFailures);
  }

  int attempts() {
    return attempts.get();
  }

  int retries() {
    return retries.get();
  }

  int replays() {
    return replays.get();
  }

  int leadsTried() {
    return acknowledged.size() + unacknowledged.size();
  }

  Duration held() {
    return Duration.between(started, stopped == null ? Instant.now() : stopped);
  }

  int clients() {
    return clients;
  }

  @Override
  public String toString() {
    return clients + " clients, " + held().toSeconds() + " s: " + acknowledged.size() + " acknowledged " + acknowledgedBy
        + ", " + unacknowledged.size() + " unacknowledged, " + attempts + " attempts, " + retries + " retries, "
        + replays + " replays, " + unexpected.size() + " unexpected answers";
  }
}
