package ru.onlineschool.funnels.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.DatabaseUnavailable;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.config.PollingWorker;

/**
 * The messengers' way in (issue 20): a webhook keeps the message ({@link #accept}) and answers as
 * soon as its row is committed; {@link InboundProcessing} works it off right after, on this class's
 * own thread, one transaction per message. When that fails (an outage, a suspended model) the
 * message stays and is tried again after {@code school.webhooks.retry-delay}, doubling up to an
 * hour; after {@code school.webhooks.max-attempts} it is marked FAILED and logged as an error,
 * never dropped. A poll every {@code school.webhooks.poll-interval} takes up what a stopped node left.
 */
@Service
public class InboundQueue implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboundQueue.class);
  private static final int BATCH = 20;

  private final InboundMessages messages;
  private final InboundProcessing processing;
  private final RetryingTransactions transactions;
  private final Duration retryDelay;
  private final int maxAttempts;
  private final PollingWorker worker;

  public InboundQueue(
      InboundMessages messages,
      InboundProcessing processing,
      RetryingTransactions transactions,
      @Value("${school.webhooks.poll-interval:PT10S}") Duration pollInterval,
      @Value("${school.webhooks.retry-delay:PT1M}") Duration retryDelay,
      @Value("${school.webhooks.max-attempts:12}") int maxAttempts) {
    this.messages = messages;
    this.processing = processing;
    this.transactions = transactions;
    this.worker = new PollingWorker("inbound-messages", pollInterval, this::drain);
    this.retryDelay = retryDelay;
    this.maxAttempts = maxAttempts;
  }

  /** Keeps the message once per (channel, external id); true when it is new, false for a repeated delivery. */
  public boolean accept(InboundMessage message) {
    boolean fresh = transactions.run(() -> messages.accept(message, now()));
    if (fresh) {
      wake();
    }
    return fresh;
  }

  /** Processes every due message now, on the worker's thread (after the caller's commit). */
  void wake() {
    worker.wake();
  }


  /** Works off the due messages; one that fails does not hold up the others. */
  void drain() {
    try {
      List<Long> due;
      do {
        due = messages.due(now(), BATCH);
        for (long id : due) {
          if (!process(id)) {
            return;
          }
        }
      } while (due.size() == BATCH);
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.causedBy(e)) {
        log.warn("Очередь сообщений из мессенджеров ждёт базу данных: {}", e.toString());
      } else {
        log.error("Очередь сообщений из мессенджеров: сбой при выборке", e);
      }
    }
  }

  /** One message; false when the database is away (no point in trying the rest now). */
  boolean process(long id) {
    try {
      transactions.run(
          () -> {
            messages.lockWaiting(id)
                .ifPresent(
                    waiting -> {
                      InboundProcessing.Result result = processing.process(waiting.message());
                      messages.done(waiting.id(), result.outcome(), result.contactId(), result.dealId());
                    });
            return null;
          });
      return true;
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.causedBy(e)) {
        log.warn("Сообщение №{} из мессенджера ждёт базу данных: {}", id, e.toString());
        return false;
      }
      recordFailure(id, e);
      return true;
    }
  }

  private void recordFailure(long id, RuntimeException failure) {
    try {
      transactions.run(
          () -> {
            int attempt = messages.attempts(id) + 1;
            boolean giveUp = attempt >= maxAttempts;
            Duration delay = retryDelay.multipliedBy(1L << Math.min(attempt - 1, 10));
            Duration capped = delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
            messages.failed(id, failure.toString(), now().plus(capped), giveUp);
            if (giveUp) {
              log.error("Сообщение №{} из мессенджера не обработано после {} попыток, оставлено в inbound_message (FAILED)", id, attempt, failure);
            } else {
              log.warn("Сообщение №{} из мессенджера: попытка {} не удалась, следующая через {}: {}", id, attempt, capped, failure.toString());
            }
            return null;
          });
    } catch (RuntimeException e) {
      log.warn("Сообщение №{} из мессенджера: не удалось записать неудачную попытку: {}", id, e.toString());
    }
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  @Override
  public void start() {
    worker.start();
  }

  @Override
  public void stop() {
    worker.stop();
  }

  @Override
  public boolean isRunning() {
    return worker.isRunning();
  }

}
