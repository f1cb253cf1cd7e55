package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Issue 21: an H2 file written as the application writes it — small transactions, each followed by
 * a CHECKPOINT (DurableCommitTransactionManager) — grows far beyond its data; the compaction passes
 * bring it back within twice its data, and every committed row is still there after a restart.
 */
class H2FileCompactionTest {

  static final int COMMITS = 1500;

  @Test
  void compactionPassesKeepTheFileWithinTwiceItsDataAndLoseNothing(@TempDir Path dir) throws Exception {
    JdbcDataSource dataSource = fileDatabase(dir, "school");
    Path file = dir.resolve("school.mv.db");
    // The passes run after the writing: nobody writes meanwhile.
    H2FileCompaction compaction = new H2FileCompaction(dataSource, () -> 0, Duration.ofSeconds(5));
    // The open connection keeps the database open between the passes' own connections.
    try (Connection keeper = dataSource.getConnection()) {
      writeLikeTheApplication(keeper);
      long grown = Files.size(file);
      long data = dataSize(file, dir);
      assertThat(grown).as("the file before any pass (data %d bytes)", data).isGreaterThan(2 * data);

      for (int pass = 0; pass < 40 && Files.size(file) > 2 * dataSize(file, dir); pass++) {
        compaction.compact();
      }

      long compacted = Files.size(file);
      assertThat(compacted).as("the file after the passes (was %d bytes)", grown).isLessThanOrEqualTo(2 * dataSize(file, dir));
      assertThat(compaction.compact()).as("a pass on a compact file").isEqualTo("nothing");
    }
    // A new process opens the same file.
    try (Connection reopened = dataSource.getConnection();
        Statement statement = reopened.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(version) FROM lead_row")) {
      rows.next();
      assertThat(rows.getLong(1)).as("rows").isEqualTo(COMMITS / 2);
      assertThat(rows.getLong(2)).as("versions: each row inserted once and updated once").isEqualTo(COMMITS);
    }
  }

  @Test
  void passesWhilePeopleWriteStillKeepTheFileWithinTwiceItsData(@TempDir Path dir) throws Exception {
    JdbcDataSource dataSource = fileDatabase(dir, "school");
    Path file = dir.resolve("school.mv.db");
    // Every pass sees more than IDLE_COMMITS new commits: people are working.
    AtomicLong people = new AtomicLong();
    H2FileCompaction compaction = new H2FileCompaction(dataSource, people::get, Duration.ofSeconds(5));
    try (Connection keeper = dataSource.getConnection()) {
      writeLikeTheApplication(keeper);
      long grown = Files.size(file);
      assertThat(grown).isGreaterThan(2 * dataSize(file, dir));

      // People go on writing between the passes, as they do when the passes run under load: their
      // new chunks fill the holes the passes leave (a pass under load moves chunks only when holes
      // are most of the file).
      int written = COMMITS;
      for (int pass = 0; pass < 200 && Files.size(file) > 2 * dataSize(file, dir); pass++) {
        writeLikeTheApplication(keeper, written, 20);
        written += 20;
        people.addAndGet(20);
        compaction.compact();
      }

      assertThat(Files.size(file)).as("the file after passes under load (was %d bytes)", grown).isLessThanOrEqualTo(2 * dataSize(file, dir));
    }
  }

  @Test
  void h2sBackgroundWriterRunsWhilePeopleWriteAndStopsWhileNobodyDoes(@TempDir Path dir) throws Exception {
    JdbcDataSource dataSource = fileDatabase(dir, "school");
    // What the transaction manager counts: commits of people and jobs that wrote something.
    AtomicLong people = new AtomicLong();
    H2FileCompaction compaction = new H2FileCompaction(dataSource, people::get, Duration.ofSeconds(5));
    try (Connection keeper = dataSource.getConnection(); Statement statement = keeper.createStatement()) {
      MVStore store = H2FileCompaction.store(keeper);
      int opened = store.getAutoCommitDelay();
      assertThat(opened).as("H2's writer as the database opened").isPositive();
      statement.execute("CREATE TABLE note (id BIGINT PRIMARY KEY, text VARCHAR(200))");
      commitsWithCheckpoint(statement, 0, 30);
      people.addAndGet(30);
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("after 30 commits").isEqualTo(opened);

      // Only reading from now on, as under Tasklist's calls.
      statement.executeQuery("SELECT COUNT(*) FROM note").close();
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("a pass with nobody writing").isZero();
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("still nobody").isZero();

      // H2's own commits (its writer's, the passes' rewrites) are not people writing.
      statement.execute("CHECKPOINT");
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("H2 committing its own work").isZero();

      commitsWithCheckpoint(statement, 30, 30);
      people.addAndGet(30);
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("people write again").isEqualTo(opened);
    }
    // A database opened with the writer off is left so.
    JdbcDataSource off = fileDatabase(dir, "off", ";WRITE_DELAY=0");
    AtomicLong writers = new AtomicLong(100);
    H2FileCompaction leaves = new H2FileCompaction(off, writers::get, Duration.ofSeconds(5));
    try (Connection keeper = off.getConnection(); Statement statement = keeper.createStatement()) {
      MVStore store = H2FileCompaction.store(keeper);
      statement.execute("CREATE TABLE note (id BIGINT PRIMARY KEY, text VARCHAR(200))");
      commitsWithCheckpoint(statement, 0, 30);
      leaves.compact();
      leaves.compact();
      commitsWithCheckpoint(statement, 30, 30);
      writers.addAndGet(30);
      leaves.compact();
      assertThat(store.getAutoCommitDelay()).isZero();
    }
  }

