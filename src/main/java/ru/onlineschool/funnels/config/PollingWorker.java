package ru.onlineschool.funnels.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One daemon thread per node that runs a task every {@code interval} and at once when woken: the
 * durable queues' worker (webhook leads in {@code lead/QueuedIntake}, messengers' messages in
 * {@code inbound/InboundQueue}). A wake inside a transaction runs after its commit, so the worker
 * sees the row the caller just wrote. The owner calls {@link #start()}/{@link #stop()} from its
 * {@code SmartLifecycle}.
 */
public final class PollingWorker {

  private final String threadName;
  private final Duration interval;
  private final Runnable task;
  private volatile ScheduledExecutorService executor;

  public PollingWorker(String threadName, Duration interval, Runnable task) {
    this.threadName = threadName;
    this.interval = interval;
    this.task = task;
  }

  public synchronized void start() {
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    started.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    executor = started;
  }

  /** Lets a running pass finish (up to 20 s), then stops the thread. */
  public synchronized void stop() {
    ScheduledExecutorService running = executor;
    executor = null;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(20, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public boolean isRunning() {
    return executor != null;
  }

  /** Runs the task now on the worker's thread: after the current transaction commits, if there is one. */
  public void wake() {
    ScheduledExecutorService current = executor;
    if (current == null) {
      return;
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              current.execute(task);
            }
          });
    } else {
      current.execute(task);
    }
  }
}
