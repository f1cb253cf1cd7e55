package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Поднять приоритет и отметить просрочку» (bean {@code firstContactEscalation}): the first
 * contact did not happen within 15 minutes. The lead task moves to the top of the list, the
 * deal is tagged; the head of sales gets a control task next. Nothing is interrupted.
 */
@Component("firstContactEscalation")
public class FirstContactEscalation implements JavaDelegate {

  static final String TAG = "просрочен_первый_контакт";
  static final int TOP_PRIORITY = 100;
  static final String LEAD_TASK = "Activity_ProcessLead";

  private final DealStore deals;

  public FirstContactEscalation(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    tasks.createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(LEAD_TASK)
        .list()
        .forEach(task -> tasks.setPriority(task.getId(), TOP_PRIORITY));
    long dealId = DealContext.dealId(execution);
    deals.addTag(dealId, TAG, true, DealContext.now());
    deals.appendTimeline(
        dealId, DealContext.now(), TimelineKind.NOTE, null, "Первый контакт не состоялся за 15 минут: приоритет поднят, РОП получил задачу", null);
  }
}
