package ru.onlineschool.funnels.form;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

/**
 * Every user task opens with no written result and no chosen outcome (attached to every user
 * task's «create» by the engine plugin). The answers of a task are process variables because the
 * gateways after it route on them; once the gateway is passed nobody needs them, and left in
 * place they pre-fill the next task's form: a manager could close «Перезвонить: день 1 зв 2» with
 * the previous call's text, and the deal's history would record it as this call's result.
 *
 * <p>They are emptied (set to null where they live) rather than made task-local: a task-local
 * variable would catch the answer of a form submit while a plain complete writes to the process,
 * and the routing gateways read the process. In Cockpit the variable stays where it was and shows
 * null while a task waits for its answer.
 */
public class FreshAnswers implements TaskListener {

  /** The answers that belong to one task only. */
  static final List<String> PER_TASK = List.of(FormAnswers.RESULT, "outcome");

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
}
