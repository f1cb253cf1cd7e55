package ru.onlineschool.funnels.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What one fault test runs on: a directory {@code target/faults/<test>/} for logs and databases,
 * application nodes as separate JVMs, an embedded PostgreSQL, TCP proxies. Everything is killed
 * and closed after the test; when it failed, the tail of every node's log is printed.
 */
final class FaultLab implements AfterEachCallback, TestWatcher {

  static final Path ROOT = Path.of("target", "faults");
  static final String REPORT_HEADER =
      "| тест | нагрузка | сбои | входы | подтверждено | потеряно | таймеры дважды | опоздание p99 |\n"
          + "|---|---|---|---|---|---|---|---|\n";

  final Path dir;
  private final List<AppNode> nodes = new ArrayList<>();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  FaultLab(String test) {
    this.dir = ROOT.resolve(test);
    try {
      deleteRecursively(dir);
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An embedded PostgreSQL (Maven Central binaries), data under this test's directory. */
  EmbeddedPostgres postgres() throws IOException {
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
    resources.push(postgres);
    return postgres;
  }

  TcpProxy proxy(int targetPort) throws IOException {
    TcpProxy proxy = new TcpProxy(targetPort);
    resources.push(proxy);
    return proxy;
  }

  /** A node of the application on PostgreSQL at {@code dbPort}, profiles postgres and demo, no demo deals. */
  AppNode postgresNode(String name, int dbPort) {
    return node(
        name,
        Map.of(
            "SCHOOL_DB_URL", "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
            "SCHOOL_DB_USER", "postgres",
            "SCHOOL_DB_PASSWORD", "postgres"),
        List.of("--spring.profiles.active=postgres,demo", "--school.demo.deals=false"));
  }

  AppNode node(String name, Map<String, String> env, List<String> args) {
    AppNode node = new AppNode(name, dir, env, args);
    nodes.add(node);
    return node;
  }

  /** One line of the suite's report (target/faults/report.md), also printed. */
  static void report(String test, String load, String faults, String inputs, String acknowledged, String lost, String twice, String lateness)
      throws IOException {
    String line = "| " + String.join(" | ", test, load, faults, inputs, acknowledged, lost, twice, lateness) + " |\n";
    Files.createDirectories(ROOT);
    Path report = ROOT.resolve("report.md");
    if (!Files.exists(report)) {
      Files.writeString(report, REPORT_HEADER, StandardCharsets.UTF_8);
    }
    Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    System.out.print("FAULT REPORT " + line);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AppNode node : nodes) {
      node.kill();
    }
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.out.println("===== " + context.getDisplayName() + " failed: logs of the nodes (" + dir + ") =====");
    for (AppNode node : nodes) {
      System.out.print(node.tails(80));
    }
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    testFailed(context, cause);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Recall tasks per process instance once there are {@code expected} instances with one, or at the deadline. */
  static Map<String, List<Instant>> awaitRecalls(Ledger ledger, int expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, List<Instant>> recalls = ledger.recallTasks();
      if (recalls.size() >= expected || System.nanoTime() > deadline) {
        return recalls;
      }
      Thread.sleep(500);
    }
  }

  /** Waits for a planned moment of the scenario (a clock, not a condition to poll). */
  static void sleepUntil(Instant moment) throws InterruptedException {
    long millis = Duration.between(Instant.now(), moment).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Deals whose recall task was created more than once, as «instance × count». */
  static List<String> firedMoreThanOnce(Map<String, List<Instant>> recalls) {
    List<String> twice = new ArrayList<>();
    recalls.forEach((instance, created) -> {
      if (created.size() != 1) {
        twice.add(instance + " × " + created.size());
      }
    });
    return twice;
  }

  /** The p-th percentile of the values (nearest rank). */
  static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** 1412 → «1 412», as Russians group digits. */
  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', '\u00a0');
  }

  /** Milliseconds as seconds with one decimal and a Russian comma: «3,4 с». */
  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f с", millis / 1000.0).replace('.', ',');
  }
}
