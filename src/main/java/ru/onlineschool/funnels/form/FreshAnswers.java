package ru.onlineschool.funnels.form;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * Every user task opens with no written result and no chosen outcome, and keeps none of another
 * task's; the same for a confirmed payment's amount and number, which a manager would otherwise
 * see pre-filled in the next «Контролировать оплату» after a part payment. The answers of a task are process variables because the gateways after it route on
 * them; once the gateway is passed nobody needs them, and left in place they pre-fill the next
 * task's form: a manager could close «Перезвонить: день 1 зв 2» with the previous call's text, and
 * the deal's history would record it as this call's result. So they are emptied twice: when a
 * user task is created (this listener, attached to every user task by the engine plugin), and
 * when a completion has finished routing ({@link #forget}, called by {@link TaskCompletionGuard}),
 * for the tasks that are already open beside it — the head of sales' «Проконтролировать первый
 * контакт» must not hand its text to the manager's «Обработать заявку».
 *
 * <p>They are emptied (set to null where they live) rather than made task-local: a task-local
 * variable would catch the answer of a form submit while a plain complete writes to the process,
 * and the routing gateways read the process. In Cockpit the variables stay where they were and
 * show null between answers; each task's answers remain in the history (and its result in the
 * deal's timeline).
 */
public class FreshAnswers implements TaskListener {

  /** The answers that belong to one task only. */
  static final List<String> PER_TASK =
      List.of(FormAnswers.RESULT, ProcessVariables.OUTCOME, CourseSale.PAYMENT_AMOUNT, CourseSale.PAYMENT_REFERENCE);

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    if (execution == null) {
      return;
    }
    for (String name : PER_TASK) {
      if (execution.getVariable(name) != null) {
        execution.setVariable(name, null);
      }
    }
  }

  /** Empties the answers of a process instance whose task has just been completed and routed. */
  static void forget(VariableScope processInstance) {
    for (String name : PER_TASK) {
      if (processInstance.getVariableLocal(name) != null) {
        processInstance.setVariableLocal(name, null);
      }
    }
  }
}
