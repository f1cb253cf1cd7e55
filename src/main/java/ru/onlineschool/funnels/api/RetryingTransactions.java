package ru.onlineschool.funnels.api;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one transaction (shared with the engine) and runs it again, whole, when it lost a
 * race: a unique key another request inserted first (two first leads for one phone, one
 * Idempotency-Key sent twice, one payment reference), a lock wait that timed out or the engine's
 * optimistic lock. The next attempt sees what the winner committed and decides anew. Bounded:
 * after {@link #MAX_ATTEMPTS} the last failure goes to the client as a 5xx.
 */
@Component
public class RetryingTransactions {

  static final int MAX_ATTEMPTS = 6;
  private static final Logger log = LoggerFactory.getLogger(RetryingTransactions.class);
  /** Unique violation, serialization failure, PostgreSQL deadlock, H2 lock timeout. */
  private static final Set<String> RETRY_SQL_STATES = Set.of("23505", "40001", "40P01", "HYT00");
  /** H2: duplicate key, lock timeout, concurrent update, deadlock. */
  private static final Set<Integer> RETRY_H2_CODES = Set.of(23505, 50200, 90131, 40001);

  private final TransactionTemplate transaction;

  public RetryingTransactions(PlatformTransactionManager transactionManager) {
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public <T> T run(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(status -> work.get());
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !lostARace(e)) {
          throw e;
        }
        log.debug("Транзакция проиграла гонку, попытка {} из {}: {}", attempt, MAX_ATTEMPTS, e.toString());
        pause(attempt);
      }
    }
  }

  static boolean lostARace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApiException) {
        return false;
      }
      if (t instanceof DuplicateKeyException
          || t instanceof ConcurrencyFailureException
          || t instanceof OptimisticLockingException) {
        return true;
      }
      // Set.of(…).contains(null) throws: batch and pool exceptions may carry no SQLState.
      if (t instanceof SQLException sql
          && ((sql.getSQLState() != null && RETRY_SQL_STATES.contains(sql.getSQLState()))
              || RETRY_H2_CODES.contains(sql.getErrorCode()))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Backs off with jitter so that the losers do not collide again in lock-step. */
  private static void pause(int attempt) {
    long millis = 20L * (1L << Math.min(attempt, 5)) + ThreadLocalRandom.current().nextLong(40);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("прервано во время повтора транзакции", e);
    }
  }
}
