import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.MVStoreTool;

/**
 * Issue 21: how the H2 file grows under sustained lead load, while idle and after a restart, against
 * the data it holds. Run by scripts/h2-growth.sh (see there for the options).
 *
 * <p>The application runs from target/school-funnels-*.jar on a fresh H2 file under the work
 * directory, demo profile, the JVM flags of docs/operations.md. Phases: load (N clients send
 * {@code POST /api/leads} as fast as answered, each lead with its Idempotency-Key, repeated after
 * a 503), idle, a clean stop (SIGTERM) and a start on the same file, idle again. The file's size is
 * sampled every 10 s. «Data» is the size of a copy of the file compacted by H2's own tool without
 * compression ({@code MVStoreTool.compact}, what the file would be if it held nothing but live
 * pages); the compressed figure is what {@code SHUTDOWN COMPACT} would leave.
 */
public class H2Growth {

  static final String INTAKE_KEY = "demo-intake-key";
  static final String JAVA_OPTS = "-Xmx512m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=96m -XX:+UseSerialGC";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AtomicLong phones = new AtomicLong(1_000_000 + System.currentTimeMillis() % 4_000_000);
  final Path work;
  final Path file;
  final List<String> appArgs = new ArrayList<>();
  String h2Extra = "";
  Process app;
  String base;
  long t0 = System.nanoTime();

  H2Growth(Path work) {
    this.work = work;
    this.file = work.resolve("db/school.mv.db");
  }

  public static void main(String[] args) throws Exception {
    int loadSeconds = 180, clients = 8, idleSeconds = 120, afterRestartSeconds = 60;
    String dir = "target/h2growth";
    List<String> appArgs = new ArrayList<>();
    String h2Extra = "";
    for (String arg : args) {
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
      if (arg.startsWith("--load-seconds=")) {
        loadSeconds = Integer.parseInt(value);
      } else if (arg.startsWith("--clients=")) {
        clients = Integer.parseInt(value);
      } else if (arg.startsWith("--idle-seconds=")) {
        idleSeconds = Integer.parseInt(value);
      } else if (arg.startsWith("--after-restart-seconds=")) {
        afterRestartSeconds = Integer.parseInt(value);
      } else if (arg.startsWith("--dir=")) {
        dir = value;
      } else if (arg.startsWith("--h2=")) {
        h2Extra = value;
      } else if (arg.startsWith("--app-arg=")) {
        appArgs.add(value);
      } else {
        throw new IllegalArgumentException("Unknown option " + arg);
      }
    }
    Path work = Path.of(dir);
    if (Files.exists(work)) {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work.resolve("db"));
    H2Growth run = new H2Growth(work);
    run.appArgs.addAll(appArgs);
    run.h2Extra = h2Extra;
    try {
      run.run(loadSeconds, clients, idleSeconds, afterRestartSeconds);
    } finally {
      run.stop();
    }
  }

