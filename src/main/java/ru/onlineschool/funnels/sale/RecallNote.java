package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;

/**
 * The second line of «Перезвонить» (bean {@code recallNote}, on the task's creation): seed 000
 * §2.3 writes «просил перезвонить» under a call the client asked for and «просил перезвонить и не
 * ответил» once he missed it. Tasklist shows a task's description under its name, so the note
 * replaces the model's documentation there; a recall without a note keeps the documentation.
 */
@Component("recallNote")
public class RecallNote implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String note = DealContext.text(task.getExecution(), CallVariables.CALL_NOTE);
    if (note != null) {
      task.setDescription(note);
    }
  }
}
