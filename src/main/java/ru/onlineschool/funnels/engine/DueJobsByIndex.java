package ru.onlineschool.funnels.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job executor finds due jobs through an index on the due date instead of reading the whole job
 * table (issue 21). The engine's acquisition asks for «due date empty or passed, not locked» with
 * no index to answer it: every acquisition of 10 jobs read every job, those due in a week included.
 * With 10,000 open deals, each with its timers, the acquisition thread alone took more CPU than
 * the jobs it handed out. Now:
 *
 * <ul>
 *   <li>every job gets a due date, async continuations the moment they are created (the engine's
 *       {@code ensureJobDueDateNotNull}), so the acquisition asks «due date passed» alone, a range
 *       of the index;
 *   <li>jobs are acquired earliest due first ({@code jobExecutorAcquireByDueDate}): the index gives
 *       them in that order, the query stops after the first ten, and a recall due at 09:00 fires
 *       before one due at 09:05;
 *   <li>the index {@value #INDEX} on {@code ACT_RU_JOB(DUEDATE_)}, created once the engine has its
 *       tables (the engine's schema has none on that column);
 *   <li>jobs written before this (or by a node of an older version during a rolling update) have no
 *       due date, and the acquisition would never see them again: at every start they get their
 *       creation time (or now) as due date, once, before the job executor starts.
 * </ul>
 *
 * <p>Both steps are idempotent, on H2 and on PostgreSQL, so a restart or a second node changes
 * nothing. Several nodes on PostgreSQL compete for the same earliest jobs; the profile
 * {@code postgres} backs a node off after a lost race (application-postgres.yaml).
 */
final class DueJobsByIndex {

  static final String INDEX = "SCHOOL_IDX_JOB_DUEDATE";

  private static final Logger log = LoggerFactory.getLogger(DueJobsByIndex.class);

  private DueJobsByIndex() {}

  /** Before the engine is built: every job gets a due date, acquisition in due date order. */
  static void configure(ProcessEngineConfigurationImpl configuration) {
    configuration.setEnsureJobDueDateNotNull(true);
    configuration.setJobExecutorAcquireByDueDate(true);
  }

  /** Once the engine has its tables (before the job executor starts): the index, and due dates for old jobs. */
  static void prepare(ProcessEngineConfigurationImpl configuration) {
    String table = prefix(configuration) + "ACT_RU_JOB";
    DataSource dataSource = configuration.getDataSource();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      createIndex(connection, table);
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE " + table + " SET DUEDATE_ = COALESCE(CREATE_TIME_, ?) WHERE DUEDATE_ IS NULL")) {
        update.setTimestamp(1, new Timestamp(ClockUtil.getCurrentTime().getTime()));
        int updated = update.executeUpdate();
        if (updated > 0) {
          log.info("{} jobs without a due date got their creation time as due date (the job executor acquires by due date)", updated);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("The job table's due date index could not be prepared: " + e.getMessage(), e);
    }
  }

  /**
   * Two nodes starting together on an empty PostgreSQL may both try to create the index; the loser
   * fails although the index is there. It tries once more; an index still missing is worth a
   * warning, not a start refused (the acquisition is only slower without it).
   */
  private static void createIndex(Connection connection, String table) {
    String create = "CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + table + " (DUEDATE_)";
    for (int attempt = 1; ; attempt++) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(create);
        return;
      } catch (SQLException e) {
        if (attempt == 2) {
          log.warn("The index {} on the job table was not created; the job executor reads the whole job table instead: {}", INDEX, e.toString());
          return;
        }
      }
    }
  }

  private static String prefix(ProcessEngineConfigurationImpl configuration) {
    String prefix = configuration.getDatabaseTablePrefix();
    return prefix == null ? "" : prefix;
  }
}
