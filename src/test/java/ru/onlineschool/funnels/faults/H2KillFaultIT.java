package ru.onlineschool.funnels.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, fault 6: the single node on its default H2 file database is killed with SIGKILL under
 * lead load and started again on the same file. Clients keep sending the unanswered lead with its
 * Idempotency-Key until the node is back. Every acknowledged lead is in the file exactly once,
 * with its process and task. The file is compacted while the leads come in (config/H2FileCompaction,
 * issue 21): moving and rewriting chunks must not lose an acknowledged lead either.
 */
class H2KillFaultIT {

  static final int CLIENTS = 4;

  @RegisterExtension final FaultLab lab = new FaultLab("h2-kill");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theSingleH2NodeKilledUnderLoadKeepsEveryAcknowledgedLead() throws Exception {
    String file = lab.dir.toAbsolutePath().resolve("db").resolve("school").toString();
    String url = "jdbc:h2:file:" + file + shippedH2Options();
    // A compaction pass every second (issue 21; shipped: every 5 s), so the kill may well meet one.
    AppNode node = lab.node("node", Map.of("SCHOOL_DB_URL", url),
        List.of("--spring.profiles.active=demo", "--school.demo.deals=false", "--school.h2.compaction-interval=PT1S"));
    node.start().awaitReady(Duration.ofMinutes(3));
    Leads leads = new Leads("h2");
    // A few leads before the load warm the node up; they must survive too.
    Map<String, Long> acknowledged = new HashMap<>(leads.sendAccepted(List.of(node), 4));

    LeadLoad load = new LeadLoad(leads, CLIENTS, (n, attempt) -> node, Duration.ofMillis(500), Duration.ofSeconds(60), answer -> {}).start();
    FaultLab.sleepUntil(Instant.now().plusSeconds(10));
    int beforeKill = load.acknowledged().size();
    node.kill();
    Instant killed = Instant.now();
    node.start().awaitReady(Duration.ofMinutes(3));
    Duration down = Duration.between(killed, node.readyAt());
    FaultLab.sleepUntil(node.readyAt().plusSeconds(8));
    load.stop();
    System.out.println("h2-kill: " + load);
    int afterRestart = load.acknowledged().size() - beforeKill;
    acknowledged.putAll(load.acknowledged());
    // The file is read by the test after a clean stop: H2 allows one process per file.
    node.stop();

    Ledger ledger = new Ledger("jdbc:h2:file:" + file + "", "sa", "");
    assertThat(beforeKill).as("leads acknowledged before the kill").isPositive();
    assertThat(afterRestart).as("leads acknowledged after the restart").isPositive();
    assertThat(load.unexpected()).as("4xx answers").isEmpty();
    assertThat(load.unacknowledged().keySet()).as("leads never acknowledged, even after the restart:\n%s", load.unacknowledgedWithLastAnswers()).isEmpty();
    assertThat(ledger.leadProblems(acknowledged, load.unacknowledged().keySet())).as("lost, doubled or broken leads").isEmpty();
    assertThat(ledger.duplicateContacts()).as("phones with two contacts").isEmpty();
    assertThat(ledger.incidents()).as("incidents").isEmpty();

    FaultLab.report(
        "6. H2, один узел, kill -9 под нагрузкой",
        CLIENTS + " клиента, " + load.held().toSeconds() + " с; принято заявок: " + FaultLab.number(load.acknowledged().size()),
        "SIGKILL на 10-й секунде, запуск на том же файле H2 (узел не отвечал " + down.toSeconds() + " с)",
        "заявок: " + FaultLab.number(load.leadsTried()) + ", повторов с тем же Idempotency-Key: " + FaultLab.number(load.retries())
            + " (из них вернули уже принятый ответ: " + load.replays() + ")",
        "заявок: " + FaultLab.number(acknowledged.size()) + " (до kill: " + beforeKill + ", после запуска: " + afterRestart + ")",
        "0",
        "—",
        "—");
  }

  /** The options of the default URL in application.yaml (";DB_CLOSE_ON_EXIT=FALSE;…"), so the test runs what ships. */
  static String shippedH2Options() throws IOException {
    try (InputStream yaml = H2KillFaultIT.class.getResourceAsStream("/application.yaml")) {
      Matcher url = Pattern.compile("\\$\\{SCHOOL_DB_URL:jdbc:h2:file:[^;}]+(;[^}]*)}").matcher(new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
      if (!url.find()) {
        throw new IllegalStateException("No default H2 URL in application.yaml");
      }
      return url.group(1);
    }
  }
}
