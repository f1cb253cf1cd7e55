package ru.onlineschool.funnels.config;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import ru.onlineschool.funnels.config.LatestDecision.Table;

/**
 * A decision table asked by inputs on many steps of a deal (the stages' automatic tags): each set
 * of inputs is answered once per deployed version of the table. The latest version is looked up at
 * most once a minute of the engine's clock, as for {@link LatestDecision} (which is this asked one
 * question); a clock set back (tests) looks again at once. Only for a table whose answer depends
 * on its inputs alone.
 */
public final class LatestDecisionAnswers<I, T> {

  private final ProcessEngineConfigurationImpl engine;
  private final String key;
  private final BiFunction<Table, I, T> read;
  private volatile Known<I, T> known;

  /** A version of the table, when it was last found to be the latest, and its answers so far. */
  private record Known<I, T>(String decisionId, Instant checkedAt, Map<I, T> answers) {}

  /**
   * @param engine the engine's configuration (a lazy proxy is fine: nothing is read before the first call)
   * @param read asks the table for one input (once per version and input; the input is a map key);
   *     throws with a Russian message on a wrong table
   */
  public LatestDecisionAnswers(ProcessEngineConfigurationImpl engine, String key, BiFunction<Table, I, T> read) {
    this.engine = engine;
    this.key = key;
    this.read = read;
  }

  /** The latest version's answer for these inputs. */
  public T answer(I input) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Known<I, T> last = known;
    boolean checked = last != null && !now.isBefore(last.checkedAt()) && now.isBefore(last.checkedAt().plus(LatestDecision.RECHECK));
    if (checked) {
      T answer = last.answers().get(input);
      if (answer != null) {
        return answer;
      }
    }
    // Inside an engine command (nested in the caller's when there is one): the DMN engine records the evaluation in the history.
    return engine.getCommandExecutorTxRequired()
        .execute(
            context -> {
              DeploymentCache deployments = context.getProcessEngineConfiguration().getDeploymentCache();
              DecisionDefinitionEntity decision =
                  checked
                      ? deployments.findDeployedDecisionDefinitionById(last.decisionId())
                      : (DecisionDefinitionEntity) deployments.findDeployedLatestDecisionDefinitionByKey(key);
              Known<I, T> current =
                  last == null || !last.decisionId().equals(decision.getId())
                      ? new Known<>(decision.getId(), now, new ConcurrentHashMap<>())
                      : checked ? last : new Known<>(decision.getId(), now, last.answers());
              T answer = current.answers().get(input);
              if (answer == null) {
                answer = read.apply(inputs -> engine.getDmnEngine().evaluateDecision(decision, Variables.fromMap(inputs)), input);
                if (answer != null) {
                  current.answers().put(input, answer);
                }
              }
              known = current;
              return answer;
            });
  }
}
