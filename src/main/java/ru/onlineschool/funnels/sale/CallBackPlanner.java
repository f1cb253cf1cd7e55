package ru.onlineschool.funnels.sale;

import java.time.Instant;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.Dates;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * «Перезвонить в названное клиентом время» (bean {@code callBackPlanner}): the client asked
 * to be called at a given time. The call keeps its day and number without «(вечером)», and the
 * task's second line reads «просил перезвонить» (seed 000 §2.3); if the client then does not
 * answer, it counts as a failed call like any other.
 */
@Component("callBackPlanner")
public class CallBackPlanner implements JavaDelegate {

  static final String CALL_BACK_AT = ProcessVariables.CALL_BACK_AT;

  private final Dates dates;
  private final RecallPlanner recallPlanner;

  public CallBackPlanner(Dates dates, RecallPlanner recallPlanner) {
    this.dates = dates;
    this.recallPlanner = recallPlanner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object requested = execution.getVariable(CALL_BACK_AT);
    if (requested == null || requested.toString().isBlank()) {
      throw new BadUserRequestException("Укажите, когда перезвонить клиенту");
    }
    Instant at = dates.instant(requested);
    if (!at.isAfter(DealContext.now())) {
      throw new BadUserRequestException("Время перезвона уже прошло — укажите время в будущем");
    }
    recallPlanner.planCallBack(execution, at);
  }
}
