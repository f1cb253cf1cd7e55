package ru.onlineschool.funnels.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;

/**
 * A decision table that the application reads on many steps of a deal (working hours, manual
 * tags, loss reasons): what it answers, kept per deployed version. The latest version is looked up at
 * most once a minute of the engine's clock (one query) and evaluated once per version (one entry
 * in the decision history per version and node), so a new table applies on every node within a
 * minute of its deployment; a clock set back (tests) looks again at once.
 */
public final class LatestDecision<T> {

  public static final Duration RECHECK = Duration.ofMinutes(1);

  private final ProcessEngineConfigurationImpl engine;
  private final String key;
  private final Function<Table, T> read;
  private volatile Known<T> known;

  private record Known<T>(String decisionId, T answer, Instant checkedAt) {}

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
    this.engine = engine;
    this.key = key;
    this.read = read;
  }

  public T current() {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Known<T> last = known;
    if (last != null && !now.isBefore(last.checkedAt()) && now.isBefore(last.checkedAt().plus(RECHECK))) {
      return last.answer();
    }
    // Inside an engine command (nested in the caller's when there is one): the DMN engine records the evaluation in the history.
    Known<T> seen =
        engine.getCommandExecutorTxRequired()
            .execute(
                context -> {
                  DecisionDefinitionEntity decision =
                      (DecisionDefinitionEntity) context.getProcessEngineConfiguration().getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(key);
                  boolean same = last != null && last.decisionId().equals(decision.getId());
                  Table table = inputs -> engine.getDmnEngine().evaluateDecision(decision, Variables.fromMap(inputs));
                  T answer = same ? last.answer() : read.apply(table);
                  return new Known<>(decision.getId(), answer, now);
                });
    known = seen;
    return seen.answer();
  }
}
