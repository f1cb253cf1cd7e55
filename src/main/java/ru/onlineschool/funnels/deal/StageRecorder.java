package ru.onlineschool.funnels.deal;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Records a deal's stage when the process enters a flow node that starts a stage: the deal
 * row, a timeline line, and the process variables Tasklist shows in its columns. Entering
 * {@code WON} or {@code LOST} closes the deal (with the variable {@code lossReason}).
 */
@Component
public class StageRecorder {

  /** Process variable with the stage code, for routing and Cockpit. */
  public static final String STAGE_VARIABLE = ProcessVariables.STAGE;
  /** Process variable with the stage's Russian title, shown as a Tasklist column. */
  public static final String STAGE_TITLE_VARIABLE = ProcessVariables.STAGE_TITLE;
  /** Process variable with the reason a deal was lost (SPEC's list). */
  public static final String LOSS_REASON_VARIABLE = ProcessVariables.LOSS_REASON;

  /** Stage codes that close a deal in every funnel; the code is also the deal's outcome. */
  static final String WON = "WON";
  static final java.util.Set<String> CLOSING_STAGES = java.util.Set.of(WON, "LOST");

  private final DealStore deals;
  private final StageTags tags;

  public StageRecorder(DealStore deals, StageTags tags) {
    this.deals = deals;
    this.tags = tags;
  }

  /** The listener for one flow node of a model. */
  public ExecutionListener listenerFor(String code, String title) {
    Stage stage = new Stage(code, title);
    return execution -> record(execution, stage);
  }

  void record(DelegateExecution execution, Stage stage) {
    long dealId = DealContext.dealId(execution);
    // One read for the deal's funnel, stage and stalled tag: a lead enters two stages in its first
    // transaction, and each read is a statement (issue 21).
    DealStore.StageState state =
        deals
            .stageState(dealId, StageTags.STALLED)
            .orElseThrow(
                () -> new IllegalStateException("Сделка " + dealId + " не найдена: этап «" + stage.title() + "» некуда записать"));
    execution.setVariable(STAGE_VARIABLE, stage.code());
    execution.setVariable(STAGE_TITLE_VARIABLE, stage.title());
    if (state.stage().filter(stage::equals).isPresent()) {
      return;
    }
    Instant now = DealContext.now();
    deals.enterStage(dealId, stage, now);
    tags.entered(dealId, state.funnel(), state.tagged(), stage, now);
    deals.appendTimeline(dealId, now, TimelineKind.STAGE, stage.code(), "Этап: " + stage.title(), DealContext.currentUser(execution));
    if (CLOSING_STAGES.contains(stage.code())) {
      String lossReason = WON.equals(stage.code()) ? null : DealContext.text(execution, LOSS_REASON_VARIABLE);
      deals.close(dealId, stage.code(), lossReason, now);
    }
  }
}
