package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the H2 file's compaction stops rewriting chunks that free nothing, and when it tries again. */
class RewritePaceTest {

  static final long MINUTE = Duration.ofMinutes(1).toNanos();
  /** Dead pages found on the 7.7 GB file of the benchmark at 60,000 deals. */
  static final long DEAD = 3_284_953;

  @Test
  void rewritingThatFreesPagesNeverRests() {
    RewritePace pace = new RewritePace();
    long now = 0;
    long dead = DEAD;
    for (int pass = 0; pass < 100; pass++, now += MINUTE / 12) {
      assertThat(pace.mayRewrite(now)).as("pass %d", pass).isTrue();
      // One pass of four 8 MB steps freed about 26,000 dead pages.
      assertThat(pace.passRewrote(dead, 26_000, now)).as("pass %d", pass).isNull();
      dead -= 26_000;
    }
  }

  @Test
  void rewritingThatFreesNothingRestsLongerEachTimeUpToFourHours() {
    RewritePace pace = new RewritePace();
    long now = 0;
    // What the benchmark's file showed: the steps' dead pages went up and down by a chunk.
    long[] freed = {-116, 9_712, -9_774, 286};
    for (int pass = 0; pass < RewritePace.WINDOW_PASSES - 1; pass++) {
      assertThat(pace.passRewrote(DEAD, freed[pass], now)).isNull();
      assertThat(pace.mayRewrite(now)).isTrue();
    }
    assertThat(pace.passRewrote(DEAD, freed[3], now)).isEqualTo(Duration.ofMinutes(10));
    assertThat(pace.mayRewrite(now + 9 * MINUTE)).as("nine minutes into the rest").isFalse();
    now += 10 * MINUTE;
    assertThat(pace.mayRewrite(now)).as("the rest is over").isTrue();

    Duration[] expected = {Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(80),
        Duration.ofMinutes(160), Duration.ofHours(4), Duration.ofHours(4)};
    for (Duration rest : expected) {
      Duration began = null;
      for (int pass = 0; pass < RewritePace.WINDOW_PASSES; pass++) {
        began = pace.passRewrote(DEAD, 0, now);
      }
      assertThat(began).isEqualTo(rest);
      assertThat(pace.mayRewrite(now + rest.toNanos() - 1)).isFalse();
      now += rest.toNanos();
      assertThat(pace.mayRewrite(now)).isTrue();
    }
  }

  @Test
  void aWindowThatPaysAgainBringsTheRestBackToTenMinutes() {
    RewritePace pace = new RewritePace();
    long now = 0;
    for (int pass = 0; pass < 2 * RewritePace.WINDOW_PASSES; pass++) {
      Duration rest = pace.passRewrote(DEAD, 0, now);
      if (rest != null) {
        now += rest.toNanos();
      }
    }
    assertThat(pace.mayRewrite(now)).isTrue();
    // Load came back: the file's new garbage is worth rewriting.
    for (int pass = 0; pass < RewritePace.WINDOW_PASSES; pass++) {
      assertThat(pace.passRewrote(DEAD, 20_000, now)).isNull();
    }
    Duration rest = null;
    for (int pass = 0; pass < RewritePace.WINDOW_PASSES; pass++) {
      rest = pace.passRewrote(DEAD, 100, now);
    }
    assertThat(rest).as("freeing 400 of 3.3 million dead pages does not pay").isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aSmallFileWhoseRewritesFreeAFewHundredPagesKeepsRewriting() {
    RewritePace pace = new RewritePace();
    for (int pass = 0; pass < 3 * RewritePace.WINDOW_PASSES; pass++) {
      assertThat(pace.passRewrote(4_000, 300, pass * MINUTE / 12)).isNull();
    }
  }
}
