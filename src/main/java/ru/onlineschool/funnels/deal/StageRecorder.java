package ru.onlineschool.funnels.deal;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Records a deal's stage when the process enters a flow node that starts a stage: the deal
 * row, a timeline line, and the process variables Tasklist shows in its columns.
 */
@Component
public class StageRecorder {

  /** Process variable with the stage code, for routing and Cockpit. */
  public static final String STAGE_VARIABLE = "stage";
  /** Process variable with the stage's Russian title, shown as a Tasklist column. */
  public static final String STAGE_TITLE_VARIABLE = "stageTitle";

  private final DealStore deals;

  public StageRecorder(DealStore deals) {
    this.deals = deals;
  }

  /** The listener for one flow node of a model. */
  public ExecutionListener listenerFor(String code, String title) {
    Stage stage = new Stage(code, title);
    return execution -> record(execution, stage);
  }

  void record(DelegateExecution execution, Stage stage) {
    long dealId = dealId(execution);
    if (!deals.exists(dealId)) {
      throw new IllegalStateException(
          "Сделка " + dealId + " не найдена: этап «" + stage.title() + "» некуда записать");
    }
    execution.setVariable(STAGE_VARIABLE, stage.code());
    execution.setVariable(STAGE_TITLE_VARIABLE, stage.title());
    if (deals.currentStage(dealId).filter(stage::equals).isPresent()) {
      return;
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    deals.enterStage(dealId, stage, now);
    deals.appendTimeline(dealId, now, TimelineKind.STAGE, stage.code(), "Этап: " + stage.title(), currentUser(execution));
  }

  private static long dealId(DelegateExecution execution) {
    String businessKey = execution.getProcessBusinessKey();
    try {
      return Long.parseLong(businessKey);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalStateException(
          "Процесс «" + execution.getProcessDefinitionId() + "» запущен без номера сделки в бизнес-ключе: " + businessKey, e);
    }
  }

  private static String currentUser(DelegateExecution execution) {
    Authentication authentication =
        execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }
}