  void run(int loadSeconds, int clients, int idleSeconds, int afterRestartSeconds) throws Exception {
    System.out.printf("H2 growth: %d s load with %d clients, %d s idle, clean restart, %d s idle; URL options «%s», app args %s%n",
        loadSeconds, clients, idleSeconds, afterRestartSeconds, h2Extra, appArgs);
    long ready = start();
    log("ready in " + ready + " ms, file " + mb(size()));
    AtomicLong leads = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicBoolean go = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread worker = new Thread(() -> {
        try {
          while (go.get()) {
            sendLead(retries);
            leads.incrementAndGet();
          }
        } catch (Exception e) {
          System.out.println("client failed: " + e);
          go.set(false);
        }
      });
      worker.start();
      workers.add(worker);
    }
    long loadEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(loadSeconds);
    long maxDuringLoad = 0;
    while (System.nanoTime() < loadEnd && go.get()) {
      Thread.sleep(10_000);
      maxDuringLoad = Math.max(maxDuringLoad, size());
      log("load: " + leads.get() + " leads, file " + mb(size()));
    }
    if (!go.get()) {
      throw new IllegalStateException("A client failed; see " + work.resolve("app.log"));
    }
    go.set(false);
    for (Thread worker : workers) {
      worker.join();
    }
    long afterLoad = size();
    log("load over: " + leads.get() + " leads (" + retries.get() + " repeated after 503), file " + mb(afterLoad)
        + ", largest sample " + mb(maxDuringLoad));
    Data dataAfterLoad = data("after-load");
    log("data after load: " + dataAfterLoad);
    long idleEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleSeconds);
    while (System.nanoTime() < idleEnd) {
      Thread.sleep(10_000);
      log("idle: file " + mb(size()));
    }
    long afterIdle = size();
    stop();
    long afterStop = size();
    log("clean stop: file " + mb(afterStop));
    long restart = start();
    log("restarted in " + restart + " ms, file " + mb(size()));
    long restartEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(afterRestartSeconds);
    while (System.nanoTime() < restartEnd) {
      Thread.sleep(10_000);
      log("idle after restart: file " + mb(size()));
    }
    long afterRestart = size();
    stop();
    Data dataEnd = data("end");
    log("data at the end: " + dataEnd);
    System.out.println();
    System.out.println("| moment | file | data (uncompressed) | file / data |");
    System.out.println("|---|---|---|---|");
    row("largest sample during load", maxDuringLoad, dataAfterLoad.plain);
    row("end of load (" + leads.get() + " leads in " + loadSeconds + " s)", afterLoad, dataAfterLoad.plain);
    row("after " + idleSeconds + " s idle", afterIdle, dataEnd.plain);
    row("after a clean stop", afterStop, dataEnd.plain);
    row("after the restart and " + afterRestartSeconds + " s idle", afterRestart, dataEnd.plain);
    System.out.println("SHUTDOWN COMPACT (compressed) of the final file: " + mb(dataEnd.compressed)
        + "; start " + ready + " ms, restart " + restart + " ms");
  }

  void row(String moment, long size, long data) {
    System.out.printf("| %s | %s | %s | %.1f× |%n", moment, mb(size), mb(data), (double) size / data);
  }

  record Data(long plain, long compressed, String info) {
    @Override
    public String toString() {
      return mb(plain) + " (compressed " + mb(compressed) + "); " + info;
    }
  }

  /**
   * Compacts a copy of the file (the copy of a running application's file is opened as after a crash).
   * Copying a large file takes seconds, and a pass that moves chunks meanwhile can leave a copy no
   * process ever wrote (a chunk read before its move, the header after it); such a copy is taken again.
   */
  Data data(String name) throws IOException {
    Path copy = work.resolve("copy-" + name + ".mv.db");
    StringWriter info;
    for (int attempt = 1; ; attempt++) {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      try {
        info = new StringWriter();
        MVStoreTool.info(copy.toString(), info);
        MVStore.Builder check = new MVStore.Builder().fileName(copy.toString()).readOnly();
        check.open().close();
        break;
      } catch (MVStoreException e) {
        if (attempt == 5) {
          throw e;
        }
        log("copy " + attempt + " of the running file is torn (" + e.getMessage() + "), copying again");
      }
    }
    String summary = info.toString().lines()
        .filter(l -> l.startsWith("Used space") || l.startsWith("Chunk fill rate:") || l.startsWith("Chunk count"))
        .reduce((a, b) -> a + ", " + b).orElse("");
    Path plain = work.resolve("compact-" + name + ".mv.db");
    Path compressed = work.resolve("compressed-" + name + ".mv.db");
    MVStoreTool.compact(copy.toString(), plain.toString(), false);
    MVStoreTool.compact(copy.toString(), compressed.toString(), true);
    Data data = new Data(Files.size(plain), Files.size(compressed), summary);
    Files.delete(copy);
    Files.delete(plain);
    Files.delete(compressed);
    return data;
  }

  void sendLead(AtomicLong retries) throws Exception {
    long n = phones.incrementAndGet();
    String json = "{\"name\":\"Клиент " + n + "\",\"phone\":\"+7916" + n + "\",\"email\":\"client" + n + "@example.ru\","
        + "\"course\":\"Python-разработчик\",\"source\":\"landing-python\",\"comment\":\"Звонить после 18:00\",\"tags\":[\"рост\"]}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/leads"))
        .header("X-Api-Key", INTAKE_KEY).header("Content-Type", "application/json")
        .header("Idempotency-Key", "growth-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 201 || response.statusCode() == 200) {
        return;
      }
      if (response.statusCode() != 503 || attempt >= 30) {
        throw new IllegalStateException("POST /api/leads → " + response.statusCode() + ": " + response.body());
      }
      retries.incrementAndGet();
      Thread.sleep(1_000);
    }
  }

  long start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    base = "http://localhost:" + port;
    Path jar;
    String chosen = System.getenv("GROWTH_JAR");
    if (chosen != null && !chosen.isBlank()) {
      jar = Path.of(chosen);
    } else try (var jars = Files.list(Path.of("target"))) {
      jar = jars.filter(p -> p.getFileName().toString().matches("school-funnels-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("No target/school-funnels-*.jar: run ./mvnw package first"));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getenv().getOrDefault("GROWTH_APP_JAVA_OPTS", JAVA_OPTS).trim().split("\\s+")));
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--spring.profiles.active=demo",
        "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("db/school")
            + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000" + h2Extra));
    command.addAll(appArgs);
    long started = System.nanoTime();
    app = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.log").toFile())).start();
    while (true) {
      if (!app.isAlive()) {
        throw new IllegalStateException("The application died while starting; see " + work.resolve("app.log"));
      }
      if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(900)) {
        throw new IllegalStateException("Not ready in 900 s; see " + work.resolve("app.log"));
      }
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          return (System.nanoTime() - started) / 1_000_000;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
  }

  void stop() throws InterruptedException {
    if (app != null && app.isAlive()) {
      app.destroy();
      if (!app.waitFor(120, TimeUnit.SECONDS)) {
        app.destroyForcibly();
        app.waitFor();
      }
    }
    app = null;
  }

  long size() throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  void log(String line) {
    System.out.printf("%s +%4d s  %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), line);
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1_048_576.0);
  }
}
