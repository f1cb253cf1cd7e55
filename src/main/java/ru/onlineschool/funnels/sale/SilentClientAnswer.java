package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Completion of a call after the offer (bean {@code silentClientAnswer}, the complete listener of
 * «Запросить обратную связь…», «Позвонить и узнать решение» and «Перезвонить после предложения»):
 * a client who answers is no longer silent. The count of missed calls starts again from the first
 * the next time he does not answer, and the history says he answered.
 */
@Component("silentClientAnswer")
public class SilentClientAnswer implements TaskListener {

  static final String NOT_REACHED = "NOT_REACHED";

  private final DealStore deals;

  public SilentClientAnswer(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void notify(DelegateTask task) {
    if (NOT_REACHED.equals(task.getVariable(ProcessVariables.OUTCOME))) {
      return;
    }
    DelegateExecution execution = task.getExecution();
    int misses = SilentClient.misses(execution);
    if (misses == 0) {
      return;
    }
    execution.setVariable(ProcessVariables.SILENT_MISSES, 0);
    execution.setVariable(ProcessVariables.SILENT_CALL_DAYS, null);
    deals.appendTimeline(
        DealContext.dealId(execution),
        DealContext.now(),
        TimelineKind.CALL,
        null,
        "Клиент ответил после " + misses + " " + calls(misses) + " без ответа — попытки дозвона после предложения прекращены",
        DealContext.currentUser(execution));
  }

  /** «звонка» / «звонков» after «после N». */
  static String calls(int n) {
    return n % 10 == 1 && n % 100 != 11 ? "звонка" : "звонков";
  }
}
