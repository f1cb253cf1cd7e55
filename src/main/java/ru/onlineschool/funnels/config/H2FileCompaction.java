package ru.onlineschool.funnels.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.support.JdbcTransactionManager;
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
 * waits for a step: while people write, a rewrite step is {@value #REWRITE_BYTES_UNDER_LOAD} bytes and
 * a pass at most 0.3 s (an 8 MB step held commits for 135–565 ms, p99 of a lead 446 ms at 50 leads/s;
 * docs/performance.md). Nothing committed is lost on a kill (H2KillFaultIT runs a pass every second).
 * A chunk no longer used is free at once ({@code RETENTION_TIME} 0): H2's default of 45 s guards
 * old chunks against a power cut that loses the newest writes, which the demo database does not
 * promise to survive anyway (docs/decisions.md); readers keep their versions by H2's own counting.
 *
 * <p>While nobody writes, rewriting rests when it stops paying ({@link RewritePace}); moving chunks
 * goes on meanwhile. H2's own background compaction runs only while people write
 * ({@link #steerH2Writer}).
 *
 * <p>Nothing happens on PostgreSQL or on H2 in memory.
 */
@Component
public class H2FileCompaction implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

  static final int CHUNKS_FILL_PERCENT = 80;
  static final int FILE_FILL_PERCENT = 80;
  static final int REWRITE_BYTES = 8 * 1024 * 1024;
  static final int REWRITE_BYTES_UNDER_LOAD = 1024 * 1024;
  static final int MOVE_BYTES = 16 * 1024 * 1024;
  static final int MOVE_BYTES_IDLE = 64 * 1024 * 1024;

  /** At most this many commits between two passes: nobody is working. */
  static final int IDLE_COMMITS = 10;
  /** The most a pass works before it leaves the rest to the next one. */
  static final long PASS_NANOS = 1_000_000_000L;
  /** The same while people write: their commits wait for each step. */
  static final long PASS_NANOS_UNDER_LOAD = 300_000_000L;

  private final DataSource dataSource;
  private final PollingWorker worker;
  private final RewritePace pace = new RewritePace();
  private final LongSupplier writes;
  private volatile MVStore mvStore;
  private volatile boolean notH2File;
  /** H2's background writer's delay in ms as the database opened; -1 before the first pass. */
  private int writerDelay = -1;
  /** People's and jobs' commits counted at the previous pass. */
  private long lastWrites;

  @Autowired
  public H2FileCompaction(DataSource dataSource, JdbcTransactionManager transactionManager,
      @Value("${school.h2.compaction-interval}") Duration interval) {
    this(dataSource, transactionManager instanceof DurableCommitTransactionManager durable ? durable::durableCommits : null,
        interval);
  }

  /**
   * {@code writes} counts the commits of people and jobs that wrote to the file. Not H2's store
   * version: H2's background writer commits its own compaction, several times a second on a large
   * file, and counted as work it would keep itself running. Null when nothing counts them (another
   * transaction manager): then every pass counts as people writing, as before issue 15's change.
   */
  H2FileCompaction(DataSource dataSource, LongSupplier writes, Duration interval) {
    this.dataSource = dataSource;
    this.writes = writes;
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
    // Commits since the previous pass: the application's few background writes (job acquisition,
    // the outbox) stay below this while nobody works.
    long writesNow = writes == null ? lastWrites : writes.getAsLong();
    boolean idle = writes != null && writesNow - lastWrites <= IDLE_COMMITS;
    lastWrites = writesNow;
    steerH2Writer(store, idle);
    long started = System.nanoTime();
    // A step holds H2's store lock, and every commit's checkpoint waits for it: under load the
    // steps are small and the pass short, so a commit waits tens of milliseconds, not hundreds.
    long deadline = started + (idle ? PASS_NANOS : PASS_NANOS_UNDER_LOAD);
    long before = file.size();
    int rewrites = 0;
    // Under load rewriting always goes on; only a pass while nobody writes is judged (RewritePace).
    boolean rewriting = file.getChunksFillRate() < CHUNKS_FILL_PERCENT && (!idle || pace.mayRewrite(started));
    long deadBefore = rewriting ? deadPages(file) : 0;
    // Each step rewrites the live pages of the emptiest chunks; the commit writes them and frees those chunks.
    long longestStep = 0;
    int stepBytes = idle ? REWRITE_BYTES : REWRITE_BYTES_UNDER_LOAD;
    long stepStarted = System.nanoTime();
    while (rewriting && file.getChunksFillRate() < CHUNKS_FILL_PERCENT && System.nanoTime() < deadline
        && file.compact(CHUNKS_FILL_PERCENT, stepBytes)) {
      store.commit();
      rewrites++;
      long now = System.nanoTime();
      longestStep = Math.max(longestStep, now - stepStarted);
      stepStarted = now;
    }
    long rewritten = System.nanoTime();
    if (rewrites > 0 && idle) {
      long deadAfter = deadPages(file);
      Duration rest = pace.passRewrote(deadBefore, deadBefore - deadAfter, rewritten);
      if (rest != null) {
        log.info("H2 file: rewriting its chunks frees no space ({} of {} pages dead, {} % of the chunks live); "
            + "the next try in {} min", deadAfter, deadAfter + livePages(file), file.getChunksFillRate(), rest.toMinutes());
      }
    }
    // New chunks fill the holes first; while commits keep coming, moving chunks (which syncs the file
    // and holds every commit meanwhile) only pays when the holes are most of the file.
    int moves = 0;
    int fruitless = 0;
    // H2 moves the chunks that sit between the largest holes first; the file is cut once its end is free.
    while (file.getFillRate() < (idle ? FILE_FILL_PERCENT : FILE_FILL_PERCENT / 2) && System.nanoTime() < deadline
        && fruitless < 3) {
      long size = file.size();
      long moveStarted = System.nanoTime();
      file.compactMoveChunks(FILE_FILL_PERCENT, idle ? MOVE_BYTES_IDLE : MOVE_BYTES, store);
      longestStep = Math.max(longestStep, System.nanoTime() - moveStarted);
      moves++;
      fruitless = file.size() < size ? 0 : fruitless + 1;
    }
    String done = rewrites == 0 && moves == 0 ? "nothing" : rewrites + " rewrites, " + moves + " moves";
    if (!done.equals("nothing") && log.isDebugEnabled()) {
      log.debug("H2 file{}: {} ({} + {} ms, the longest step {} ms): {} → {} bytes, {} % of the file is chunks, {} % of the chunks live",
          idle ? " (idle)" : "", done, (rewritten - started) / 1_000_000, (System.nanoTime() - rewritten) / 1_000_000,
          longestStep / 1_000_000,
          before, file.size(), file.getFillRate(), file.getChunksFillRate());
    }
    return done;
  }

  /**
   * H2's background writer runs while people write and stops while nobody does. Besides saving
   * unsaved changes (which every commit's checkpoint saves anyway) it compacts the file every few
   * hundred milliseconds, and it counts reading pages from the file as work: under Tasklist's calls
   * alone it rewrote a large file without end (issue 15). Under load its compaction is needed — the
   * file stayed at 1.7× its data with it and reached 3.2× without it (docs/decisions.md).
   * The delay the database opened with is the one restored; a database opened with the writer off
   * ({@code WRITE_DELAY=0}) is left so.
   */
  private void steerH2Writer(MVStore store, boolean idle) {
    if (writerDelay < 0) {
      writerDelay = store.getAutoCommitDelay();
    }
    int wanted = idle ? 0 : writerDelay;
    if (writerDelay > 0 && store.getAutoCommitDelay() != wanted) {
      store.setAutoCommitDelay(wanted);
      log.debug("H2's background writer {}", idle ? "stopped: nobody writes" : "started again");
    }
  }

  /** Pages in the file's chunks that no version in use reads any more. */
  private static long deadPages(RandomAccessStore file) {
    Map<String, String> info = info(file);
    return Long.parseLong(info.get("info.PAGE_COUNT")) - Long.parseLong(info.get("info.PAGE_COUNT_LIVE"));
  }

  private static long livePages(RandomAccessStore file) {
    return Long.parseLong(info(file).get("info.PAGE_COUNT_LIVE"));
  }

  private static Map<String, String> info(RandomAccessStore file) {
    Map<String, String> info = new HashMap<>();
    file.populateInfo(info::put);
    return info;
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
  static MVStore store(Connection connection) throws SQLException {
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
