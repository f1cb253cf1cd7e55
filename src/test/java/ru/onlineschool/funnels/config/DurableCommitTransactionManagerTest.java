package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import ru.onlineschool.funnels.api.DatabaseUnavailable;

/**
 * The database goes away between a transaction's work and its commit (DatabaseOutageFaultIT saw
 * it: one lead answered 500 instead of 503): the commit fails, the rollback after it fails on the
 * closed connection, and the API must still recognise the outage.
 */
class DurableCommitTransactionManagerTest {

  @Test
  void aCommitLostWithTheConnectionIsStillRecognisedAsAnOutageWhenTheRollbackFailsToo() throws Exception {
    Connection connection = mock(Connection.class);
    when(connection.getAutoCommit()).thenReturn(true);
    doThrow(new SQLException("An I/O error occurred while sending to the backend.", "08006")).when(connection).commit();
    doThrow(new SQLException("Connection is closed")).when(connection).rollback();
    DataSource dataSource = mock(DataSource.class);
    when(dataSource.getConnection()).thenReturn(connection);

    TransactionTemplate transaction = new TransactionTemplate(new DurableCommitTransactionManager(dataSource));

    assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {}))
        .satisfies(failure -> assertThat(DatabaseUnavailable.causedBy(failure)).isTrue());
  }
}
