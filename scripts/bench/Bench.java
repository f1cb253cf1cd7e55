import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of issue 8 (see docs/performance.md). Starts the packaged application on a free
 * port with its own empty H2 database under target/bench/, drives it over HTTP as the website,
 * Tasklist and an administrator would, prints a table and writes docs/performance.md.
 *
 * <p>Run through {@code scripts/bench.sh [--smoke] [--app-arg=--some.property=value …]}. Plain
 * JDK 17 only (single-file source launch): no Maven module, so it cannot drift from the JDK client.
 * It fails (exit 1) when something is broken — an HTTP error, a lost lead, timers never firing —
 * and never because a number misses its goal: slow shared machines must not break CI.
 */
public class Bench {

  static final String INTAKE_KEY = "demo-intake-key";
  static final String ADMIN = basic("admin", "demo");
  static final String MANAGER = basic("manager1", "demo");
  static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
  static final Pattern START_TIME = Pattern.compile("\"startTime\":\"([^\"]+)\"");

  /** Sizes of one run; smoke keeps every phase but makes it tiny. */
  record Sizes(
      int rounds, int perRound, int clients, int latencyRate, int latencySeconds,
      int tasklistSmall, int tasklistLarge, int tasklistSamples, int timers, int closedDeals, int drainTimeoutSeconds) {
    static Sizes smoke() {
      return new Sizes(1, 40, 8, 20, 3, 60, 120, 10, 40, 20, 90);
    }

    static Sizes full() {
      return new Sizes(3, 600, 8, 50, 60, 1_000, 50_000, 60, 10_000, 500, 600);
    }
  }

  final Sizes sizes;
  final boolean smoke;
  final Path work;
  final List<String> appArgs;
  final List<String[]> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final HttpClient http;
  final AtomicLong phones = new AtomicLong(1_000_000);
  String base;
  Process app;

