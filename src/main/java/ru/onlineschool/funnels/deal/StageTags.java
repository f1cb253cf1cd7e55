package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision.Table;
import ru.onlineschool.funnels.config.LatestDecisionAnswers;

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

  /** The table's inputs: funnel, stage code, stage title (each may be null). */
  private record Question(String funnel, String stageCode, String stageTitle) {}

  private final DealStore deals;
  private final LatestDecisionAnswers<Question, Set<String>> table;

  /** Lazy: the engine plugin needs this bean (through the stage recorder) before the engine exists. */
  public StageTags(DealStore deals, @Lazy ProcessEngineConfigurationImpl engine) {
    this.deals = deals;
    this.table = new LatestDecisionAnswers<>(engine, DECISION_KEY, StageTags::tags);
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
   * own). The table is the school's rule, not the manager's: it is evaluated by the engine's DMN
   * engine itself, without the checks of whoever completed the task. Each funnel, code and title is
   * evaluated once per version of the table (issue 21: two evaluations a lead were a third of its
   * CPU time); a new version applies within a minute.
   */
  Set<String> tagsFor(String funnel, String stageCode, String stageTitle) {
    return table.answer(new Question(funnel, stageCode, stageTitle));
  }

  private static Set<String> tags(Table table, Question question) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put(ProcessVariables.FUNNEL, question.funnel());
    inputs.put(ProcessVariables.STAGE, question.stageCode());
    inputs.put(ProcessVariables.STAGE_TITLE, question.stageTitle());
    return Collections.unmodifiableSet(new LinkedHashSet<String>(table.evaluate(inputs).collectEntries("tag")));
  }
}
