package ru.onlineschool.funnels.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, fault 2: recall timers fall due while every node is down (both killed with SIGKILL).
 * After both nodes start again, each recall fires exactly once, and the lateness after the
 * restart is measured: task created − max(due, the first node ready again).
 */
class TimersWhileDownFaultIT {

  static final int RECALLS = 200;

  @RegisterExtension final FaultLab lab = new FaultLab("timers-while-down");

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void recallsDueWhileAllNodesAreDownFireOnceAfterTheRestart() throws Exception {
    EmbeddedPostgres postgres = lab.postgres();
    Ledger ledger = new Ledger(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    AppNode a = lab.postgresNode("node-a", postgres.getPort()).start().awaitReady(Duration.ofMinutes(3));
    AppNode b = lab.postgresNode("node-b", postgres.getPort()).start();
    Leads leads = new Leads("down");
    EngineAdmin admin = new EngineAdmin();
    leads.sendAccepted(List.of(a), RECALLS);
    b.awaitReady(Duration.ofMinutes(3));
    List<AppNode> nodes = List.of(a, b);
    admin.notReached(nodes, RECALLS);
    List<EngineAdmin.Timer> timers = admin.recallTimers(a, RECALLS, Duration.ofSeconds(120));

    // Both nodes die; then the recalls (due in hours by the cadence) are made due in a second, as
    // if the night passed while nothing ran. Written to the job table: no node is there to ask.
    a.kill();
    b.kill();
    Instant down = Instant.now();
    Instant due = down.plusSeconds(1);
    Map<String, Instant> dues = ledger.moveRecallTimers(timers.stream().map(EngineAdmin.Timer::jobId).toList(), due);
    assertThat(dues).as("recall timers moved").hasSize(RECALLS);
    assertThat(ledger.recallTasks()).as("recalls fired before the nodes went down").isEmpty();

    FaultLab.sleepUntil(due.plusSeconds(2));
    a.start();
    b.start();
    a.awaitReady(Duration.ofMinutes(3));
    b.awaitReady(Duration.ofMinutes(3));
    Instant ready = a.readyAt().isBefore(b.readyAt()) ? a.readyAt() : b.readyAt();

    Map<String, List<Instant>> recalls = FaultLab.awaitRecalls(ledger, RECALLS, Duration.ofSeconds(120));
    List<Long> lateness = new ArrayList<>();
    recalls.forEach((instance, created) -> {
      Instant from = due.isAfter(ready) ? due : ready;
      lateness.add(Duration.between(from, created.get(0)).toMillis());
    });
    assertThat(FaultLab.firedMoreThanOnce(recalls)).as("recall tasks created more than once").isEmpty();
    assertThat(recalls.keySet()).as("deals with a recall task").isEqualTo(dues.keySet());
    assertThat(recalls.values().stream().map(c -> c.get(0)).filter(c -> c.isBefore(down)))
        .as("recalls created before the nodes went down").isEmpty();
    assertThat(ledger.recallTimersLeft()).as("recall timers still waiting").isZero();
    assertThat(ledger.incidents()).as("incidents").isEmpty();

    long p50 = FaultLab.percentile(lateness, 50);
    long p99 = FaultLab.percentile(lateness, 99);
    System.out.println("timers-while-down: down " + Duration.between(down, ready).toSeconds() + " s, lateness p50 " + p50 + " ms, p99 " + p99 + " ms");
    FaultLab.report(
        "2. Таймеры перезвона наступают, пока все узлы лежат",
        "2 узла, таймеров «Перезвонить» с одним сроком: " + RECALLS,
        "SIGKILL обоих узлов, срок наступил через 1 с; узлы лежали "
            + Duration.between(down, ready).toSeconds() + " с, запущены одновременно",
        "сделок «Не дозвонились»: " + RECALLS,
        "перезвонов: " + RECALLS,
        "0",
        "0",
        "p50 " + FaultLab.seconds(p50) + ", p99 " + FaultLab.seconds(p99) + " (от готовности первого узла)");
  }
}
