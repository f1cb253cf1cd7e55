package ru.onlineschool.funnels.config;

import java.time.Duration;

/**
 * Whether {@link H2FileCompaction} should go on rewriting chunks. A rewrite step pays when the
 * commit after it leaves fewer dead pages in the file than before it: the rewritten chunks are
 * freed, their live pages written once more. On some files it does not pay: at 60,000 deals (a
 * 7.7 GB file, chunks 47 % live) each 8 MB step read 11,000 pages, wrote 13 MB and left as many dead
 * pages as before, pass after pass, while idle and forever — 25 MB/s written, the page cache
 * flushed and a full garbage collection every few seconds under Tasklist's calls (issue 15).
 *
 * <p>So the steps of {@value #WINDOW_PASSES} passes with rewrites are added up; when together they
 * freed less than {@value #PAYING_PERMILLE} ‰ of the dead pages they found, rewriting rests, at
 * first for {@link #FIRST_REST}, each fruitless window after a rest twice as long up to
 * {@link #LONGEST_REST}; a window that pays brings the rest back to the first. Only passes while
 * nobody writes are judged: under load people's commits leave dead pages of their own, and a run of
 * 110 leads a second made paying steps look fruitless (the file then stayed at 1.8× its data while
 * idle instead of shrinking), so under load rewriting always goes on. H2's own housekeeping stops
 * the same way when it finds that its work freed nothing ({@code RandomAccessStore.doHousekeeping}).
 */
final class RewritePace {

  static final int WINDOW_PASSES = 4;
  static final int PAYING_PERMILLE = 5;
  static final Duration FIRST_REST = Duration.ofMinutes(10);
  static final Duration LONGEST_REST = Duration.ofHours(4);

  private int passes;
  private long deadFound;
  private long deadFreed;
  private Duration nextRest = FIRST_REST;
  private long restUntilNanos;
  private boolean resting;

  /** False while rewriting rests. */
  boolean mayRewrite(long nowNanos) {
    if (resting && nowNanos - restUntilNanos < 0) {
      return false;
    }
    resting = false;
    return true;
  }

  /**
   * One pass's rewrite steps: the dead pages before its first step and how many fewer there were
   * after its steps (negative when more). Returns the rest that begins now, or null.
   */
  Duration passRewrote(long deadBefore, long freed, long nowNanos) {
    if (passes == 0) {
      deadFound = deadBefore;
      deadFreed = 0;
    }
    passes++;
    deadFreed += freed;
    if (passes < WINDOW_PASSES) {
      return null;
    }
    passes = 0;
    if (deadFreed * 1000 >= Math.max(1, deadFound) * PAYING_PERMILLE) {
      nextRest = FIRST_REST;
      return null;
    }
    Duration rest = nextRest;
    resting = true;
    restUntilNanos = nowNanos + rest.toNanos();
    nextRest = rest.multipliedBy(2).compareTo(LONGEST_REST) > 0 ? LONGEST_REST : rest.multipliedBy(2);
    return rest;
  }
}
