package ru.onlineschool.funnels.migration;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** How far the running import is: rows to write, rows written; one import at a time. */
@Component
public class AmoProgress {

  /** What the progress bar shows. */
  public record Snapshot(boolean running, int total, int done, int percent) {}

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();

  /** Starts counting; refuses a second import while one runs (their plans would overlap). */
  void start(int rows) {
    if (!running.compareAndSet(false, true)) {
      throw new AmoImportException("Импорт уже идёт: дождитесь его окончания.");
    }
    total.set(rows);
    done.set(0);
  }

  void advance(int rows) {
    done.addAndGet(rows);
  }

  void finish() {
    running.set(false);
  }

  public Snapshot snapshot() {
    int all = total.get();
    int written = done.get();
    return new Snapshot(running.get(), all, written, all == 0 ? (running.get() ? 0 : 100) : written * 100 / all);
  }
}
