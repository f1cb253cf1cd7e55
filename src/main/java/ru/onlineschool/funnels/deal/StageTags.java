package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * The automatic tags that follow a deal's stage (SPEC «Tags»): entering any stage removes
 * «подвисла» (set by the process «Контроль подвисших сделок») and adds the tags the table
 * «Автоматические теги этапов» ({@code bpmn/stage-tags.dmn}) gives for the deal's funnel and the
 * stage's code and title. Manual tags are never touched, a tag the deal already has keeps its origin, and
 * tags stay when the deal moves on: they tell where it has been, as in amoCRM.
 */
@Component
public class StageTags {

  /** A deal longer than its funnel's threshold in one stage. */
  public static final String STALLED = "подвисла";

  public static final String DECISION_KEY = "stage-tags";

  private final DealStore deals;
  private final ProcessEngine engine;
  private final SystemAccess system;

  /** Lazy: the engine plugin needs this bean (through the stage recorder) before the engine exists. */
  public StageTags(DealStore deals, @Lazy ProcessEngine engine, @Lazy SystemAccess system) {
    this.deals = deals;
    this.engine = engine;
    this.system = system;
  }

  /**
   * Called by {@link StageRecorder} when a deal enters a new stage, and by the import from amoCRM
   * for a stage it records itself (a closed deal, a stage drawn on an earlier node).
   */
  public void entered(long dealId, Stage stage, Instant at) {
    entered(dealId, deals.funnel(dealId), true, stage, at);
  }

  /**
   * The same for a caller that has read the deal's funnel and whether it is tagged «подвисла»
   * already: the tag is removed only when it is there.
   */
  void entered(long dealId, String funnel, boolean stalled, Stage stage, Instant at) {
    if (stalled) {
      deals.removeTag(dealId, STALLED);
    }
    for (String tag : tagsFor(funnel, stage.code(), stage.title())) {
      deals.addTag(dealId, tag, true, at);
    }
  }

  /** The table's tags for a stage known by its code only. */
  Set<String> tagsFor(String funnel, String stageCode) {
    return tagsFor(funnel, stageCode, null);
  }

  /**
   * The table's tags, each once, for a stage's code and title («Финальный прозвон» is a LOST of its
   * own). Evaluated as the system: the stage recorder is a plain engine listener, so it runs with
   * the checks of whoever completed the task, and managers have no right to evaluate decisions;
   * the table is the school's rule, not theirs.
   */
  Set<String> tagsFor(String funnel, String stageCode, String stageTitle) {
    return system.asSystem(
        () ->
            new LinkedHashSet<String>(
                engine.getDecisionService()
                    .evaluateDecisionTableByKey(DECISION_KEY)
                    .variables(Variables.createVariables().putValue(ProcessVariables.FUNNEL, funnel).putValue(ProcessVariables.STAGE, stageCode)
                        .putValue(ProcessVariables.STAGE_TITLE, stageTitle))
                    .evaluate()
                    .collectEntries("tag")));
  }
}
