package ru.onlineschool.funnels.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transaction manager of the application and the engine. On an H2 file database every commit
 * is written to the file before the commit returns (H2's {@code CHECKPOINT}), so a killed process
 * loses nothing it has acknowledged (issue 9, H2KillFaultIT) — and H2's background writer, which
 * frees and reuses the file's space, keeps running while people write (H2FileCompaction stops it
 * while nobody does: with every commit checkpointed it has nothing to save then). H2's own {@code WRITE_DELAY=0} gives the same
 * durability but stops that writer: the benchmark's file grew by about 1 MB per lead, 6 GB in four
 * minutes. PostgreSQL is durable at commit by itself; nothing is added there, nor for H2 in memory.
 *
 * <p>Checkpoints are shared (group commit): a checkpoint writes everything committed before it
 * began, so a thread whose commit an ongoing or later checkpoint already covers does not start
 * one of its own. Under load one checkpoint serves many commits, and H2 writes fewer, larger
 * chunks.
 *
 * <p>A transaction that wrote nothing — a Tasklist list, a count, the engine's authentication
 * reads — commits without a checkpoint: it has nothing to make durable. It used to checkpoint
 * like a writer (a Tasklist call is several engine transactions) and, under intake, queued behind
 * the writers' checkpoints (issue 15). H2 says whether the session holds uncommitted changes
 * (its own session's pending changes), asked once before each commit.
 * The price: a reader may show a change whose writer is still waiting for its own checkpoint and
 * has not answered its client yet; should the process die in those milliseconds, the change is
 * lost as that client was never told otherwise, but the reader has seen it.
 */
public class DurableCommitTransactionManager extends JdbcTransactionManager {

  private volatile Boolean h2File;
  /** Commits finished so far; each thread counts its own after the commit returned. */
  private final AtomicLong committed = new AtomicLong();
  private final Object checkpointLock = new Object();
  /** Every commit counted up to this number is in the file (guarded by checkpointLock). */
  private long checkpointed;

  public DurableCommitTransactionManager(DataSource dataSource) {
    super(dataSource);
  }

  /**
   * The commit's failure while Spring rolls back after it. When that rollback fails too (the
   * connection is gone), Spring throws the rollback's failure alone — a pool's «Connection is
   * closed» without SQLState — and the reason is lost; the API could not tell an outage (503)
   * from a bug (500). The commit's failure is attached to it as the application exception.
   */
  private final ThreadLocal<RuntimeException> failedCommit = new ThreadLocal<>();

  /** Commits that wrote something to an H2 file so far: how much people and jobs write (H2FileCompaction). */
  long durableCommits() {
    return committed.get();
  }

  @Override
  protected void doCommit(DefaultTransactionStatus status) {
    Connection connection =
        TransactionSynchronizationManager.getResource(obtainDataSource()) instanceof ConnectionHolder holder ? holder.getConnection() : null;
    boolean durable;
    try {
      durable = connection != null && isH2File(connection) && wroteSomething(connection);
    } catch (SQLException e) {
      throw translateException("checking for changes before commit", e);
    }
    try {
      super.doCommit(status);
    } catch (RuntimeException e) {
      failedCommit.set(e);
      throw e;
    }
    if (!durable) {
      return;
    }
    try {
      checkpoint(connection, committed.incrementAndGet());
    } catch (SQLException e) {
      throw translateException("CHECKPOINT after commit", e);
    }
  }

  /**
   * Whether the H2 session has changes to commit (a transaction that only read has none). The
   * embedded session is asked itself: {@code INFORMATION_SCHEMA.SESSIONS} builds a row for every
   * session of the database and reads each one's transaction while its own thread may be ending
   * it — under load H2 2.3.232 then threw a {@code NullPointerException} from another session's
   * {@code hasPendingTransaction}, and a Basic login failed with 500 (the benchmark's 10,000
   * timers at 50,000 open deals). Only a remote session still asks through SQL.
   */
  private static boolean wroteSomething(Connection connection) throws SQLException {
    if (connection.isWrapperFor(JdbcConnection.class)
        && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
      return session.hasPendingTransaction();
    }
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT CONTAINS_UNCOMMITTED FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()")) {
      return !result.next() || result.getBoolean(1);
    }
  }

  @Override
  protected void doRollback(DefaultTransactionStatus status) {
    RuntimeException commit = failedCommit.get();
    failedCommit.remove();
    try {
      super.doRollback(status);
    } catch (TransactionSystemException rollback) {
      if (commit != null && rollback.getApplicationException() == null) {
        rollback.initApplicationException(commit);
      }
      throw rollback;
    }
  }

  @Override
  protected void doCleanupAfterCompletion(Object transaction) {
    failedCommit.remove();
    super.doCleanupAfterCompletion(transaction);
  }

  /**
   * Returns once commit number {@code mine} is in the file. Threads wait here only after their
   * commit, holding no row locks, so waiting on the Java lock cannot deadlock with the database.
   */
  private void checkpoint(Connection connection, long mine) throws SQLException {
    synchronized (checkpointLock) {
      if (checkpointed >= mine) {
        return;
      }
      // All commits counted so far have returned, so this checkpoint writes them all.
      long upTo = committed.get();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      checkpointed = upTo;
    }
  }

  private boolean isH2File(Connection connection) throws SQLException {
    Boolean known = h2File;
    if (known == null) {
      DatabaseMetaData metaData = connection.getMetaData();
      String url = metaData == null ? null : metaData.getURL();
      known = url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
      h2File = known;
    }
    return known;
  }
}
