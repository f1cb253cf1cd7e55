package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import org.camunda.bpm.engine.BadUserRequestException;
import java.time.Instant;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * Runs when any user task of a deal is completed (attached to every user task by the engine
 * plugin): no task closes without a written result (seed 001), a loss needs its reason, and
 * the result, the manual tags and the deal fields from the form reach the deal.
 */
@Component
public class TaskResultRecorder implements TaskListener {

  static final String RESULT = ProcessVariables.RESULT;
  static final String OUTCOME = ProcessVariables.OUTCOME;
  /** The stage in which the deal's budget is the invoice payments are checked against. */
  static final String INVOICED = "INVOICE_SENT";
  static final Set<String> LOSS_OUTCOMES = Set.of("NOT_TARGETED", "REFUSED");
  /** What a timeline entry holds ({@code timeline_entry.text}). */
  static final int TIMELINE_TEXT_MAX = 4000;
  private final DealStore deals;
  /** Form checkboxes and the manual tags they stand for: the table «Ручные теги из форм». */
  private final ManualTags manualTags;

  public TaskResultRecorder(DealStore deals, ManualTags manualTags) {
    this.deals = deals;
    this.manualTags = manualTags;
  }

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    if (execution == null || !isDeal(execution.getProcessBusinessKey())) {
      return;
    }
    String result = DealContext.text(task, RESULT);
    if (result == null) {
      throw new BadUserRequestException("Заполните «Результат»: без письменного результата задачу не закрыть");
    }
    String outcome = DealContext.text(task, OUTCOME);
    if (outcome != null && LOSS_OUTCOMES.contains(outcome) && DealContext.text(task, StageRecorder.LOSS_REASON_VARIABLE) == null) {
      throw new BadUserRequestException("Выберите причину отказа");
    }
    String line = "«" + task.getName() + "»: " + result;
    if (line.length() > TIMELINE_TEXT_MAX) {
      // The form limits the result well below this; a form without the limit must not end in a failed insert.
      throw new BadUserRequestException(
          "«Результат» слишком длинный: история сделки вмещает " + (TIMELINE_TEXT_MAX - line.length() + result.length()) + " символов");
    }
    long dealId = DealContext.dealId(execution);
    Instant now = DealContext.now();
    String user = DealContext.currentUser(execution);
    Object budget = task.getVariable("budget");
    BigDecimal newBudget = budget instanceof Number n ? new BigDecimal(n.toString()) : null;
    refuseBudgetChangeOnceInvoiced(dealId, newBudget);
    takeOverResponsibility(task, dealId);
    applyManualTags(task, dealId, now);
    deals.updateCourseAndBudget(dealId, DealContext.text(task, ProcessVariables.COURSE), newBudget);
    deals.appendTimeline(
        dealId, now, TimelineKind.TASK_RESULT, null, line, user != null ? user : task.getAssignee());
  }

  /**
   * Payments are checked against the invoiced budget, so once the invoice is out (stage «Счет
   * выставлен») the budget stays: otherwise a task completion could shrink the invoice to what was
   * paid and win the deal with it.
   */
  private void refuseBudgetChangeOnceInvoiced(long dealId, BigDecimal newBudget) {
    if (newBudget == null || deals.currentStage(dealId).map(stage -> !INVOICED.equals(stage.code())).orElse(true)) {
      return;
    }
    BigDecimal invoiced = deals.budget(dealId).orElse(null);
    if (invoiced != null && invoiced.compareTo(newBudget) != 0) {
      throw new BadUserRequestException("Счёт уже выставлен: бюджет сделки не меняется, пока она ждёт оплату");
    }
  }

  /**
   * A manager who works the deal's task is its responsible: a group task claimed when nobody
   * was available, or a task the head of sales reassigned.
   */
  private void takeOverResponsibility(DelegateTask task, long dealId) {
    String assignee = task.getAssignee();
    if (assignee == null || assignee.equals(task.getVariable(ProcessVariables.RESPONSIBLE))) {
      return;
    }
    boolean isManager =
        task.getProcessEngineServices().getIdentityService().createUserQuery().userId(assignee).memberOfGroup(SchoolGroup.MANAGERS.id()).count()
            > 0;
    if (isManager) {
      task.setVariable(ProcessVariables.RESPONSIBLE, assignee);
      task.setVariable(ProcessVariables.CANDIDATE_GROUP, SchoolGroup.SALES_HEADS.id());
      deals.setResponsible(dealId, assignee);
    }
  }

  private void applyManualTags(DelegateTask task, long dealId, Instant now) {
    manualTags.byCheckbox().forEach(
        (variable, tag) -> {
          Object checked = task.getVariable(variable);
          if (Boolean.TRUE.equals(checked)) {
            deals.addTag(dealId, tag, false, now);
          } else if (Boolean.FALSE.equals(checked)) {
            deals.removeTag(dealId, tag);
          }
        });
  }

  private static boolean isDeal(String businessKey) {
    return businessKey != null && businessKey.chars().allMatch(Character::isDigit) && !businessKey.isEmpty();
  }
}
