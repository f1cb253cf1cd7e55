package ru.onlineschool.funnels.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.DatabaseUnavailable;
import ru.onlineschool.funnels.api.RequestViolations;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.config.PollingWorker;

/**
 * The webhooks' way in (issue 19): a lead is checked as {@code POST /api/leads} checks it, kept in
 * {@link LeadInbox} — the webhook answers as soon as that row is committed — and turned into a deal
 * by {@link LeadIntake} right after, on this class's own thread. The deal, the duplicate check,
 * the distribution and the 15-minute task are those of {@code POST /api/leads}.
 *
 * <p>When the engine fails (an outage, a suspended model) the lead stays in the inbox and is tried
 * again after {@code school.webhooks.retry-delay}, doubling up to an hour; after
 * {@code school.webhooks.max-attempts} it is marked FAILED and logged as an error, never dropped.
 * A poll every {@code school.webhooks.poll-interval} also takes up what a stopped node left.
 */
@Service
public class QueuedIntake implements SmartLifecycle {

  /** A lead as the inbox keeps it: the request as checked, and the form it came from. */
  record Envelope(String formId, LeadRequest lead) {}

  private static final Logger log = LoggerFactory.getLogger(QueuedIntake.class);
  private static final int BATCH = 20;

  private final LeadInbox inbox;
  private final LeadIntake intake;
  private final RetryingTransactions transactions;
  private final Validator validator;
  private final ObjectMapper json;
  private final Duration retryDelay;
  private final int maxAttempts;
  private final PollingWorker worker;

  public QueuedIntake(
      LeadInbox inbox,
      LeadIntake intake,
      RetryingTransactions transactions,
      Validator validator,
      ObjectMapper json,
      @Value("${school.webhooks.poll-interval:PT10S}") Duration pollInterval,
      @Value("${school.webhooks.retry-delay:PT1M}") Duration retryDelay,
      @Value("${school.webhooks.max-attempts:12}") int maxAttempts) {
    this.inbox = inbox;
    this.intake = intake;
    this.transactions = transactions;
    this.validator = validator;
    this.json = json;
    this.worker = new PollingWorker("lead-inbox", pollInterval, this::drain);
    this.retryDelay = retryDelay;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Checks the lead by the rules of {@code POST /api/leads} (a bad one is refused with the same
   * Russian errors and leaves no row) and keeps it once per {@code (channel, externalId)}. True
   * when it is new, false for a copy of a lead already received.
   */
  public boolean enqueue(String channel, String externalId, String formId, LeadRequest lead) {
    Set<ConstraintViolation<LeadRequest>> violations = validator.validate(lead);
    if (!violations.isEmpty()) {
      throw ApiException.invalid(RequestViolations.problems(violations));
    }
    String stored = write(new Envelope(formId, lead));
    boolean fresh = transactions.run(() -> inbox.accept(channel, externalId, stored, now()));
    if (fresh) {
      wake();
    }
    return fresh;
  }

  /** Starts the deals of every lead that is due, now, on the worker's thread. */
  void wake() {
    worker.wake();
  }


  /** Works off the due leads; a failure of one does not hold up the others. */
  void drain() {
    try {
      List<Long> due;
      do {
        due = inbox.due(now(), BATCH);
        for (long id : due) {
          if (!startDeal(id)) {
            return;
          }
        }
      } while (due.size() == BATCH);
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.causedBy(e)) {
        log.warn("Очередь заявок с вебхуков ждёт базу данных: {}", e.toString());
      } else {
        log.error("Очередь заявок с вебхуков: сбой при выборке", e);
      }
    }
  }

  /** One lead to its deal; false when the database is away (no point in trying the rest now). */
  boolean startDeal(long id) {
    try {
      transactions.run(
          () -> {
            inbox.lockWaiting(id)
                .ifPresent(
                    queued -> {
                      Envelope envelope = read(queued.lead());
                      long dealId = intake.acceptQueued(ValidLead.of(envelope.lead()), queued.channel(), envelope.formId());
                      inbox.done(queued.id(), dealId);
                    });
            return null;
          });
      return true;
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.causedBy(e)) {
        log.warn("Заявка №{} из очереди вебхуков ждёт базу данных: {}", id, e.toString());
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
            int attempt = inbox.attempts(id) + 1;
            boolean giveUp = attempt >= maxAttempts;
            long factor = 1L << Math.min(attempt - 1, 10);
            Duration delay = retryDelay.multipliedBy(factor);
            Duration capped = delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
            inbox.failed(id, failure.toString(), now().plus(capped), giveUp);
            if (giveUp) {
              log.error("Заявка №{} из очереди вебхуков не превратилась в сделку после {} попыток, оставлена в lead_inbox (FAILED)", id, attempt, failure);
            } else {
              log.warn("Заявка №{} из очереди вебхуков: попытка {} не удалась, следующая через {}: {}", id, attempt, capped, failure.toString());
            }
            return null;
          });
    } catch (RuntimeException e) {
      log.warn("Заявка №{} из очереди вебхуков: не удалось записать неудачную попытку: {}", id, e.toString());
    }
  }

  private String write(Envelope envelope) {
    try {
      return json.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Envelope read(String stored) {
    try {
      return json.readValue(stored, Envelope.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("запись очереди заявок не читается", e);
    }
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  // ---- lifecycle: one worker thread per node, polling for what is due ----------------------

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
