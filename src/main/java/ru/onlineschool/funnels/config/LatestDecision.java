package ru.onlineschool.funnels.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * A decision table that the application reads on many steps of a deal (working hours, manual
 * tags, loss reasons): what it answers, kept per deployed version. The latest version is looked up at
 * most once a minute of the engine's clock (one query) and evaluated once per version (one entry
 * in the decision history per version and node), so a new table applies on every node within a
 * minute of its deployment; a clock set back (tests) looks again at once. A table asked by inputs
 * is a {@link LatestDecisionAnswers}.
 */
public final class LatestDecision<T> {

  public static final Duration RECHECK = Duration.ofMinutes(1);

  private final LatestDecisionAnswers<Boolean, T> answers;

  /** One deployed version of the table, evaluated with the given inputs. */
  @FunctionalInterface
  public interface Table {
    DmnDecisionResult evaluate(Map<String, Object> inputs);
  }

  /**
   * @param engine the engine's configuration (a lazy proxy is fine: nothing is read before the first call)
   * @param read asks the table what the application needs (once per version); throws with a Russian message on a wrong table
   */
  public LatestDecision(ProcessEngineConfigurationImpl engine, String key, Function<Table, T> read) {
    this.answers = new LatestDecisionAnswers<>(engine, key, (table, whole) -> read.apply(table));
  }

  public T current() {
    return answers.answer(Boolean.TRUE);
  }
}
