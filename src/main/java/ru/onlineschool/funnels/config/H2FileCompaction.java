package ru.onlineschool.funnels.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps an H2 file database within about twice its data (issue 21). A checkpoint after every
 * commit (durability, {@link DurableCommitTransactionManager}) makes H2 write many small chunks;
 * each keeps a few live pages long after the rest of it is dead, and the space of dead chunks is
 * holes in the middle of the file. H2's own background writer rewrites such chunks and moves chunks
 * into the holes only in small steps and only while it sees new chunks failing to fit, so the file
 * grew to ten times its data under load and stayed so while idle and after a restart.
 *
 * <p>Every {@code school.h2.compaction-interval} one pass of at most a second, with H2's own tools:
 * while the chunks hold less than {@value #CHUNKS_FILL_PERCENT} % live data, the live pages of the
 * emptiest chunks are written anew ({@value #REWRITE_BYTES} bytes a step) and the commit after it
 * frees those chunks; then, while less than {@value #FILE_FILL_PERCENT} % of the file is chunks
 * (under load: less than half — new chunks fill the holes anyway), chunks are moved into the holes
 * and the file is cut after the last chunk. Both go through H2's store lock, so a commit's checkpoint
 * waits for a step; nothing committed is lost on a kill (H2KillFaultIT runs a pass every second).
 * A chunk no longer used is free at once ({@code RETENTION_TIME} 0): H2's default of 45 s guards
 * old chunks against a power cut that loses the newest writes, which the demo database does not
 * promise to survive anyway (docs/decisions.md); readers keep their versions by H2's own counting.
 *
 * <p>Nothing happens on PostgreSQL or on H2 in memory.
 */
@Component
public class H2FileCompaction implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

  static final int CHUNKS_FILL_PERCENT = 80;
  static final int FILE_FILL_PERCENT = 80;
  static final int REWRITE_BYTES = 8 * 1024 * 1024;
  static final int MOVE_BYTES = 16 * 1024 * 1024;
  static final int MOVE_BYTES_IDLE = 64 * 1024 * 1024;

  /** At most this many commits between two passes: nobody is working. */
  static final int IDLE_COMMITS = 10;
  /** The most a pass works before it leaves the rest to the next one. */
  static final long PASS_NANOS = 1_000_000_000L;

  private final DataSource dataSource;
  private final PollingWorker worker;
  private volatile MVStore mvStore;
  private volatile boolean notH2File;
  /** The store's version at the end of the previous pass. */
  private long lastVersion;

  public H2FileCompaction(DataSource dataSource, @Value("${school.h2.compaction-interval}") Duration interval) {
    this.dataSource = dataSource;
    this.worker = new PollingWorker("h2-compaction", interval, this::compactQuietly);
  }

  @Override
  public void start() {
    try {
      if (store() == null) {
        return;
      }
    } catch (SQLException e) {
      log.warn("H2 file compaction not started: {}", e.toString());
      return;
    }
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

  private void compactQuietly() {
    try {
      compact();
    } catch (RuntimeException | SQLException e) {
      // The next pass tries again; a closed database (shutdown) ends up here too.
      log.warn("H2 file compaction failed: {}", e.toString());
    }
  }

  /** One pass; what it did, for the log and the test. */
  String compact() throws SQLException {
    MVStore store = store();
    if (store == null || store.isClosed() || !(store.getFileStore() instanceof RandomAccessStore file)) {
      return "no H2 file";
    }
    if (file.getRetentionTime() != 0) {
      store.setRetentionTime(0);
    }
    // Commits since the previous pass, its own excluded: the application's few background writes
    // (job acquisition, the outbox) stay below this while nobody works.
    boolean idle = store.getCurrentVersion() - lastVersion <= IDLE_COMMITS;
    long started = System.nanoTime();
    long deadline = started + PASS_NANOS;
    long before = file.size();
    int rewrites = 0;
    // Each step rewrites the live pages of the emptiest chunks; the commit writes them and frees those chunks.
    while (file.getChunksFillRate() < CHUNKS_FILL_PERCENT && System.nanoTime() < deadline
        && file.compact(CHUNKS_FILL_PERCENT, REWRITE_BYTES)) {
      store.commit();
      rewrites++;
    }
    long rewritten = System.nanoTime();
    // New chunks fill the holes first; while commits keep coming, moving chunks (which syncs the file
    // and holds every commit meanwhile) only pays when the holes are most of the file.
    int moves = 0;
    int fruitless = 0;
    // H2 moves the chunks that sit between the largest holes first; the file is cut once its end is free.
    while (file.getFillRate() < (idle ? FILE_FILL_PERCENT : FILE_FILL_PERCENT / 2) && System.nanoTime() < deadline
        && fruitless < 3) {
      long size = file.size();
      file.compactMoveChunks(FILE_FILL_PERCENT, idle ? MOVE_BYTES_IDLE : MOVE_BYTES, store);
      moves++;
      fruitless = file.size() < size ? 0 : fruitless + 1;
    }
    lastVersion = store.getCurrentVersion();
    String done = rewrites == 0 && moves == 0 ? "nothing" : rewrites + " rewrites, " + moves + " moves";
    if (!done.equals("nothing") && log.isDebugEnabled()) {
      log.debug("H2 file{}: {} ({} + {} ms): {} → {} bytes, {} % of the file is chunks, {} % of the chunks live",
          idle ? " (idle)" : "", done, (rewritten - started) / 1_000_000, (System.nanoTime() - rewritten) / 1_000_000,
          before, file.size(), file.getFillRate(), file.getChunksFillRate());
    }
    return done;
  }

  /** The MVStore of the embedded H2 file database, looked up once; null on any other database. */
  private MVStore store() throws SQLException {
    MVStore known = mvStore;
    if (known == null && !notH2File) {
      try (Connection connection = dataSource.getConnection()) {
        known = store(connection);
      }
      mvStore = known;
      notH2File = known == null;
    }
    return known;
  }

  /** The MVStore behind an embedded H2 file database, else null. */
  private static MVStore store(Connection connection) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String url = metaData == null ? null : metaData.getURL();
    if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || !connection.isWrapperFor(JdbcConnection.class)) {
      return null;
    }
    if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
      return null;
    }
    Store store = session.getDatabase().getStore();
    MVStore mvStore = store == null ? null : store.getMvStore();
    return mvStore == null || mvStore.getFileStore() == null ? null : mvStore;
  }
}
