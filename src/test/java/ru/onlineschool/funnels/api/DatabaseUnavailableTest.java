package ru.onlineschool.funnels.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean «the database is away» (503 with Retry-After) — as they arrived in the
 * outage fault test — and which are something else (still 500 or a retried race).
 */
class DatabaseUnavailableTest {

  static SQLException connectionLost() {
    return new SQLException("An I/O error occurred while sending to the backend.", "08006", new EOFException());
  }

  @Test
  void noConnectionFromThePoolInTime() {
    var pool = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms");
    assertThat(DatabaseUnavailable.causedBy(new CannotCreateTransactionException("Could not open JDBC Connection", pool))).isTrue();
  }

  @Test
  void aConnectionLostInsideTheEngineIsFoundThroughCamundasWrappers() {
    var engine = new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation",
        new PersistenceException(new BatchUpdateException("Batch entry 0 insert into ACT_HI_DETAIL", null, 0, new int[0], connectionLost())));
    assertThat(DatabaseUnavailable.causedBy(engine)).isTrue();
  }

  @Test
  void aRollbackThatFailedOnTheClosedConnectionKeepsTheReasonItRolledBack() {
    var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
    rollback.initApplicationException(new ProcessEngineException("insert failed", connectionLost()));
    assertThat(DatabaseUnavailable.causedBy(rollback)).isTrue();
  }

  @Test
  void otherFailuresAreNotAnOutage() {
    assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("check", new SQLException("x", "23514")))).isFalse();
    assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))).isFalse();
    assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void aFailureWithoutSqlStateIsNotMistakenForALostRace() {
    assertThat(RetryingTransactions.lostARace(new ProcessEngineException("batch", new BatchUpdateException()))).isFalse();
    assertThat(RetryingTransactions.lostARace(new SQLException("duplicate", "23505"))).isTrue();
  }
}
