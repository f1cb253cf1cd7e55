package ru.onlineschool.funnels.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, fault 1: two nodes on one PostgreSQL under lead load, one killed with SIGKILL in the
 * middle, while recall timers fall due. A client whose request got no answer sends it again with
 * the same Idempotency-Key to the other node. Nothing acknowledged may be lost or doubled, and
 * every recall fires exactly once — also those the dead node had locked.
 */
class NodeKillFaultIT {

  static final int CLIENTS = 8;
  static final int RECALLS = 50;

  @RegisterExtension final FaultLab lab = new FaultLab("node-kill");

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aNodeKilledUnderLoadLosesNoAcknowledgedLeadAndFiresNoRecallTwice() throws Exception {
    EmbeddedPostgres postgres = lab.postgres();
    Ledger ledger = new Ledger(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    // The first node alone creates the schema, deploys the models and the demo users; then the second.
    AppNode survivor = lab.postgresNode("node-a", postgres.getPort()).start().awaitReady(Duration.ofMinutes(3));
    AppNode victim = lab.postgresNode("node-b", postgres.getPort()).start();
    Leads leads = new Leads("kill");
    EngineAdmin admin = new EngineAdmin();

    Map<String, Long> acknowledged = new HashMap<>(leads.sendAccepted(List.of(survivor), RECALLS));
    admin.notReached(List.of(survivor), RECALLS);
    victim.awaitReady(Duration.ofMinutes(3));
    // A few leads warm node-b up (first process start, caches), so it takes its share from the first second.
    acknowledged.putAll(leads.sendAccepted(List.of(victim), 8));
    List<EngineAdmin.Timer> timers = admin.recallTimers(survivor, RECALLS, Duration.ofSeconds(90));

    // The plan: load from +2 s, SIGKILL of node-b at +10 s, load until +24 s. Half the recalls fall
    // due one every 400 ms from +5 s to +15 s (before, around and after the kill), the other half
    // all at once 300 ms before the kill, so that node-b is likely to die holding some of them.
    Instant loadStart = Instant.now().plusSeconds(2);
    Instant killAt = loadStart.plusSeconds(8);
    Map<String, Instant> dues = admin.moveDueDates(List.of(survivor, victim), timers,
        i -> i % 2 == 0 ? loadStart.plusMillis(3_000 + 400L * (i / 2)) : killAt.minusMillis(300));
    FaultLab.sleepUntil(loadStart);

    List<AppNode> nodes = List.of(survivor, victim);
    LeadLoad load = new LeadLoad(leads, CLIENTS, (n, attempt) -> nodes.get((int) ((n + attempt) % 2)),
        Duration.ofMillis(200), Duration.ofSeconds(30), answer -> {}).start();
    FaultLab.sleepUntil(killAt);
    int beforeKill = load.acknowledgedBy(victim);
    victim.kill();
    Instant killed = Instant.now();
    // Locks still held 3 s later are node-b's: node-a finishes a job in well under a second.
    Set<String> orphaned = new TreeSet<>(ledger.lockedJobs());
    FaultLab.sleepUntil(killed.plusSeconds(3));
    orphaned.retainAll(ledger.lockedJobs());
    FaultLab.sleepUntil(loadStart.plusSeconds(22));
    load.stop();
    System.out.println("node-kill: " + load);

    Map<String, List<Instant>> recalls = FaultLab.awaitRecalls(ledger, RECALLS, Duration.ofSeconds(120));
    acknowledged.putAll(load.acknowledged());

    assertThat(load.unexpected()).as("answers other than 2xx/5xx").isEmpty();
    assertThat(beforeKill).as("leads node-b acknowledged before it was killed").isPositive();
    assertThat(load.acknowledgedBy(survivor)).as("leads node-a acknowledged").isPositive();
    assertThat(load.retries()).as("requests sent again after the kill").isPositive();
    assertThat(load.unacknowledged().keySet()).as("leads never acknowledged, even on the surviving node:\n%s", load.unacknowledgedWithLastAnswers()).isEmpty();
    assertThat(ledger.leadProblems(acknowledged, load.unacknowledged().keySet())).as("lost, doubled or broken leads").isEmpty();
    assertThat(ledger.duplicateContacts()).as("phones with two contacts").isEmpty();
    assertThat(FaultLab.firedMoreThanOnce(recalls)).as("recall tasks created more than once").isEmpty();
    assertThat(recalls.keySet()).as("deals with a recall task").isEqualTo(dues.keySet());
    assertThat(ledger.recallTimersLeft()).as("recall timers still waiting").isZero();
    assertThat(ledger.incidents()).as("incidents").isEmpty();

    List<Long> lateness = new ArrayList<>();
    dues.forEach((instance, due) -> lateness.add(Duration.between(due, recalls.get(instance).get(0)).toMillis()));
    long p99 = FaultLab.percentile(lateness, 99);
    long max = FaultLab.percentile(lateness, 100);
    FaultLab.report(
        "1. Два узла на одной PostgreSQL, SIGKILL одного под нагрузкой",
        CLIENTS + " клиентов на оба узла, " + load.held().toSeconds() + " с; принято заявок: " + FaultLab.number(load.acknowledged().size()),
        "SIGKILL node-b на 8-й секунде (он успел принять заявок: " + beforeKill + "); заданий движка, оставленных им заблокированными: "
            + orphaned.size(),
        "заявок: " + FaultLab.number(load.leadsTried()) + ", повторов с тем же Idempotency-Key на другом узле: " + FaultLab.number(load.retries())
            + " (из них вернули уже принятый ответ: " + load.replays() + "); таймеров перезвона со сроком вокруг kill: " + RECALLS,
        "заявок: " + FaultLab.number(acknowledged.size()) + " (" + (acknowledged.size() - load.acknowledged().size()) + " до нагрузки), перезвонов: " + RECALLS,
        "0",
        "0",
        "p99 " + FaultLab.seconds(p99) + ", макс. " + FaultLab.seconds(max) + " (от срока)");
  }
}
