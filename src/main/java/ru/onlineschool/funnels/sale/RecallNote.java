package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The second line of «Перезвонить» (bean {@code recallNote}): seed 000 §2.3 writes «просил
 * перезвонить» under a call the client asked for and «просил перезвонить и не ответил» once he
 * missed it. On creation the note becomes the task's description, which Tasklist shows under its
 * name (a recall without a note keeps the model's documentation). On completion a call the client
 * answered ends the note: a later miss, say after a chat, is not a missed call-back.
 */
@Component("recallNote")
public class RecallNote implements TaskListener {

  static final String NOT_REACHED = "NOT_REACHED";

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      if (!NOT_REACHED.equals(task.getVariable(ProcessVariables.OUTCOME))) {
        task.getExecution().setVariable(CallVariables.CALL_NOTE, null);
      }
      return;
    }
    String note = DealContext.text(task.getExecution(), CallVariables.CALL_NOTE);
    String timeNote = DealContext.text(task.getExecution(), CallVariables.CALL_TIME_NOTE);
    if (note != null || timeNote != null) {
      task.setDescription(note == null ? timeNote : timeNote == null ? note : note + "; " + timeNote);
    }
  }
}
