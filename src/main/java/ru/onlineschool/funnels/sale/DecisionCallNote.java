package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The second line of «Позвонить и узнать решение» (bean {@code decisionCallNote}, its create
 * listener): a call the client asked for reads «просил перезвонить» under the task's name, as seed
 * 000 §2.3 writes it; a call after «нужно подумать» keeps the model's documentation.
 */
@Component("decisionCallNote")
public class DecisionCallNote implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String note = DealContext.text(task.getExecution(), ProcessVariables.DECISION_CALL_NOTE);
    if (note != null) {
      task.setDescription(note);
    }
  }
}
