package ru.onlineschool.funnels.faults;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a separate JVM ({@code java -Xmx512m -jar …}) on its own loopback
 * port, its output in a log file per start. {@link #kill()} is SIGKILL; {@link #start()} again
 * starts a new process with the same settings and port, as an operator restarting the node would.
 */
final class AppNode {

  /** The school's zone; the engine writes its timestamps in it (SchoolTimeZone sets the JVM default). */
  static final String ZONE = "Europe/Moscow";

  final String name;
  private final Path dir;
  private final Map<String, String> env;
  private final List<String> args;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private Path log;
  private int starts;
  private Instant readyAt;

  AppNode(String name, Path dir, Map<String, String> env, List<String> args) {
    this.name = name;
    this.dir = dir;
    this.env = new LinkedHashMap<>(env);
    this.env.putIfAbsent("SCHOOL_TIME_ZONE", ZONE);
    this.args = List.copyOf(args);
    this.port = freePort();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path jar() {
    String configured = System.getProperty("faults.jar");
    Path jar = configured != null ? Path.of(configured) : Path.of("target", "school-funnels-0.1.0-SNAPSHOT.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("No application jar at " + jar.toAbsolutePath() + ": run ./mvnw package first");
    }
    return jar;
  }

  /** Starts the JVM (not waiting for it); returns this. */
  AppNode start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    readyAt = null;
    log = dir.resolve(name + "-" + starts + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // Up to three JVMs share 2 cores here: with the quick JIT tier and one GC thread a node started
    // in 15–23 s instead of 25–45 s. What the tests check (commits, locks, retries) does not depend on it.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("SCHOOL_") || k.startsWith("SPRING_") || k.equals("PORT"));
    builder.environment().putAll(env);
    process = builder.start();
    return this;
  }

  /** Polls {@code /actuator/health} until UP; fails if the process dies or the deadline passes. */
  AppNode awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " died while starting (exit " + process.exitValue() + "), log " + log);
      }
      try {
        HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
          readyAt = Instant.now();
          return this;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s, log " + log);
      }
      Thread.sleep(250);
    }
  }

  /** SIGKILL (destroyForcibly on Linux), waiting until the process is gone. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " survived SIGKILL for 30 s");
      }
    }
  }

  /** SIGTERM: Spring closes the context (the H2 file is closed cleanly); SIGKILL after 60 s. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  Instant readyAt() {
    return readyAt;
  }

  List<Path> logs() {
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= starts; i++) {
      logs.add(dir.resolve(name + "-" + i + ".log"));
    }
    return logs;
  }

  /** The last lines of each log of this node, for a failed test's output. */
  String tails(int lines) {
    StringBuilder out = new StringBuilder();
    for (Path file : logs()) {
      out.append("----- ").append(file).append(" (last ").append(lines).append(" lines) -----\n");
      try {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return name + "@" + port;
  }
}
