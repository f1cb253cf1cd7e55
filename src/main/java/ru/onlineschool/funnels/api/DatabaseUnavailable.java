package ru.onlineschool.funnels.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that means «the database cannot be reached right now» rather than «this
 * request is wrong» or «the code is broken»: no connection from the pool within its timeout
 * (Hikari's {@link SQLTransientConnectionException}), a connection lost mid-request (SQLState
 * class 08), and Spring's or the engine's wrappers around them — the cause chain is walked, since
 * Camunda wraps the driver's exception in its own. The client is told to come back later: 503 with
 * {@code Retry-After}, never a success. Its transaction rolled back or never began; only when the
 * connection was lost during the commit itself may the work have been stored, and a repeat with
 * the same Idempotency-Key then returns the first answer instead of a second lead.
 */
public final class DatabaseUnavailable {

  /** Seconds a client should wait before sending the request again (the header Retry-After). */
  public static final int RETRY_AFTER_SECONDS = 30;
  public static final String TITLE = "Сервис временно недоступен";
  public static final String DETAIL =
      "База данных временно недоступна, повторите запрос позже. Повтор с тем же Idempotency-Key безопасен: "
          + "дубля не будет.";

  private DatabaseUnavailable() {}

  public static boolean causedBy(Throwable failure) {
    return causedBy(failure, 0);
  }

  private static boolean causedBy(Throwable failure, int nesting) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      // The rollback after a lost connection fails too («Connection is closed», no SQLState) and
      // Spring reports that failure, keeping the one that made it roll back as the application exception.
      if (t instanceof TransactionSystemException rollback
          && rollback.getApplicationException() != null
          && nesting < 3
          && causedBy(rollback.getApplicationException(), nesting + 1)) {
        return true;
      }
      if (t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** SQLState class 08: connection exception (cannot connect, connection lost, link failure). */
  private static boolean isConnectionState(String state) {
    return state != null && state.startsWith("08");
  }
}
