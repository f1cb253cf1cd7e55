package ru.onlineschool.funnels.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, fault 4: the database is unreachable for 60 s under a steady lead load. The node sits
 * behind a TCP proxy to PostgreSQL that closes every connection and blackholes new ones. During
 * the outage every lead is answered 503 with Retry-After and a Russian problem+json, never 2xx;
 * after the route is back the same node (no restart) takes leads again within a bounded time,
 * the recalls that fell due during the outage fire once, and every acknowledged lead is stored once.
 */
class DatabaseOutageFaultIT {

  static final int CLIENTS = 4;
  static final int RECALLS = 10;
  static final Duration OUTAGE = Duration.ofSeconds(60);
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);

  @RegisterExtension final FaultLab lab = new FaultLab("database-outage");

  private volatile Instant cutAt = Instant.MAX;
  private volatile Instant restoredAt = Instant.MAX;
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unavailableAnswers = new AtomicInteger();
  private final AtomicInteger duringOutage = new AtomicInteger();
  private final AtomicReference<Instant> firstAcceptedAfterRestore = new AtomicReference<>();

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void withoutTheDatabaseLeadsGet503AndTheNodeRecoversByItself() throws Exception {
    EmbeddedPostgres postgres = lab.postgres();
    Ledger ledger = new Ledger(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    TcpProxy route = lab.proxy(postgres.getPort());
    AppNode node = lab.postgresNode("node", route.port()).start().awaitReady(Duration.ofMinutes(3));
    Leads leads = new Leads("outage");
    EngineAdmin admin = new EngineAdmin();
    Map<String, Long> acknowledged = new HashMap<>(leads.sendAccepted(List.of(node), RECALLS));
    admin.notReached(List.of(node), RECALLS);
    List<EngineAdmin.Timer> timers = admin.recallTimers(node, RECALLS, Duration.ofSeconds(60));

    // The plan: load from now, cut at +10 s for 60 s, recalls due in the middle of the outage.
    Instant plannedCut = Instant.now().plusSeconds(10);
    Map<String, Instant> dues = admin.moveDueDates(List.of(node), timers, i -> plannedCut.plusSeconds(20));
    LeadLoad load = new LeadLoad(leads, CLIENTS, (n, attempt) -> node, Duration.ofMillis(500), Duration.ofSeconds(60), this::check).start();

    FaultLab.sleepUntil(plannedCut);
    route.cut();
    cutAt = Instant.now();
    FaultLab.sleepUntil(cutAt.plus(OUTAGE));
    route.restore();
    restoredAt = Instant.now();
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    while (firstAcceptedAfterRestore.get() == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Instant recovered = firstAcceptedAfterRestore.get();
    assertThat(recovered).as("a lead accepted within " + RECOVERY_BOUND.toSeconds() + " s after the database came back").isNotNull();
    FaultLab.sleepUntil(recovered.plusSeconds(10));
    load.stop();
    System.out.println("database-outage: " + load);

    Map<String, List<Instant>> recalls = FaultLab.awaitRecalls(ledger, RECALLS, Duration.ofSeconds(60));
    acknowledged.putAll(load.acknowledged());

    assertThat(violations).as("answers breaking the outage contract").isEmpty();
    assertThat(duringOutage.get()).as("lead requests answered during the outage").isPositive();
    assertThat(load.unexpected()).as("4xx answers").isEmpty();
    assertThat(load.unacknowledged().keySet()).as("leads never acknowledged after the database came back:\n%s", load.unacknowledgedWithLastAnswers()).isEmpty();
    assertThat(ledger.leadProblems(acknowledged, load.unacknowledged().keySet())).as("lost, doubled or broken leads").isEmpty();
    assertThat(ledger.duplicateContacts()).as("phones with two contacts").isEmpty();
    assertThat(FaultLab.firedMoreThanOnce(recalls)).as("recall tasks created more than once").isEmpty();
    assertThat(recalls.keySet()).as("recalls due during the outage fired after it (job executor recovered)").isEqualTo(dues.keySet());
    assertThat(ledger.incidents()).as("incidents").isEmpty();

    List<Long> lateness = new ArrayList<>();
    recalls.forEach((instance, created) -> lateness.add(Duration.between(restoredAt, created.get(0)).toMillis()));
    long recovery = Duration.between(restoredAt, recovered).toMillis();
    FaultLab.report(
        "4. База недоступна 60 с под нагрузкой (один узел за TCP-прокси)",
        CLIENTS + " клиента, " + load.held().toSeconds() + " с; принято заявок: " + FaultLab.number(load.acknowledged().size()),
        "все соединения узла с PostgreSQL закрыты, новые " + OUTAGE.toSeconds() + " с в «чёрной дыре» (попыток соединиться: "
            + route.blackholed() + "), узел не перезапускался",
        "запросов: " + FaultLab.number(load.attempts()) + ", из них во время простоя: " + duringOutage.get() + " — все 503 с Retry-After "
            + "(ответов 503 всего: " + unavailableAnswers.get() + "); перезвонов со сроком посреди простоя: " + RECALLS,
        "заявок: " + FaultLab.number(acknowledged.size()) + "; первая заявка принята через " + FaultLab.seconds(recovery)
            + " после восстановления; перезвонов: " + RECALLS,
        "0",
        "0",
        "перезвоны — после восстановления, p99 " + FaultLab.seconds(FaultLab.percentile(lateness, 99)));
  }

  /**
   * What a client may see: 2xx or 503 (with Retry-After, problem+json, Russian detail), nothing else
   * — no 500, no dropped connection; and no 2xx for a request sent after the cut and answered before
   * the route was back: that lead cannot have been stored.
   */
  private void check(Leads.Answer answer) {
    boolean inOutage = answer.sent().isAfter(cutAt) && answer.done().isBefore(restoredAt);
    if (inOutage) {
      duringOutage.incrementAndGet();
    }
    if (answer.acknowledged()) {
      if (inOutage) {
        violations.add("2xx during the outage: " + answer);
      }
      if (answer.sent().isAfter(restoredAt)) {
        firstAcceptedAfterRestore.compareAndSet(null, answer.done());
      }
      return;
    }
    if (answer.status() != 503) {
      violations.add("not 503: " + answer);
      return;
    }
    unavailableAnswers.incrementAndGet();
    if (answer.retryAfter() == null || !answer.retryAfter().matches("\\d+")) {
      violations.add("503 without Retry-After: " + answer);
    }
    if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
      violations.add("503 not problem+json (" + answer.contentType() + "): " + answer);
    }
    if (answer.body() == null || !answer.body().contains("База данных временно недоступна")) {
      violations.add("503 without the Russian detail: " + answer);
    }
  }
}
