package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
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

  /**
   * On an H2 file a writing transaction is on disk before its commit returns (CHECKPOINT); one that
   * only read has nothing to write and must not wait for the disk (issue 15: a Tasklist call is
   * several engine transactions, each used to checkpoint).
   */
  @Test
  void onAnH2FileOnlyTransactionsThatWroteSomethingCheckpoint(@TempDir Path dir) throws Exception {
    List<String> statements = new CopyOnWriteArrayList<>();
    SingleConnectionDataSource h2 = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("db"), "sa", "", true);
    h2.setAutoCommit(true);
    DataSource recording = recordingStatements(h2, statements);
    try {
      JdbcTemplate jdbc = new JdbcTemplate(recording);
      jdbc.execute("CREATE TABLE lead_row (id INT PRIMARY KEY)");
      TransactionTemplate transaction = new TransactionTemplate(new DurableCommitTransactionManager(recording));

      statements.clear();
      transaction.executeWithoutResult(status -> jdbc.queryForObject("SELECT COUNT(*) FROM lead_row", Long.class));
      assertThat(statements).noneMatch(sql -> sql.equals("CHECKPOINT"));

      transaction.executeWithoutResult(status -> jdbc.update("INSERT INTO lead_row (id) VALUES (1)"));
      assertThat(statements).containsOnlyOnce("CHECKPOINT");
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_row", Long.class)).isEqualTo(1);
    } finally {
      h2.destroy();
    }
  }

  @Test
  void readersAndWritersOnManyConnectionsCommitWhileOtherSessionsBeginAndEnd(@TempDir Path dir) throws Exception {
    // Before each commit the manager asks whether the transaction wrote. Asking H2's session
    // table read every other session's transaction as its thread ended it, and a reader's commit
    // failed now and then with H2's NullPointerException (benchmark, 10,000 timers at once at
    // 50,000 open deals). That window is too narrow to hit here on purpose (this test passed
    // against the old query too); it checks that the session's own answer keeps eight connections'
    // readers and writers correct: every write committed, no reader refused.
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db"));
    pool.setUsername("sa");
    pool.setMaximumPoolSize(8);
    try {
      JdbcTemplate jdbc = new JdbcTemplate(pool);
      jdbc.execute("CREATE TABLE lead_row (id INT PRIMARY KEY)");
      TransactionTemplate transaction = new TransactionTemplate(new DurableCommitTransactionManager(pool));
      java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        boolean writer = t % 2 == 0;
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 300; i++) {
            try {
              if (writer) {
                transaction.executeWithoutResult(status -> jdbc.update("INSERT INTO lead_row (id) VALUES (?)", ids.incrementAndGet()));
              } else {
                transaction.executeWithoutResult(status -> jdbc.queryForObject("SELECT COUNT(*) FROM lead_row", Long.class));
              }
            } catch (RuntimeException e) {
              failures.add(e);
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(failures).isEmpty();
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lead_row", Long.class)).isEqualTo(4 * 300);
    } finally {
      pool.close();
    }
  }

  /** A data source whose statements note the SQL they execute (Statement.execute only). */
  private static DataSource recordingStatements(DataSource target, List<String> executed) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (ds, dsMethod, dsArgs) -> {
      Object result = invoke(target, dsMethod, dsArgs);
      if (!(result instanceof Connection connection)) {
        return result;
      }
      return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, cMethod, cArgs) -> {
        Object made = invoke(connection, cMethod, cArgs);
        if (!(made instanceof Statement statement) || !cMethod.getName().equals("createStatement")) {
          return made;
        }
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (st, sMethod, sArgs) -> {
          if (sMethod.getName().equals("execute") && sArgs != null && sArgs.length == 1 && sArgs[0] instanceof String sql) {
            executed.add(sql);
          }
          return invoke(statement, sMethod, sArgs);
        });
      });
    });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