  Bench(boolean smoke, Sizes sizes, List<String> appArgs) {
    this.smoke = smoke;
    this.sizes = sizes;
    this.appArgs = appArgs;
    this.work = Path.of("target", "bench", smoke ? "smoke" : "full");
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
    List<String> appArgs = new ArrayList<>();
    for (String arg : args) {
      Matcher size = Pattern.compile("--(rounds|per-round|latency-rate|latency-seconds|deals|timers|closed)=(\\d+)").matcher(arg);
      if (arg.equals("--smoke")) {
        // already read
      } else if (size.matches()) {
        int v = Integer.parseInt(size.group(2));
        Sizes z = sizes;
        sizes = switch (size.group(1)) {
          case "rounds" -> new Sizes(v, z.perRound(), z.clients(), z.latencyRate(), z.latencySeconds(), z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), z.timers(), z.closedDeals(), z.drainTimeoutSeconds());
          case "per-round" -> new Sizes(z.rounds(), v, z.clients(), z.latencyRate(), z.latencySeconds(), z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), z.timers(), z.closedDeals(), z.drainTimeoutSeconds());
          case "latency-rate" -> new Sizes(z.rounds(), z.perRound(), z.clients(), v, z.latencySeconds(), z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), z.timers(), z.closedDeals(), z.drainTimeoutSeconds());
          case "latency-seconds" -> new Sizes(z.rounds(), z.perRound(), z.clients(), z.latencyRate(), v, z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), z.timers(), z.closedDeals(), z.drainTimeoutSeconds());
          case "deals" -> new Sizes(z.rounds(), z.perRound(), z.clients(), z.latencyRate(), z.latencySeconds(), z.tasklistSmall(), v, z.tasklistSamples(), z.timers(), z.closedDeals(), z.drainTimeoutSeconds());
          case "timers" -> new Sizes(z.rounds(), z.perRound(), z.clients(), z.latencyRate(), z.latencySeconds(), z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), v, z.closedDeals(), z.drainTimeoutSeconds());
          default -> new Sizes(z.rounds(), z.perRound(), z.clients(), z.latencyRate(), z.latencySeconds(), z.tasklistSmall(), z.tasklistLarge(), z.tasklistSamples(), z.timers(), v, z.drainTimeoutSeconds());
        };
      } else if (arg.startsWith("--out=")) {
        out = Path.of(arg.substring(6));
      } else if (arg.startsWith("--app-arg=")) {
        appArgs.add(arg.substring(10));
      } else {
        throw new IllegalArgumentException("Unknown argument " + arg
            + " (known: --smoke, --out=FILE, --app-arg=ARG, --rounds=, --per-round=, --latency-rate=, --latency-seconds=, --deals=, --timers=, --closed=)");
      }
    }
    Bench bench = new Bench(smoke, sizes, appArgs);
    try {
      bench.run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.err.println("BENCHMARK BROKEN: " + e.getMessage() + " (application log: " + bench.work.resolve("app.log") + ")");
      bench.stop();
      System.exit(1);
    }
    bench.stop();
    String report = bench.report(String.join(" ", List.of(args).stream().filter(a -> !a.startsWith("--out=")).toList()));
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, intoDocument(out, report));
      System.out.println("Written to " + out);
    }
    System.exit(0);
  }

  void run() throws Exception {
    long started = startApplication();
    row("5. Время до готовности (пустая база)", ms(started), "≤ 15 000 мс", started <= 15_000);
    Thread.sleep(smoke ? 1_000 : 10_000);
    long[] idle = memory();
    row("5. RSS в покое", mb(idle[0]), "≤ 700 МБ", idle[0] <= 700L << 20);
    row("5. Heap used / committed в покое", mb(idle[1]) + " / " + mb(idle[2]), "—", null);

    deployBaseline();
    intakeVersusBaseline();
    latency();
    tasklist(sizes.tasklistSmall);
    long small = lastTasklistP95;
    timers();
    growth();
    tasklist(sizes.tasklistLarge);
    long large = lastTasklistP95;
    row("4. «Мои задачи»: p95 при " + sizes.tasklistLarge + " / p95 при " + sizes.tasklistSmall,
        String.format(Locale.ROOT, "%.2f", (double) large / Math.max(1, small)), "≤ 2", large <= 2 * small);
  }

  // ---------------------------------------------------------------- the application

  long startApplication() throws Exception {
    deleteRecursively(work);
    Files.createDirectories(work);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    base = "http://localhost:" + port;
    Path jar;
    try (var jars = Files.list(Path.of("target"))) {
      jar = jars.filter(p -> p.getFileName().toString().matches("school-funnels-.*\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("No target/school-funnels-*.jar: run ./mvnw package first"));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String javaOpts = System.getenv("BENCH_APP_JAVA_OPTS");
    if (javaOpts != null && !javaOpts.isBlank()) {
      command.addAll(List.of(javaOpts.trim().split("\\s+")));
    }
    command.addAll(List.of(
        "-jar", jar.toString(),
        "--server.port=" + port,
        "--spring.profiles.active=demo",
        "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("db/school")
            + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0"));
    command.addAll(appArgs);
    long t0 = System.nanoTime();
    app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("app.log").toFile()).start();
    while (true) {
      if (!app.isAlive()) {
        throw new IllegalStateException("The application died while starting; see " + work.resolve("app.log"));
      }
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(180)) {
        throw new IllegalStateException("The application did not become ready in 180 s; see " + work.resolve("app.log"));
      }
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  void stop() {
    if (app != null && app.isAlive()) {
      app.destroy();
      try {
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
          app.destroyForcibly();
        }
      } catch (InterruptedException e) {
        app.destroyForcibly();
      }
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
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
    String info = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    if (m.find()) {
      committed = Long.parseLong(m.group(1)) * 1024;
      used = Long.parseLong(m.group(2)) * 1024;
    }
    return new long[] {rss, used, committed};
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

  long openDeals = 13; // the demo profile's deals on an empty database, all open

  void intakeVersusBaseline() throws Exception {
    // Warm-up: JIT, connection pools, the engine's caches; not counted.
    closedLoop(this::baselineStart, smoke ? 20 : 300, 200);
    closedLoop(this::lead, smoke ? 20 : 300, 201);
    openDeals += smoke ? 20 : 300;
    List<Double> intake = new ArrayList<>(), baseline = new ArrayList<>(), ratios = new ArrayList<>();
    long[] peak = {0, 0};
    for (int round = 0; round < sizes.rounds; round++) {
      double b = closedLoop(this::baselineStart, sizes.perRound, 200);
      double i = closedLoop(this::lead, sizes.perRound, 201);
      openDeals += sizes.perRound;
      long[] now = memory();
      peak[0] = Math.max(peak[0], now[0]);
      peak[1] = Math.max(peak[1], now[1]);
      baseline.add(b);
      intake.add(i);
      ratios.add(i / b);
      System.out.printf(Locale.ROOT, "round %d: baseline %.1f/s, intake %.1f/s%n", round + 1, b, i);
    }
    double intakeMedian = median(intake), baselineMedian = median(baseline), ratio = median(ratios);
    row("1. Приём заявок, " + sizes.clients + " клиентов (медиана " + sizes.rounds + " раундов по " + sizes.perRound + ")",
        String.format(Locale.ROOT, "%.0f заявок/с", intakeMedian), "≥ 150 заявок/с", intakeMedian >= 150);
    row("1. Базовая линия: старт процесса с одной задачей через engine-rest",
        String.format(Locale.ROOT, "%.0f процессов/с", baselineMedian), "—", null);
    row("1. Заявки / базовая линия (медиана отношений по раундам)",
        String.format(Locale.ROOT, "%.2f", ratio), "≥ 0.80", ratio >= 0.8);
    row("5. RSS / heap used под нагрузкой 1 (максимум)", mb(peak[0]) + " / " + mb(peak[1]), "RSS ≤ 700 МБ", peak[0] <= 700L << 20);
  }

  /** Sends {@code count} requests from {@code clients} threads as fast as answered; requests per second. */
  double closedLoop(java.util.function.Supplier<HttpRequest> requests, int count, int status) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(sizes.clients);
    AtomicInteger left = new AtomicInteger(count);
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < sizes.clients; c++) {
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
    List<Future<?>> all = Collections.synchronizedList(new ArrayList<>());
    ticker.scheduleAtFixedRate(() -> {
      int n = sent.getAndIncrement();
      if (n >= total) {
        return;
      }
      // Latency counts from the planned send time, so a stalled server is not hidden (no coordinated omission).
      long planned = t0 + n * periodNanos;
      all.add(senders.submit(() -> {
        try {
          expect(lead(), 201);
          latencies.add(System.nanoTime() - planned);
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
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

  long lastTasklistP95;

  void tasklist(int deals) throws Exception {
    topUp(deals);
    String filter = myTasksFilter();
    // Tasklist asks for HAL with the filter's columns as embedded variables, then the count.
    String body = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
        + "\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}],\"active\":true}";
    HttpRequest list = HttpRequest.newBuilder(URI.create(base + "/engine-rest/filter/" + filter + "/list?firstResult=0&maxResults=15"))
        .header("Authorization", MANAGER).header("Accept", "application/hal+json").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpRequest count = HttpRequest.newBuilder(URI.create(base + "/engine-rest/filter/" + filter + "/count"))
        .header("Authorization", MANAGER).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int i = 0; i < 5; i++) {
      expect(list, 200);
      expect(count, 200);
    }
    List<Long> times = new ArrayList<>();
    long mine = 0;
    for (int i = 0; i < sizes.tasklistSamples; i++) {
      long t = System.nanoTime();
      String page = expect(list, 200);
      mine = count(expect(count, 200));
      times.add(System.nanoTime() - t);
      if (!page.contains("\"_embedded\"")) {
        throw new IllegalStateException("«Мои задачи»: no HAL page: " + page);
      }
    }
    if (mine == 0) {
      throw new IllegalStateException("«Мои задачи» of manager1 is empty at " + deals + " open deals");
    }
    Collections.sort(times);
    lastTasklistP95 = percentile(times, 95) / 1_000_000;
    row("4. «Мои задачи» (manager1: " + mine + " задач), первая страница + count, p95 при " + openDeals + " открытых сделок",
        lastTasklistP95 + " мс", deals >= 50_000 ? "≤ 50 мс" : "—", deals >= 50_000 ? lastTasklistP95 <= 50 : null);
  }

  void topUp(int deals) throws Exception {
    int missing = (int) Math.max(0, deals - openDeals);
    if (missing > 0) {
      long t = System.nanoTime();
      double rate = closedLoop(this::lead, missing, 201);
      openDeals += missing;
      System.out.printf(Locale.ROOT, "seeded %d leads at %.0f/s in %.0f s%n", missing, rate, (System.nanoTime() - t) / 1e9);
    }
  }

  String myTasksFilter() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/engine-rest/filter?name="
            + java.net.URLEncoder.encode("Мои задачи", StandardCharsets.UTF_8)))
        .header("Authorization", MANAGER).build();
    Matcher m = ID.matcher(expect(request, 200));
    if (!m.find()) {
      throw new IllegalStateException("No «Мои задачи» filter visible to manager1");
    }
    return m.group(1);
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
    parallel(tasks.size(), i -> post("/engine-rest/task/" + tasks.get(i) + "/complete",
        "{\"variables\":{\"outcome\":{\"value\":\"NOT_REACHED\",\"type\":\"String\"},"
            + "\"result\":{\"value\":\"Не взял трубку\",\"type\":\"String\"}}}", 204));
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
      notes.add("Перенос таймеров длился дольше запаса: часть таймеров получила срок уже в прошлом.");
    }
    int target = before + jobs.size();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(moveSeconds + sizes.drainTimeoutSeconds);
    int created;
    while ((created = (int) count(get("/engine-rest/task/count?taskDefinitionKey=Activity_Recall"))) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Recall timers: only " + (created - before) + " of " + jobs.size() + " fired in time");
      }
      Thread.sleep(200);
    }
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
    row("3. " + jobs.size() + " таймеров перезвона в один момент: всё выбрано за", ms(drained), "≤ 60 000 мс", drained <= 60_000);
    row("3. Опоздание задачи «Перезвонить»: p50 / p99", ms(percentile(lateness, 50)) + " / " + ms(percentile(lateness, 99)), "—", null);
  }

  // ---------------------------------------------------------------- 6. growth and history cleanup

  void growth() throws Exception {
    int n = sizes.closedDeals;
    Path db = work.resolve("db/school.mv.db");
    long before = Files.size(db);
    closedLoop(this::lead, n, 201);
    List<String> tasks = ids(get("/engine-rest/task?taskDefinitionKey=Activity_ProcessLead&processDefinitionKey=course-sale"
        + "&sortBy=created&sortOrder=desc&maxResults=" + n));
    parallel(tasks.size(), i -> post("/engine-rest/task/" + tasks.get(i) + "/complete",
        "{\"variables\":{\"outcome\":{\"value\":\"NOT_TARGETED\",\"type\":\"String\"},"
            + "\"result\":{\"value\":\"Спам-заявка\",\"type\":\"String\"},"
            + "\"lossReason\":{\"value\":\"Спам\",\"type\":\"String\"}}}", 204));
    Thread.sleep(2000);
    long after = Files.size(db);
    String cleanup = get("/engine-rest/history/cleanup/configuration");
    row("6. Рост H2-файла на закрытую сделку (" + n + " заявок → «Нецелевая»)", ((after - before) / n / 1024) + " КБ", "—", null);
    row("6. Очистка истории: окно и TTL", cleanup.replaceAll("[{}\"]", "").replace(",", ", ") + "; TTL course-sale P365D",
        "окно задано", cleanup.contains("StartTime\":\""));
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
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != status) {
        throw new IllegalStateException(request.method() + " " + request.uri() + " → " + response.statusCode() + ": " + response.body());
      }
      return response.body();
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
    String verdict = met == null ? "" : met ? "да" : "**нет**";
    rows.add(new String[] {what, value, goal, verdict});
    System.out.printf("%-90s %-24s %-16s %s%n", what, value, goal, verdict);
  }

  String report(String args) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("| измерение | результат | цель | достигнута |\n|---|---|---|---|\n");
    for (String[] r : rows) {
      out.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    for (String note : notes) {
      out.append("\n").append(note).append("\n");
    }
    out.append("\nМашина: ").append(Runtime.getRuntime().availableProcessors()).append(" CPU, ")
        .append(memTotal()).append(" памяти, Java ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(", нагрузка (loadavg) в конце: ")
        .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0])
        .append(". Команда: `scripts/bench.sh").append(args.isBlank() ? "" : " " + args).append("`")
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
