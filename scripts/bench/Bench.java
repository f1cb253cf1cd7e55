import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of issue 8 (see docs/performance.md). For each database — the default H2 file and
 * an embedded PostgreSQL started here — starts the packaged application on a free port with an
 * empty database under target/bench/, drives it over HTTP as the website, Tasklist and an
 * administrator would, profiles it (thread samples during intake, SQL statements per lead from
 * the database's own statement log), prints one table and writes docs/performance.md.
 *
 * <p>Run through {@code scripts/bench.sh [--smoke] [--db=h2|postgres|both] [--app-arg=…]}: the
 * script puts the test classpath (embedded PostgreSQL, JDBC drivers) on the source launcher.
 * It fails (exit 1) when something is broken — an HTTP error, a lost lead, timers never firing —
 * and never because a number misses its goal: slow shared machines must not break CI.
 */
public class Bench {

  static final String INTAKE_KEY = "demo-intake-key";
  static final String ADMIN = basic("admin", "demo");
  static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
  static final Pattern START_TIME = Pattern.compile("\"startTime\":\"([^\"]+)\"");
  /** The JVM settings docs/operations.md gives for production; the benchmark measures those. */
  static final String DEFAULT_APP_JAVA_OPTS = "-Xmx512m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=96m -XX:+UseSerialGC";

  enum Db {
    H2("H2 (файл)"),
    POSTGRES("PostgreSQL 17");

    final String title;

    Db(String title) {
      this.title = title;
    }
  }

  /** Sizes of one run; smoke keeps every phase but makes it tiny. */
  record Sizes(
      int rounds, int perRound, int clients, int latencyRate, int latencySeconds,
      int tasklistSmall, int tasklistLarge, int tasklistSamples, int timers, int closedDeals, int drainTimeoutSeconds,
      int profiledLeads) {
    static Sizes smoke() {
      return new Sizes(1, 40, 8, 20, 3, 60, 120, 10, 40, 20, 90, 10);
    }

    static Sizes full() {
      return new Sizes(3, 600, 8, 50, 60, 1_000, 50_000, 60, 10_000, 500, 600, 50);
    }

    Sizes with(String name, int v) {
      return new Sizes(
          name.equals("rounds") ? v : rounds, name.equals("per-round") ? v : perRound, clients,
          name.equals("latency-rate") ? v : latencyRate, name.equals("latency-seconds") ? v : latencySeconds,
          name.equals("small") ? v : tasklistSmall, name.equals("deals") ? v : tasklistLarge, name.equals("samples") ? v : tasklistSamples,
          name.equals("timers") ? v : timers, name.equals("closed") ? v : closedDeals, drainTimeoutSeconds, profiledLeads);
    }
  }

  /** One line of the table: a goal and a value per database. */
  static final class Row {
    final String goal;
    final Map<Db, String> values = new EnumMap<>(Db.class);
    final Map<Db, Boolean> met = new EnumMap<>(Db.class);

    Row(String goal) {
      this.goal = goal;
    }
  }

  final Sizes sizes;
  final boolean smoke;
  final List<Db> dbs;
  final List<String> appArgs;
  final String appJavaOpts;
  final Map<String, Row> rows = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final Map<Db, String> sqlProfiles = new EnumMap<>(Db.class);
  final HttpClient http;
  final AtomicLong phones = new AtomicLong(1_000_000);
  final List<String> loads = new ArrayList<>();

  // The database and application of the current run.
  Db db;
  Path work;
  String base;
  Process app;
  EmbeddedPostgres postgres;
  String jdbcUrl;
  long openDeals;
  /** --only=tasklist: phase 4 alone (every filter at the small and the large size). */
  boolean tasklistOnly;
  /** --only=profile: phase 1 and the SQL profile (what a lead writes, against the bare start). */
  boolean profileOnly;
  /** --only=timers: the ready time on an empty database and phase 3 alone (the recall timers). */
  boolean timersOnly;
  /** --only=latency: the full-speed fill to the small size, then phase 2 alone (the steady rate). */
  boolean latencyOnly;
  /** --reuse: keep the database of the previous run of the same kind and top it up. */
  boolean reuse;

  Bench(boolean smoke, Sizes sizes, List<Db> dbs, List<String> appArgs, String appJavaOpts) {
    this.smoke = smoke;
    this.sizes = sizes;
    this.dbs = dbs;
    this.appArgs = appArgs;
    this.appJavaOpts = appJavaOpts;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
  }

  public static void main(String[] args) throws Exception {
    boolean smoke = List.of(args).contains("--smoke");
    Sizes sizes = smoke ? Sizes.smoke() : Sizes.full();
    Path out = null;
    List<Db> dbs = List.of(Db.H2, Db.POSTGRES);
    List<String> appArgs = new ArrayList<>();
    boolean tasklistOnly = false, profileOnly = false, timersOnly = false, latencyOnly = false, reuse = false;
    for (String arg : args) {
      Matcher size = Pattern.compile("--(rounds|per-round|latency-rate|latency-seconds|deals|small|samples|timers|closed)=(\\d+)").matcher(arg);
      if (arg.equals("--smoke")) {
        // already read
      } else if (size.matches()) {
        sizes = sizes.with(size.group(1), Integer.parseInt(size.group(2)));
      } else if (arg.startsWith("--db=")) {
        dbs = switch (arg.substring(5)) {
          case "h2" -> List.of(Db.H2);
          case "postgres" -> List.of(Db.POSTGRES);
          case "both" -> List.of(Db.H2, Db.POSTGRES);
          default -> throw new IllegalArgumentException("--db= takes h2, postgres or both");
        };
      } else if (arg.equals("--only=tasklist")) {
        tasklistOnly = true;
      } else if (arg.equals("--only=profile")) {
        profileOnly = true;
      } else if (arg.equals("--only=timers")) {
        timersOnly = true;
      } else if (arg.equals("--only=latency")) {
        latencyOnly = true;
      } else if (arg.equals("--reuse")) {
        reuse = true;
      } else if (arg.startsWith("--out=")) {
        out = Path.of(arg.substring(6));
      } else if (arg.startsWith("--app-arg=")) {
        appArgs.add(arg.substring(10));
      } else {
        throw new IllegalArgumentException("Unknown argument " + arg
            + " (known: --smoke, --db=h2|postgres|both, --out=FILE, --app-arg=ARG, --rounds=, --per-round=, --latency-rate=,"
            + " --latency-seconds=, --deals=, --small=, --samples=, --timers=, --closed=, --only=tasklist, --only=profile, --only=timers, --only=latency, --reuse)");
      }
    }
    String javaOpts = System.getenv().getOrDefault("BENCH_APP_JAVA_OPTS", DEFAULT_APP_JAVA_OPTS);
    Bench bench = new Bench(smoke, sizes, dbs, appArgs, javaOpts);
    bench.tasklistOnly = tasklistOnly;
    bench.profileOnly = profileOnly;
    bench.timersOnly = timersOnly;
    bench.latencyOnly = latencyOnly;
    bench.reuse = reuse;
    for (Db db : dbs) {
      try {
        bench.run(db);
      } catch (Exception | Error e) {
        e.printStackTrace();
        System.err.println("BENCHMARK BROKEN (" + db.title + "): " + e.getMessage() + " (application log: " + bench.work.resolve("app.log") + ")");
        bench.stop();
        System.exit(1);
      }
      bench.stop();
    }
    String report = bench.report(String.join(" ", List.of(args).stream().filter(a -> !a.startsWith("--out=")).toList()));
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, intoDocument(out, report));
      System.out.println("Written to " + out);
    }
    System.exit(0);
  }

  void run(Db db) throws Exception {
    this.db = db;
    this.work = Path.of("target", "bench", (smoke ? "smoke-" : "full-") + db.name().toLowerCase(Locale.ROOT)
        + System.getenv().getOrDefault("BENCH_RUN_SUFFIX", ""));
    this.openDeals = 10; // the demo profile's 12 deals on an empty database, less the lost one and the duplicate
    System.out.println("== " + db.title);
    boolean reused = reuse && Files.isDirectory(work.resolve(db == Db.POSTGRES ? "pg" : "db"));
    if (!reused) {
      deleteRecursively(work);
    }
    Files.createDirectories(work);
    if (db == Db.POSTGRES) {
      // With --reuse the data directory also survives this run (the embedded server deletes a
      // directory it was told to clean when it stops).
      startPostgres(!reuse);
    }
    long started = startApplication("");
    if (reused) {
      // Every lead starts at least one process instance: new phone numbers start above them all.
      phones.set(1_000_000 + count(get("/engine-rest/history/process-instance/count")));
      openDeals = count(get("/engine-rest/process-instance/count?processDefinitionKey=course-sale"));
      System.out.println("reusing " + work + ": " + openDeals + " open course-sale deals");
    }
    if (tasklistOnly) {
      tasklistFilters(sizes.tasklistSmall, false);
      if (sizes.tasklistLarge > sizes.tasklistSmall) {
        tasklistFilters(sizes.tasklistLarge, true);
      }
      loads.add(db.title + " " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      return;
    }
    row("5. Время до готовности, пустая база (демо-профиль: пользователи, модели, 13 сделок)", ms(started), "≤ 15 000 мс", started <= 15_000);
    if (profileOnly) {
      // What a lead writes and what it costs against the bare start: phase 1 and the SQL profile only.
      deployBaseline();
      intakeVersusBaseline();
      sqlProfile();
      loads.add(db.title + " " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      return;
    }
    if (latencyOnly) {
      // The steady rate on a database the intake has just worked on, as in the full run: the
      // «small» Tasklist size is filled at full speed first (--small=).
      topUp(sizes.tasklistSmall);
      latency();
      long[] after = memory();
      row("5. RSS / heap used сразу после фазы 2", mb(after[0]) + " / " + mb(after[1]), "RSS ≤ 700 МБ", after[0] <= 700L << 20);
      loads.add(db.title + " " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      return;
    }
    if (timersOnly) {
      timers();
      loads.add(db.title + " " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      return;
    }
    Thread.sleep(smoke ? 1_000 : 10_000);
    long[] idle = memory();
    row("5. RSS в покое", mb(idle[0]), "≤ 700 МБ", idle[0] <= 700L << 20);
    row("5. Heap used / committed в покое", mb(idle[1]) + " / " + mb(idle[2]), "—", null);

    deployBaseline();
    // The small Tasklist figure first: the intake phases leave thousands of open deals behind.
    tasklistFilters(sizes.tasklistSmall, false);
    intakeVersusBaseline();
    latency();
    timers();
    growth();
    tasklistFilters(sizes.tasklistLarge, true);
    sqlProfile();
    loads.add(db.title + " " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  // ---------------------------------------------------------------- the databases and the application

  void startPostgres(boolean clean) throws IOException {
    Path log = work.resolve("postgres.log");
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(work.resolve("pg"))
            .setCleanDataDirectory(clean)
            // As in production: a commit is on disk before the client hears of it (the embedded
            // server's default is off).
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("log_line_prefix", "%m ")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
  }

  void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Hands every row of a query on the benchmark's PostgreSQL to {@code row}. */
  void sqlRows(String query, RowHandler row) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        row.handle(rs);
      }
    }
  }

  @FunctionalInterface
  interface RowHandler {
    void handle(ResultSet rs) throws Exception;
  }

  long sqlLong(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String h2Url(String extra) {
    return "jdbc:h2:file:" + work.toAbsolutePath().resolve("db/school") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000" + extra
        + System.getenv().getOrDefault("BENCH_H2_URL_EXTRA", "");
  }

  /** Starts the application, milliseconds until it reports ready (health «readiness» UP). */
  long startApplication(String h2Extra, String... extraArgs) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    base = "http://localhost:" + port;
    Path jar;
    String chosen = System.getenv("BENCH_JAR");
    if (chosen != null && !chosen.isBlank()) {
      jar = Path.of(chosen);
    } else try (var jars = Files.list(Path.of("target"))) {
      jar = jars.filter(p -> p.getFileName().toString().matches("school-funnels-.*\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("No target/school-funnels-*.jar: run ./mvnw package first"));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!appJavaOpts.isBlank()) {
      command.addAll(List.of(appJavaOpts.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
    if (db == Db.POSTGRES) {
      command.addAll(List.of(
          "--spring.profiles.active=demo,postgres",
          "--SCHOOL_DB_URL=" + jdbcUrl, "--SCHOOL_DB_USER=postgres", "--SCHOOL_DB_PASSWORD=postgres"));
    } else {
      command.addAll(List.of("--spring.profiles.active=demo", "--spring.datasource.url=" + h2Url(h2Extra)));
    }
    command.addAll(appArgs);
    command.addAll(List.of(extraArgs));
    long t0 = System.nanoTime();
    app = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.log").toFile())).start();
    while (true) {
      if (!app.isAlive()) {
        throw new IllegalStateException("The application died while starting; see " + work.resolve("app.log"));
      }
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(300)) {
        throw new IllegalStateException("The application did not become ready in 300 s; see " + work.resolve("app.log"));
      }
      try {
        // Readiness, not liveness: UP only once the start-up work (users, filters, demo data) is
        // done and the job executor runs.
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    long ready = (System.nanoTime() - t0) / 1_000_000;
    // On a shared machine the wall clock also counts the neighbours: the CPU the start took is the
    // steadier figure (2 cores: a start that needs 24 s of CPU cannot be ready in 12 s).
    System.out.printf(Locale.ROOT, "ready after %d ms, application CPU %d ms, load %s%n", ready, cpuMillis(app.pid()),
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    return ready;
  }

  void stop() {
    if (app != null && app.isAlive()) {
      app.destroy();
      try {
        if (!app.waitFor(60, TimeUnit.SECONDS)) {
          app.destroyForcibly();
        }
      } catch (InterruptedException e) {
        app.destroyForcibly();
      }
    }
    app = null;
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("PostgreSQL did not stop cleanly: " + e);
      }
      postgres = null;
    }
  }

  /** RSS, heap used, heap committed in bytes, from /proc and jcmd. */
  long[] memory() throws Exception {
    long pid = app.pid();
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    long used = -1, committed = -1;
    String info = jcmd("GC.heap_info");
    // G1: «garbage-first heap total 123K, used 45K»; Serial: «def new generation total …, used …»
    // plus «tenured generation total …, used …».
    Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    while (m.find()) {
      committed = Math.max(0, committed) + Long.parseLong(m.group(1)) * 1024;
      used = Math.max(0, used) + Long.parseLong(m.group(2)) * 1024;
      if (info.contains("garbage-first")) {
        break;
      }
    }
    return new long[] {rss, used, committed};
  }

  String jcmd(String what) throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(app.pid()), what).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    return out;
  }

  // ---------------------------------------------------------------- 1. intake vs baseline

  static final String BASELINE_BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_BenchBaseline" targetNamespace="http://onlineschool.ru/bench">
        <bpmn:process id="bench-baseline" name="Бенчмарк: одна задача" isExecutable="true" camunda:historyTimeToLive="P1D">
          <bpmn:startEvent id="Event_Start" />
          <bpmn:sequenceFlow id="Flow_1" sourceRef="Event_Start" targetRef="Activity_Task" />
          <bpmn:userTask id="Activity_Task" name="Задача" camunda:assignee="bench-baseline" />
          <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_Task" targetRef="Event_End" />
          <bpmn:endEvent id="Event_End" />
        </bpmn:process>
      </bpmn:definitions>
      """;

  void deployBaseline() throws Exception {
    String boundary = "bench" + System.nanoTime();
    String body =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nbench-baseline\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deploy-changed-only\"\r\n\r\ntrue\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"bench-baseline.bpmn\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n" + BASELINE_BPMN + "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/engine-rest/deployment/create"))
        .header("Authorization", ADMIN)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    expect(request, 200);
  }

  String leadJson() {
    long n = phones.incrementAndGet();
    return "{\"name\":\"Клиент " + n + "\",\"phone\":\"+7916" + n + "\",\"email\":\"client" + n + "@example.ru\","
        + "\"course\":\"Python-разработчик\",\"source\":\"landing-python\",\"comment\":\"Звонить после 18:00\",\"tags\":[\"бенчмарк\"]}";
  }

  HttpRequest lead() {
    return HttpRequest.newBuilder(URI.create(base + "/api/leads"))
        .header("X-Api-Key", INTAKE_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(leadJson(), StandardCharsets.UTF_8)).build();
  }

  HttpRequest baselineStart() {
    long n = phones.incrementAndGet();
    String variables =
        "{\"variables\":{"
            + "\"dealId\":{\"value\":" + n + ",\"type\":\"Long\"},"
            + "\"clientName\":{\"value\":\"Клиент " + n + "\",\"type\":\"String\"},"
            + "\"clientPhone\":{\"value\":\"+7916" + n + "\",\"type\":\"String\"},"
            + "\"clientEmail\":{\"value\":\"client" + n + "@example.ru\",\"type\":\"String\"},"
            + "\"course\":{\"value\":\"Python-разработчик\",\"type\":\"String\"},"
            + "\"leadType\":{\"value\":\"Лендинг\",\"type\":\"String\"},"
            + "\"source\":{\"value\":\"landing-python\",\"type\":\"String\"},"
            + "\"comment\":{\"value\":\"Звонить после 18:00\",\"type\":\"String\"},"
            + "\"referer\":{\"value\":null,\"type\":\"Null\"},"
            + "\"duplicateOf\":{\"value\":null,\"type\":\"Null\"}},"
            + "\"businessKey\":\"" + n + "\"}";
    return HttpRequest.newBuilder(URI.create(base + "/engine-rest/process-definition/key/bench-baseline/start"))
        .header("Authorization", ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(variables, StandardCharsets.UTF_8)).build();
  }

  /** The bare start: the same one-task process without a single variable (issue 21's yardstick). */
  HttpRequest bareStart() {
    long n = phones.incrementAndGet();
    return HttpRequest.newBuilder(URI.create(base + "/engine-rest/process-definition/key/bench-baseline/start"))
        .header("Authorization", ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"businessKey\":\"" + n + "\"}", StandardCharsets.UTF_8)).build();
  }

  void intakeVersusBaseline() throws Exception {
    // Warm-up: JIT, connection pools, the engine's caches; not counted.
    closedLoop(this::baselineStart, smoke ? 20 : 300, 200);
    closedLoop(this::lead, smoke ? 20 : 300, 201);
    openDeals += smoke ? 20 : 300;
    closedLoop(this::bareStart, smoke ? 20 : 300, 200);
    List<Double> intake = new ArrayList<>(), baseline = new ArrayList<>(), bare = new ArrayList<>(), ratios = new ArrayList<>(), bareRatios = new ArrayList<>();
    long[] peak = {0, 0};
    ThreadSampler intakeThreads = new ThreadSampler(), baselineThreads = new ThreadSampler();
    for (int round = 0; round < sizes.rounds; round++) {
      double z = closedLoop(this::bareStart, sizes.perRound, 200);
      double b = baselineThreads.during(() -> closedLoop(this::baselineStart, sizes.perRound, 200));
      double i = intakeThreads.during(() -> closedLoop(this::lead, sizes.perRound, 201));
      openDeals += sizes.perRound;
      long[] now = memory();
      peak[0] = Math.max(peak[0], now[0]);
      peak[1] = Math.max(peak[1], now[1]);
      bare.add(z);
      baseline.add(b);
      intake.add(i);
      ratios.add(i / b);
      bareRatios.add(i / z);
      System.out.printf(Locale.ROOT, "round %d: bare start %.1f/s, baseline %.1f/s, intake %.1f/s%n", round + 1, z, b, i);
    }
    double intakeMedian = median(intake), baselineMedian = median(baseline), ratio = median(ratios), bareRatio = median(bareRatios);
    row("1. Приём заявок, " + sizes.clients + " клиентов (медиана " + sizes.rounds + " раундов по " + sizes.perRound + ")",
        String.format(Locale.ROOT, "%.0f заявок/с", intakeMedian), "≥ 150 заявок/с", intakeMedian >= 150);
    row("1. Базовая линия: старт процесса с одной задачей через engine-rest",
        String.format(Locale.ROOT, "%.0f процессов/с", baselineMedian), "—", null);
    row("1. Заявки / базовая линия (медиана отношений по раундам)",
        String.format(Locale.ROOT, "%.2f", ratio), "—", null);
    row("1. Голый старт без переменных (та же модель)", String.format(Locale.ROOT, "%.0f процессов/с", median(bare)), "—", null);
    row("1. Заявки / голый старт без переменных (медиана отношений по раундам)",
        String.format(Locale.ROOT, "%.2f", bareRatio), "≥ 0.80", bareRatio >= 0.8);
    row("1. Профиль потоков запросов при приёме заявок (доли занятых выборок)", intakeThreads.summary(), "—", null);
    row("1. То же при базовой линии", baselineThreads.summary(), "—", null);
    row("5. RSS / heap used под нагрузкой 1 (максимум)", mb(peak[0]) + " / " + mb(peak[1]), "RSS ≤ 700 МБ", peak[0] <= 700L << 20);
  }

  interface Load {
    double run() throws Exception;
  }

  /**
   * Where the request threads of the application are while a load runs: thread dumps (jcmd
   * Thread.print) twice a second, each busy Tomcat worker classified by the frames it is in. On
   * PostgreSQL the server's own view of lock waits (pg_stat_activity) is sampled too.
   */
  final class ThreadSampler {
    final Map<String, Integer> counts = new LinkedHashMap<>();
    int samples;
    int pgLockWaits;
    int pgSamples;

    double during(Load load) throws Exception {
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          try {
            classify(jcmd("Thread.print"));
            if (db == Db.POSTGRES) {
              pgLockWaits += (int) sqlLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
              pgSamples++;
            }
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            System.err.println("thread sample failed: " + e);
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
      try {
        return load.run();
      } finally {
        running.set(false);
        sampler.join(5_000);
      }
    }

    synchronized void classify(String dump) {
      samples++;
      for (String thread : dump.split("\n\n")) {
        if (!thread.startsWith("\"http-nio-") || !thread.contains("-exec-")) {
          continue;
        }
        String kind;
        if (thread.contains("TaskQueue.take") || thread.contains("TaskQueue.poll")) {
          continue; // idle worker
        } else if (thread.contains("org.h2.mvstore.tx.Transaction.waitFor")) {
          kind = "ждёт блокировку строки";
        } else if (thread.contains("com.zaxxer.hikari.pool.HikariPool.getConnection") && thread.contains("park")) {
          kind = "ждёт соединение пула";
        } else if (thread.contains("org.h2.") || thread.contains("org.postgresql.")) {
          kind = "в базе данных";
        } else {
          kind = "в приложении и движке";
        }
        counts.merge(kind, 1, Integer::sum);
      }
    }

    synchronized String summary() {
      int busy = counts.values().stream().mapToInt(Integer::intValue).sum();
      if (busy == 0) {
        return "нет выборок";
      }
      StringBuilder out = new StringBuilder();
      counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(Math.round(100.0 * e.getValue() / busy)).append(" %"));
      out.append(String.format(Locale.ROOT, " (%d выборок, в среднем %.1f занятых потоков", samples, (double) busy / Math.max(1, samples)));
      if (pgSamples > 0) {
        out.append(String.format(Locale.ROOT, "; ожиданий блокировок в PostgreSQL в среднем %.2f", (double) pgLockWaits / pgSamples));
      }
      return out.append(")").toString();
    }
  }

  /** Sends {@code count} requests from {@code clients} threads as fast as answered; requests per second. */
  double closedLoop(Supplier<HttpRequest> requests, int count, int status) throws Exception {
    return closedLoop(requests, count, status, sizes.clients);
  }

  double closedLoop(Supplier<HttpRequest> requests, int count, int status, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger left = new AtomicInteger(count);
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        while (left.getAndDecrement() > 0) {
          expect(requests.get(), status);
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    return count / ((System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- 2. latency at a steady rate

  void latency() throws Exception {
    int total = sizes.latencyRate * sizes.latencySeconds;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(32);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    long periodNanos = 1_000_000_000L / sizes.latencyRate;
    // The first send is planned 50 ms ahead; the ticker's first tick comes then too (same 50 ms).
    long t0 = System.nanoTime() + 50_000_000;
    ticker.scheduleAtFixedRate(() -> {
      int n = sent.getAndIncrement();
      if (n >= total) {
        return;
      }
      // Latency counts from the planned send time, so a stalled server is not hidden (no coordinated omission).
      long planned = t0 + n * periodNanos;
      senders.submit(() -> {
        try {
          expect(lead(), 201);
          latencies.add(System.nanoTime() - planned);
        } catch (Throwable e) {
          failures.add(e);
        }
      });
    }, 50_000, periodNanos / 1000, TimeUnit.MICROSECONDS);
    while (sent.get() < total) {
      Thread.sleep(100);
    }
    ticker.shutdown();
    senders.shutdown();
    if (!senders.awaitTermination(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Latency run: requests still open after 120 s");
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("Latency run: " + failures.size() + " failed requests", failures.peek());
    }
    openDeals += total;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    long p50 = percentile(sorted, 50) / 1_000_000, p99 = percentile(sorted, 99) / 1_000_000;
    row("2. Задержка POST /api/leads при " + sizes.latencyRate + " заявок/с, " + sizes.latencySeconds + " с: p50", p50 + " мс", "—", null);
    row("2. Задержка POST /api/leads: p99", p99 + " мс", "≤ 100 мс", p99 <= 100);
  }

  // ---------------------------------------------------------------- 4. Tasklist «Мои задачи»

  /** A Tasklist filter and the user who works with it. */
  record FilterUse(String name, String user) {}

  static final List<FilterUse> FILTERS = List.of(
      new FilterUse("Мои задачи", "manager1"),
      new FilterUse("Задачи группы", "manager1"),
      new FilterUse("Просроченные", "manager1"),
      new FilterUse("На сегодня", "manager1"),
      new FilterUse("Все задачи отдела", "rop"));

  /** p95 per filter and the authorization rows at the small size, for the ratios. */
  final Map<String, Long> smallP95 = new HashMap<>();
  long smallAuthorizations;
  long smallOpenDeals;

  /**
   * Every ready-made filter as Tasklist calls it, by the user who uses it: the first page of 15
   * in HAL with the filter's columns embedded, then the count, authorization on. The sorting is
   * the one Tasklist sends (scripts/school-sorting.js: priority desc, due date asc). At the large
   * size also the ratio to the small one, and the authorization rows per open deal.
   */
  void tasklistFilters(int deals, boolean large) throws Exception {
    topUp(deals);
    awaitIdleJobs();
    long authorizations = count(get("/engine-rest/authorization/count"));
    // Labelled by the deals actually open: a reused database may already hold more than asked
    // for (--reuse on a full database), and then the «small» figure is not one at the small size.
    String size = thousands(openDeals);
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    boolean comparable = smallOpenDeals > 0 && smallOpenDeals <= 2L * sizes.tasklistSmall;
    for (FilterUse use : FILTERS) {
      long p95 = tasklist(use, load, large);
      if (!large) {
        smallP95.put(use.name(), p95);
      } else if (comparable) {
        long small = smallP95.getOrDefault(use.name(), 0L);
        double ratio = (double) p95 / Math.max(1, small);
        row("4. «" + use.name() + "»: p95 при " + size + " / при " + thousands(smallOpenDeals),
            String.format(Locale.ROOT, "%.2f", ratio), "≤ 2", p95 <= 2 * Math.max(1, small));
      } else {
        row("4. «" + use.name() + "»: p95 при " + size + " / при " + thousands(sizes.tasklistSmall),
            "не измерено: база уже была больше (" + thousands(smallOpenDeals) + " открытых); отношение — по отдельным базам, docs/performance.md",
            "≤ 2", null);
      }
    }
    if (!large) {
      smallAuthorizations = authorizations;
      smallOpenDeals = openDeals;
    } else {
      double perDeal = (double) (authorizations - smallAuthorizations) / Math.max(1, openDeals - smallOpenDeals);
      row("4. Строки авторизаций (ACT_RU_AUTHORIZATION) на открытую сделку",
          String.format(Locale.ROOT, "%d строк при %d открытых, %d при %d: %.3f на сделку", smallAuthorizations, smallOpenDeals,
              authorizations, openDeals, perDeal).replace('.', ','),
          "постоянно", authorizations == smallAuthorizations);
    }
  }

  static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
  }

  long tasklist(FilterUse use, String load, boolean large) throws Exception {
    // As Tasklist itself: a signed-in session (cookie and CSRF token), not Basic on every call.
    // Basic authenticates each request against the user table and the login throttle, which
    // Tasklist never pays after its login.
    TasklistSession session = TasklistSession.signIn(base, use.user());
    String filter = filterId(use);
    String body = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
        + "\"sorting\":[{\"sortBy\":\"priority\",\"sortOrder\":\"desc\"},{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}],\"active\":true}";
    String engine = "/camunda/api/engine/engine/default/filter/" + filter;
    HttpRequest list = session.request(engine + "/list?firstResult=0&maxResults=15")
        .header("Accept", "application/hal+json").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    // Tasklist 7.24 sends nothing else for a filter it shows: the HAL answer carries the count its
    // badge and pager use, and it sends the same call again every 10 s while the filter is open
    // (seen in the server's access log with Tasklist in Chromium, docs/performance.md). No
    // separate /count: that would count every task twice.
    // A warm server, as Tasklist meets it during the day: the first calls of a fresh JVM pay for
    // its JIT compiler (on 2 cores that is most of the CPU of the first dozens of calls).
    // The smoke run only checks that the calls work.
    long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 0 : 15);
    for (int i = 0; i < (smoke ? 2 : 10) || (i < 200 && System.nanoTime() < warm); i++) {
      session.expect(list, 200);
    }
    List<Long> times = new ArrayList<>();
    long found = 0;
    // CPU time of the application and the database server per call: on a shared machine the
    // wall-clock figures say as much about the neighbours as about us; CPU time much less.
    long cpu0 = cpuNanos();
    long budget = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int i = 0; i < sizes.tasklistSamples && (i < 5 || System.nanoTime() < budget); i++) {
      long t = System.nanoTime();
      String page = session.expect(list, 200);
      found = halCount(page);
      times.add(System.nanoTime() - t);
      if (found > 0 && !page.contains("\"_embedded\"")) {
        throw new IllegalStateException("«" + use.name() + "»: no HAL page: " + page);
      }
    }
    if (found == 0 && (use.name().equals("Мои задачи") || use.name().equals("Все задачи отдела"))) {
      throw new IllegalStateException("«" + use.name() + "» of " + use.user() + " is empty at " + openDeals + " open deals");
    }
    double cpuPerCall = (cpuNanos() - cpu0) / 1e6 / times.size();
    Collections.sort(times);
    long p95 = percentile(times, 95) / 1_000_000;
    String size = thousands(openDeals);
    row("4. «" + use.name() + "» (" + use.user() + ") при " + size + " открытых сделок: p95 (страница с count, как её просит Tasklist)",
        p95 + " мс (p50 " + percentile(times, 50) / 1_000_000 + " мс; CPU " + (db == Db.POSTGRES ? "приложения и PostgreSQL " : "приложения ")
            + String.format(Locale.ROOT, "%.1f", cpuPerCall).replace('.', ',') + " мс на вызов; в фильтре " + found + " задач, открыто "
            + openDeals + ", замеров " + times.size() + ", loadavg " + load + ")",
        large ? "≤ 50 мс" : "—", large ? p95 <= 50 : null);
    return p95;
  }

  /**
   * Leads sent as fast as answered, each with an Idempotency-Key: an overloaded application answers
   * 503 with Retry-After (pool exhausted on a shared machine), and the website repeats the same
   * request, which creates the lead at most once. Leads per second.
   */
  double fill(int count, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger left = new AtomicInteger(count);
    AtomicInteger retries = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        while (left.getAndDecrement() > 0) {
          HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/leads"))
              .header("X-Api-Key", INTAKE_KEY).header("Content-Type", "application/json")
              .header("Idempotency-Key", "bench-fill-" + java.util.UUID.randomUUID())
              .POST(HttpRequest.BodyPublishers.ofString(leadJson(), StandardCharsets.UTF_8)).build();
          for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201 || response.statusCode() == 200) {
              break;
            }
            if (response.statusCode() != 503 || attempt >= 30) {
              throw new IllegalStateException("POST /api/leads → " + response.statusCode() + ": " + response.body());
            }
            retries.incrementAndGet();
            Thread.sleep(1_000);
          }
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    if (retries.get() > 0) {
      System.out.println("fill: " + retries.get() + " leads repeated after 503");
    }
    return count / ((System.nanoTime() - t0) / 1e9);
  }

  /** CPU time (user + system) of the application and, on PostgreSQL, of the server and its backends. */
  long cpuNanos() {
    long ticks = processTicks(app.pid());
    if (db == Db.POSTGRES) {
      try {
        long postmaster = Long.parseLong(Files.readAllLines(work.resolve("pg/postmaster.pid")).get(0).trim());
        ticks += processTicks(postmaster);
        try (var procs = Files.list(Path.of("/proc"))) {
          for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
            String[] stat = statFields(proc);
            if (stat != null && Long.parseLong(stat[1]) == postmaster) {
              ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ticks * 10_000_000L; // USER_HZ = 100
  }

  static long processTicks(long pid) {
    String[] stat = statFields(Path.of("/proc/" + pid));
    return stat == null ? 0 : Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
  }

  /** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, …, [11] utime, [12] stime. */
  static String[] statFields(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException gone) {
      return null;
    }
  }

  void topUp(int deals) throws Exception {
    int missing = (int) Math.max(0, deals - openDeals);
    if (missing > 0) {
      if (db == Db.POSTGRES) {
        // Filling only: the commit does not wait for the disk. The rows are the same; the
        // measurements after it run with synchronous_commit=on again.
        sql("ALTER SYSTEM SET synchronous_commit = off");
        sql("SELECT pg_reload_conf()");
      }
      long t = System.nanoTime();
      double rate;
      try {
        // H2 serialises commits on its checkpoints: more clients only wait for pool connections.
        rate = fill(missing, db == Db.POSTGRES ? 2 * sizes.clients : sizes.clients);
      } finally {
        if (db == Db.POSTGRES) {
          sql("ALTER SYSTEM RESET synchronous_commit");
          sql("SELECT pg_reload_conf()");
        }
      }
      openDeals += missing;
      System.out.printf(Locale.ROOT, "seeded %d leads at %.0f/s in %.0f s%n", missing, rate, (System.nanoTime() - t) / 1e9);
      if (db == Db.POSTGRES) {
        // What autovacuum does after a bulk of inserts, so the planner knows the new sizes.
        sql("ANALYZE");
      }
    }
  }

  String filterId(FilterUse use) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/engine-rest/filter?name="
            + java.net.URLEncoder.encode(use.name(), StandardCharsets.UTF_8)))
        .header("Authorization", basic(use.user(), "demo")).build();
    Matcher m = ID.matcher(expect(request, 200));
    if (!m.find()) {
      throw new IllegalStateException("No «" + use.name() + "» filter visible to " + use.user());
    }
    return m.group(1);
  }

  /**
   * A Tasklist session as the browser holds it: the login form's cookie and the CSRF token that
   * Tasklist's scripts send back on every engine call.
   */
  static final class TasklistSession {
    private final String base;
    private final java.net.CookieManager cookies = new java.net.CookieManager();
    private final HttpClient client;

    private TasklistSession(String base) {
      this.base = base;
      this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
          .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static TasklistSession signIn(String base, String user) throws Exception {
      TasklistSession session = new TasklistSession(base);
      session.client.send(session.request("/camunda/app/tasklist/default/").GET().build(), HttpResponse.BodyHandlers.discarding());
      String form = "username=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=demo";
      session.expect(session.request("/camunda/api/admin/auth/user/default/login/tasklist")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), 200);
      // Tasklist's first engine call asks for the session's CSRF token.
      session.client.send(session.request("/camunda/api/engine/engine/default/task/count").header("X-XSRF-TOKEN", "Fetch").GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return session;
    }

    HttpRequest.Builder request(String path) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
      for (java.net.HttpCookie cookie : cookies.getCookieStore().getCookies()) {
        if (cookie.getName().equals("XSRF-TOKEN")) {
          request.header("X-XSRF-TOKEN", cookie.getValue());
        }
      }
      return request;
    }

    String expect(HttpRequest request, int status) throws Exception {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != status) {
        throw new IllegalStateException(request.method() + " " + request.uri() + " → " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    }
  }

  /**
   * Waits until the job executor has nothing due (the fill leaves the async continuations and
   * the first timers of thousands of leads behind), so the filters are measured on a quiet engine,
   * as Tasklist meets it in the morning; at most ten minutes.
   */
  void awaitIdleJobs() throws Exception {
    if (appArgs.contains("--camunda.bpm.job-execution.enabled=false")) {
      // A reused database whose timers fell due since the last run: measuring the reads alone
      // (--app-arg=--camunda.bpm.job-execution.enabled=false, filters only) need not drain them.
      System.out.println("job executor off: due jobs are left as they are");
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long t = System.nanoTime();
    long due;
    while ((due = count(get("/engine-rest/job/count?executable=true"))) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2_000);
    }
    System.out.printf(Locale.ROOT, "job executor idle after %.0f s (%d jobs due)%n", (System.nanoTime() - t) / 1e9, due);
  }

  // ---------------------------------------------------------------- 3. recall timers due at once

  /** The recall timers, waiting (bounded) until there are n of them. */
  List<String> recallTimers(int n) throws Exception {
    List<String> jobs = List.of();
    long waitUntil = System.nanoTime() + Duration.ofSeconds(Math.max(60, n / 20)).toNanos();
    while (System.nanoTime() < waitUntil) {
      jobs = ids(get("/engine-rest/job?activityId=Event_RecallDue&timers=true&maxResults=" + (n + 1000)));
      if (jobs.size() >= n) {
        break;
      }
      Thread.sleep(500);
    }
    return jobs;
  }

  void timers() throws Exception {
    int n = sizes.timers;
    topUp(n + 100);
    List<String> tasks = ids(get("/engine-rest/task?taskDefinitionKey=Activity_ProcessLead&processDefinitionKey=course-sale&maxResults=" + n));
    if (tasks.size() < n) {
      throw new IllegalStateException("Only " + tasks.size() + " «Обработать заявку» tasks for " + n + " timers");
    }
    long t = System.nanoTime();
    parallel(tasks.size(), i -> complete(tasks.get(i),
        "{\"variables\":{\"outcome\":{\"value\":\"NOT_REACHED\",\"type\":\"String\"},"
            + "\"result\":{\"value\":\"Не взял трубку\",\"type\":\"String\"}}}"));
    System.out.printf(Locale.ROOT, "%d leads not reached in %.0f s%n", n, (System.nanoTime() - t) / 1e9);

    // The first missed call sends «не смогли дозвониться» after an async boundary; the recall timer
    // exists once the job executor has run that step, so wait for it (bounded).
    List<String> jobs = recallTimers(n);
    if (jobs.size() < n) {
      throw new IllegalStateException("Only " + jobs.size() + " recall timers for " + n + " not-reached leads");
    }
    int before = (int) count(get("/engine-rest/task/count?taskDefinitionKey=Activity_Recall"));
    // All timers get one due moment a little ahead, so they are due at once however long moving them takes.
    long moveSeconds = Math.max(5, n / 150);
    Instant due = Instant.now().plusSeconds(moveSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String dueJson = "{\"duedate\":\"" + ENGINE_DATE.format(OffsetDateTime.ofInstant(due, ZoneOffset.UTC)) + "\"}";
    parallel(jobs.size(), i -> put("/engine-rest/job/" + jobs.get(i) + "/duedate", dueJson));
    if (Instant.now().isAfter(due)) {
      notes.add(db.title + ": перенос таймеров длился дольше запаса: часть таймеров получила срок уже в прошлом.");
    }
    int target = before + jobs.size();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(moveSeconds + sizes.drainTimeoutSeconds);
    while (Instant.now().isBefore(due)) {
      Thread.sleep(50);
    }
    // CPU of the application (and of the PostgreSQL server) while the timers fire: on a shared
    // machine the wall clock also counts the neighbours, the CPU per timer does not.
    long[] cpuBefore = {cpuMillis(app.pid()), postgresCpuMillis()};
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    int created;
    while ((created = (int) count(get("/engine-rest/task/count?taskDefinitionKey=Activity_Recall"))) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Recall timers: only " + (created - before) + " of " + jobs.size() + " fired in time");
      }
      Thread.sleep(200);
    }
    long appCpu = cpuMillis(app.pid()) - cpuBefore[0], pgCpu = postgresCpuMillis() - cpuBefore[1];
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    System.out.printf(Locale.ROOT, "recall drain: application CPU %.2f ms per timer, PostgreSQL server CPU %.2f ms per timer; load %s -> %s%n",
        (double) appCpu / jobs.size(), (double) pgCpu / jobs.size(), loadBefore, loadAfter);
    row("3. CPU на сработавший таймер: приложение / сервер PostgreSQL (нагрузка машины до → после)",
        String.format(Locale.ROOT, "%.2f мс / %s (%s → %s)", (double) appCpu / jobs.size(),
            db == Db.POSTGRES ? String.format(Locale.ROOT, "%.2f мс", (double) pgCpu / jobs.size()) : "—", loadBefore, loadAfter), "—", null);
    List<Long> lateness = new ArrayList<>();
    String after = ENGINE_DATE.format(OffsetDateTime.ofInstant(due.minusSeconds(1), ZoneOffset.UTC));
    for (int first = 0; ; first += 1000) {
      String page = get("/engine-rest/history/task?taskDefinitionKey=Activity_Recall&startedAfter="
          + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8) + "&firstResult=" + first + "&maxResults=1000");
      Matcher m = START_TIME.matcher(page);
      int found = 0;
      while (m.find()) {
        found++;
        lateness.add(Duration.between(due, OffsetDateTime.parse(m.group(1), ENGINE_DATE).toInstant()).toMillis());
      }
      if (found < 1000) {
        break;
      }
    }
    Collections.sort(lateness);
    long drained = lateness.get(lateness.size() - 1);
    row("3. " + sizes.timers + " таймеров перезвона в один момент: все задачи созданы за", ms(drained) + " (" + jobs.size() + " таймеров)",
        "≤ 60 000 мс", drained <= 60_000);
    row("3. Опоздание задачи «Перезвонить»: p50 / p99", ms(percentile(lateness, 50)) + " / " + ms(percentile(lateness, 99)), "—", null);
  }

  /** User and system CPU of one process, in milliseconds (/proc/PID/stat, clock ticks of 10 ms). */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  /** CPU of the embedded PostgreSQL server: its postmaster and every backend it started. */
  long postgresCpuMillis() throws IOException {
    if (postgres == null) {
      return 0;
    }
    Path pidFile = work.resolve("pg/postmaster.pid");
    if (!Files.exists(pidFile)) {
      return 0;
    }
    long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    return ProcessHandle.of(postmaster).map(p -> cpuMillis(p.pid()) + p.descendants().mapToLong(c -> cpuMillis(c.pid())).sum()).orElse(0L);
  }

  // ---------------------------------------------------------------- 6. growth and history cleanup

  long databaseBytes() throws Exception {
    if (db == Db.POSTGRES) {
      return sqlLong("SELECT pg_database_size(current_database())");
    }
    return Files.size(work.resolve("db/school.mv.db"));
  }

  /** PostgreSQL: every table (with its TOAST) and every index of the application's schema, each with its size. */
  Map<String, Long> tableBytes() throws Exception {
    Map<String, Long> sizes = new TreeMap<>();
    if (db != Db.POSTGRES) {
      return sizes;
    }
    sqlRows(
        "SELECT relname, CASE WHEN relkind = 'r' THEN pg_table_size(oid) ELSE pg_relation_size(oid) END FROM pg_class"
            + " WHERE relkind IN ('r', 'i') AND relnamespace = 'public'::regnamespace",
        rs -> sizes.put(rs.getString(1), rs.getLong(2)));
    return sizes;
  }

  /**
   * What each table and each index grew by per closed deal, largest first, with the live and dead
   * rows a table holds after the run (dead rows are space PostgreSQL reuses after a vacuum, not data
   * kept; an index shows 0 and 0).
   */
  String growthPerTable(Map<String, Long> before, Map<String, Long> after, int deals) throws Exception {
    Map<String, long[]> rows = new TreeMap<>();
    sqlRows("SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables",
        rs -> rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}));
    StringBuilder text = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() != 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> {
              long[] tuples = rows.getOrDefault(e.getKey(), new long[2]);
              text.append(String.format(Locale.ROOT, "%8.1f KB/deal  %-32s live %d, dead %d%n",
                  e.getValue() / 1024.0 / deals, e.getKey(), tuples[0], tuples[1]));
            });
    return text.toString();
  }

  long finishedSales() {
    return count(get("/engine-rest/history/process-instance/count?processDefinitionKey=course-sale&finished=true"));
  }

  /**
   * {@code n} leads, each closed as «Нецелевая» by its manager's form. For the cleanup check they
   * close with a history time to live of 0 days (due at once); the model's 365 days are put back
   * right after.
   */
  void closeLeads(int n, String definition) throws Exception {
    closedLoop(this::lead, n, 201);
    List<String> tasks = ids(get("/engine-rest/task?taskDefinitionKey=Activity_ProcessLead&processDefinitionKey=course-sale"
        + "&sortBy=created&sortOrder=desc&maxResults=" + n));
    put("/engine-rest/process-definition/" + definition + "/history-time-to-live", "{\"historyTimeToLive\":0}");
    try {
      parallel(tasks.size(), i -> complete(tasks.get(i),
          "{\"variables\":{\"outcome\":{\"value\":\"NOT_TARGETED\",\"type\":\"String\"},"
              + "\"result\":{\"value\":\"Спам-заявка\",\"type\":\"String\"},"
              + "\"lossReason\":{\"value\":\"Спам\",\"type\":\"String\"}}}"));
    } finally {
      put("/engine-rest/process-definition/" + definition + "/history-time-to-live", "{\"historyTimeToLive\":365}");
    }
    Thread.sleep(2000);
  }

  void growth() throws Exception {
    int n = sizes.closedDeals;
    String definition = ids(get("/engine-rest/process-definition?key=course-sale&latestVersion=true")).get(0);
    long finishedBefore = finishedSales();
    long before = databaseBytes();
    Map<String, Long> tablesBefore = tableBytes();
    closeLeads(n, definition);
    long after = databaseBytes();
    if (db == Db.POSTGRES) {
      Files.writeString(work.resolve("growth-per-table.txt"), growthPerTable(tablesBefore, tableBytes(), n));
    }
    row("6. Рост базы на закрытую сделку (" + n + " заявок → «Нецелевая», история «school», свежая база)",
        ((after - before) / n / 1024) + " КБ", "—", null);
    if (db == Db.POSTGRES) {
      // What the database keeps per closed deal once it runs: the first batch's working rows
      // (variables, executions, tasks, jobs) are deleted when its deals close, and a vacuum — what
      // autovacuum does on a running school — makes their space free for the next batch's.
      sql("VACUUM");
      long steadyBefore = databaseBytes();
      Map<String, Long> steadyTables = tableBytes();
      closeLeads(n, definition);
      long steadyAfter = databaseBytes();
      Files.writeString(work.resolve("growth-per-table-steady.txt"), growthPerTable(steadyTables, tableBytes(), n));
      long kb = (steadyAfter - steadyBefore) / n / 1024;
      row("6. То же в установившемся режиме: ещё " + n + " заявок → «Нецелевая» после VACUUM первых", kb + " КБ", "≤ 40 КБ", kb <= 40);
    }
    long closed = finishedSales() - finishedBefore;

    String cleanup = get("/engine-rest/history/cleanup/configuration");
    Matcher window = Pattern.compile("\"batchWindowStartTime\":\"[^\"]*T(\\d\\d:\\d\\d)[^\"]*\",\"batchWindowEndTime\":\"[^\"]*T(\\d\\d:\\d\\d)").matcher(cleanup);
    boolean hasWindow = window.find();
    // History cleanup as the nightly window would run it, started now for the check.
    long t = System.nanoTime();
    post("/engine-rest/history/cleanup?immediatelyDue=true", "", 200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    long left;
    while ((left = finishedSales() - finishedBefore) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    row("6. Очистка истории: окно; закрытые сделки с истёкшим сроком удалены из истории",
        (hasWindow ? "окно " + window.group(1) + "–" + window.group(2) : "окна нет") + "; удалено "
            + (closed - Math.max(0, left)) + " из " + closed + " за " + ms((System.nanoTime() - t) / 1_000_000)
            + "; TTL моделей: «Продажа курса» 365 дней",
        "окно задано, всё удалено", hasWindow && left <= 0);
    if (left > 0) {
      throw new IllegalStateException("History cleanup left " + left + " of " + closed + " closed deals after 180 s");
    }
  }

  // ---------------------------------------------------------------- profile: SQL statements per lead

  /**
   * Every SQL statement the database receives for one lead and for one baseline start, from the
   * database's own statement log: H2's trace file (TRACE_LEVEL_FILE=2, needs a restart, which
   * also gives the start time on a full database) and PostgreSQL's log_min_duration_statement=0
   * (with the server's time per statement). One client and no job executor (restarted without
   * it), so each lead's statements are its own.
   */
  void sqlProfile() throws Exception {
    int n = sizes.profiledLeads;
    // A restart without the job executor: its background work (timers, messages, cleanup) would
    // count as the leads' statements. H2 also needs the restart to switch its trace on.
    app.destroy();
    if (!app.waitFor(60, TimeUnit.SECONDS)) {
      app.destroyForcibly();
    }
    String noJobs = "--camunda.bpm.job-execution.enabled=false";
    long restart = db == Db.H2 ? startApplication(";TRACE_LEVEL_FILE=2;TRACE_MAX_FILE_SIZE=1000", noJobs) : startApplication("", noJobs);
    row("5. Время до готовности, перезапуск на заполненной базе", ms(restart) + " (открыто " + openDeals + ")", "—", null);
    Path log;
    if (db == Db.H2) {
      log = work.resolve("db/school.trace.db");
    } else {
      sql("ALTER SYSTEM SET log_min_duration_statement = 0");
      sql("SELECT pg_reload_conf()");
      log = work.resolve("postgres.log");
    }
    closedLoop(this::lead, 10, 201, 1);
    closedLoop(this::baselineStart, 10, 200, 1);
    closedLoop(this::bareStart, 10, 200, 1);
    Thread.sleep(1000);
    long a = Files.size(log);
    closedLoop(this::lead, n, 201, 1);
    openDeals += n + 10;
    Thread.sleep(1000);
    long b = Files.size(log);
    closedLoop(this::baselineStart, n, 200, 1);
    Thread.sleep(1000);
    long c = Files.size(log);
    closedLoop(this::bareStart, n, 200, 1);
    Thread.sleep(1000);
    long d = Files.size(log);
    if (db == Db.POSTGRES) {
      sql("ALTER SYSTEM RESET log_min_duration_statement");
      sql("SELECT pg_reload_conf()");
    }
    Map<String, double[]> leads = statements(log, a, b), baseline = statements(log, b, c), bare = statements(log, c, d);
    row("Профиль: SQL-запросов на заявку / на старт базовой линии / на голый старт без переменных",
        perUnit(leads, n) + " / " + perUnit(baseline, n) + " / " + perUnit(bare, n), "—", null);
    if (db == Db.POSTGRES) {
      row("Профиль: время SQL на сервере на заявку / на старт базовой линии / на голый старт",
          String.format(Locale.ROOT, "%.1f мс / %.1f мс / %.1f мс", total(leads, 1) / n, total(baseline, 1) / n, total(bare, 1) / n), "—", null);
    }
    StringBuilder top = new StringBuilder();
    top.append("| на заявку | ").append(db == Db.POSTGRES ? "мс на заявку | " : "").append("запрос |\n|---:|")
        .append(db == Db.POSTGRES ? "---:|" : "").append("---|\n");
    leads.entrySet().stream()
        .sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
        .limit(20)
        .forEach(e -> top.append(String.format(Locale.ROOT, "| %.1f | ", e.getValue()[0] / n))
            .append(db == Db.POSTGRES ? String.format(Locale.ROOT, "%.2f | ", e.getValue()[1] / n) : "")
            .append('`').append(e.getKey().replace("|", "\\|").replace("`", "'")).append("` |\n"));
    sqlProfiles.put(db, top.toString());
    // Every statement of a lead, for reading beyond the 20 most frequent.
    StringBuilder all = new StringBuilder();
    leads.entrySet().stream()
        .sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
        .forEach(e -> all.append(String.format(Locale.ROOT, "%5.1f  %s%n", e.getValue()[0] / n, e.getKey())));
    Files.writeString(work.resolve("sql-per-lead.txt"), all.toString());
  }

  static final Pattern H2_STATEMENT = Pattern.compile("/\\*SQL[^*]*\\*/(.*)$");
  static final Pattern PG_STATEMENT = Pattern.compile("duration: ([0-9.]+) ms  (?:(execute [^:]+|statement)|parse [^:]+|bind [^:]+): (.*)$");

  /** Statement (normalised, first 90 characters) → {count, milliseconds}, from a byte range of the log. */
  static Map<String, double[]> statements(Path log, long from, long to) throws IOException {
    byte[] bytes = new byte[(int) (to - from)];
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      file.seek(from);
      file.readFully(bytes);
    }
    // One entry per log record: a record starts with its timestamp; the SQL of PostgreSQL's
    // records and the statement line of H2's trace follow on lines of their own.
    List<String> entries = new ArrayList<>();
    StringBuilder entry = new StringBuilder();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (line.matches("^\\d{4}-\\d\\d-\\d\\d .*") && entry.length() > 0) {
        entries.add(entry.toString());
        entry.setLength(0);
      }
      entry.append(line).append(' ');
    }
    entries.add(entry.toString());
    Map<String, double[]> out = new HashMap<>();
    for (String record : entries) {
      String text;
      double millis = 0;
      boolean counted = true;
      Matcher h2 = H2_STATEMENT.matcher(record);
      Matcher pg = PG_STATEMENT.matcher(record);
      if (h2.find()) {
        text = h2.group(1);
        int params = text.indexOf(" {1:");
        text = params >= 0 ? text.substring(0, params) : text;
      } else if (pg.find()) {
        millis = Double.parseDouble(pg.group(1));
        counted = pg.group(2) != null; // parse and bind add time, execute counts the statement
        text = pg.group(3);
      } else {
        continue;
      }
      String key = text.replace("\\n", " ").replaceAll("\\s+", " ").replaceAll(";\\s*$", "").trim();
      key = key.length() > 90 ? key.substring(0, 90) + "…" : key;
      double[] v = out.computeIfAbsent(key, k -> new double[2]);
      v[0] += counted ? 1 : 0;
      v[1] += millis;
    }
    out.values().removeIf(v -> v[0] == 0 && v[1] == 0);
    return out;
  }

  static double total(Map<String, double[]> statements, int index) {
    return statements.values().stream().mapToDouble(v -> v[index]).sum();
  }

  /** «152 (история движка 60, …)» per unit of work. */
  static String perUnit(Map<String, double[]> statements, int units) {
    Map<String, Double> groups = new LinkedHashMap<>();
    for (String g : List.of("история движка", "выполнение движка", "авторизации", "пользователи", "наши таблицы", "транзакции")) {
      groups.put(g, 0.0);
    }
    statements.forEach((sql, v) -> {
      String upper = sql.toUpperCase(Locale.ROOT);
      String group =
          upper.matches("^(COMMIT|BEGIN|ROLLBACK|SAVEPOINT|RELEASE|SET ).*") ? "транзакции"
              : upper.contains("ACT_RU_AUTHORIZATION") ? "авторизации"
              : upper.contains("ACT_HI_") ? "история движка"
              : upper.contains("ACT_ID_") ? "пользователи"
              : upper.contains("ACT_") ? "выполнение движка"
              : "наши таблицы";
      groups.merge(group, v[0], Double::sum);
    });
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%.0f (", total(statements, 0) / units));
    groups.forEach((g, count) -> out.append(out.charAt(out.length() - 1) == '(' ? "" : ", ")
        .append(g).append(' ').append(String.format(Locale.ROOT, "%.0f", count / units)));
    return out.append(')').toString();
  }

  // ---------------------------------------------------------------- HTTP helpers

  void parallel(int count, IntConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(sizes.clients);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < sizes.clients; c++) {
      workers.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < count; ) {
          work.accept(i);
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
  }

  /**
   * Completes a task as a person in Tasklist would: a 409 — a job of the same deal changed it at
   * the same moment, the engine rolled the completion back and said so — is tried again, twice at
   * most. Anything else but 204 breaks the run.
   */
  void complete(String taskId, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/engine-rest/task/" + taskId + "/complete")).header("Authorization", ADMIN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = send(request);
      if (response.statusCode() == 204) {
        return;
      }
      if (response.statusCode() != 409 || attempt == 3) {
        throw new IllegalStateException("POST " + request.uri() + " → " + response.statusCode() + ": " + response.body());
      }
      try {
        Thread.sleep(200L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  String get(String path) {
    return expect(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", ADMIN).build(), 200);
  }

  String post(String path, String json, int status) {
    return expect(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", ADMIN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), status);
  }

  void put(String path, String json) {
    expect(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", ADMIN)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(), 204);
  }

  String expect(HttpRequest request, int status) {
    HttpResponse<String> response = send(request);
    if (response.statusCode() != status) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " → " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<String> ids(String json) {
    List<String> ids = new ArrayList<>();
    Matcher m = ID.matcher(json);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The HAL list's own count: its last top-level field, after the embedded tasks and variables. */
  static long halCount(String hal) {
    Matcher m = COUNT.matcher(hal);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    if (last < 0) {
      throw new IllegalStateException("No count in " + hal);
    }
    return last;
  }

  static long count(String json) {
    Matcher m = COUNT.matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("No count in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- figures and the report

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static String ms(long millis) {
    return String.format(Locale.ROOT, "%,d мс", millis).replace(',', ' ');
  }

  static String mb(long bytes) {
    return (bytes >> 20) + " МБ";
  }

  void row(String what, String value, String goal, Boolean met) {
    Row row = rows.computeIfAbsent(what, k -> new Row(goal));
    row.values.put(db, value);
    if (met != null) {
      row.met.put(db, met);
    }
    System.out.printf("%-12s %-90s %-30s %-16s %s%n", db.name(), what, value, goal, met == null ? "" : met ? "да" : "НЕТ");
  }

  String report(String args) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("| измерение | цель |");
    for (Db d : dbs) {
      out.append(' ').append(d.title).append(" |");
    }
    out.append("\n|---|---|").append("---|".repeat(dbs.size())).append('\n');
    for (Map.Entry<String, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      out.append("| ").append(e.getKey()).append(" | ").append(r.goal).append(" |");
      for (Db d : dbs) {
        Boolean met = r.met.get(d);
        out.append(' ').append(r.values.getOrDefault(d, "—"))
            .append(met == null ? "" : met ? " ✓" : " **✗**").append(" |");
      }
      out.append('\n');
    }
    for (String note : notes) {
      out.append("\n").append(note).append("\n");
    }
    for (Map.Entry<String, String> e : sqlProfiles.entrySet().stream()
        .map(x -> Map.entry(x.getKey().title, x.getValue())).toList()) {
      out.append("\nЧастые SQL-запросы одной заявки, ").append(e.getKey()).append(":\n\n").append(e.getValue());
    }
    out.append("\nМашина: ").append(Runtime.getRuntime().availableProcessors()).append(" CPU, ")
        .append(memTotal()).append(" памяти, Java ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append("; нагрузка (loadavg) в конце каждого прогона: ")
        .append(String.join(", ", loads)).append(". JVM приложения: `").append(appJavaOpts).append("`. Команда: `scripts/bench.sh")
        .append(args.isBlank() ? "" : " " + args).append("`")
        .append(smoke ? " (smoke: крошечные объёмы, цифры не показательны)" : "").append(".\n");
    return out.toString();
  }

  static final String TABLE_START = "<!-- bench:table -->", TABLE_END = "<!-- /bench:table -->";

  /** The table replaces the marked part of an existing document, so the prose around it stays. */
  static String intoDocument(Path out, String report) throws IOException {
    if (Files.exists(out)) {
      String doc = Files.readString(out);
      int start = doc.indexOf(TABLE_START), end = doc.indexOf(TABLE_END);
      if (start >= 0 && end > start) {
        return doc.substring(0, start + TABLE_START.length()) + "\n" + report + doc.substring(end);
      }
    }
    return TABLE_START + "\n" + report + TABLE_END + "\n";
  }

  static String memTotal() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return (Long.parseLong(line.replaceAll("\\D", "")) >> 20) + " ГБ";
      }
    }
    return "?";
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