  @Test
  void withAnotherTransactionManagerEveryPassCountsAsPeopleWriting(@TempDir Path dir) throws Exception {
    JdbcDataSource dataSource = fileDatabase(dir, "school");
    H2FileCompaction compaction = new H2FileCompaction(dataSource, new JdbcTransactionManager(dataSource), Duration.ofSeconds(5));
    try (Connection keeper = dataSource.getConnection()) {
      MVStore store = H2FileCompaction.store(keeper);
      int opened = store.getAutoCommitDelay();
      compaction.compact();
      compaction.compact();
      assertThat(store.getAutoCommitDelay()).as("nothing counts people's commits: H2's writer stays on").isEqualTo(opened);
    }
  }

  /** An H2 file database in {@code dir}, opened as the application opens its own; {@code options} appended to the URL. */
  private static JdbcDataSource fileDatabase(Path dir, String name, String... options) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + dir.resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE" + String.join("", options));
    dataSource.setUser("sa");
    return dataSource;
  }

  private static void commitsWithCheckpoint(Statement statement, int from, int count) throws Exception {
    for (int i = from; i < from + count; i++) {
      statement.execute("INSERT INTO note VALUES (" + i + ", 'Перезвонить после 18:00')");
      statement.execute("CHECKPOINT");
    }
  }

  @Test
  void aPassDoesNothingWithoutAnH2File() throws Exception {
    JdbcDataSource memory = new JdbcDataSource();
    memory.setURL("jdbc:h2:mem:compaction");
    assertThat(new H2FileCompaction(memory, () -> 0, Duration.ofSeconds(5)).compact()).isEqualTo("no H2 file");
  }

  /**
   * Inserts a row per commit and updates the rows again and again (a deal's state and task change
   * several times), each commit followed by a CHECKPOINT; every other row is deleted again.
   */
  private static void writeLikeTheApplication(Connection connection) throws Exception {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE lead_row (id BIGINT PRIMARY KEY, version INT NOT NULL, payload VARCHAR(2000) NOT NULL)");
      ddl.execute("CREATE INDEX lead_row_version ON lead_row (version, id)");
    }
    writeLikeTheApplication(connection, 0, COMMITS);
  }

  /** {@code count} more commits of the same kind, rows numbered from {@code from} (even). */
  private static void writeLikeTheApplication(Connection connection, int from, int count) throws Exception {
    connection.setAutoCommit(false);
    String payload = "Клиент просит перезвонить после 18:00, курс «Python-разработчик». ".repeat(12);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lead_row (id, version, payload) VALUES (?, 1, ?)");
        PreparedStatement update = connection.prepareStatement("UPDATE lead_row SET version = version + 1, payload = ? WHERE id = ?");
        PreparedStatement delete = connection.prepareStatement("DELETE FROM lead_row WHERE id = ?");
        Statement checkpoint = connection.createStatement()) {
      for (int i = from; i < from + count; i++) {
        insert.setLong(1, i);
        insert.setString(2, payload + i);
        insert.executeUpdate();
        if (i % 2 == 1) {
          update.setString(1, payload + "обновлено " + i);
          update.setLong(2, i / 2 * 2);
          update.executeUpdate();
          delete.setLong(1, i);
          delete.executeUpdate();
        }
        connection.commit();
        checkpoint.execute("CHECKPOINT");
      }
    }
    connection.setAutoCommit(true);
  }

  /** What the file would be with nothing but live pages: a compacted, uncompressed copy. */
  private static long dataSize(Path file, Path dir) throws Exception {
    Path copy = dir.resolve("copy.mv.db");
    Path compact = dir.resolve("compact.mv.db");
    Files.deleteIfExists(copy);
    Files.deleteIfExists(compact);
    Files.copy(file, copy);
    MVStoreTool.compact(copy.toString(), compact.toString(), false);
    return Files.size(compact);
  }
}
