package ru.onlineschool.funnels.reanimation;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealHistory.DealSummary;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Создать сделку «Реанимация»» (bean {@code reanimationDealOpening}): the wait is over, the
 * reanimation becomes a deal of its own. The new deal is a child of the lost one, carries its
 * timeline, and from now on the process instance's business key is the new deal's id, like
 * every other deal's.
 */
@Component("reanimationDealOpening")
public class ReanimationDealOpening implements JavaDelegate {

  private final DealStore deals;
  private final DealHistory history;

  public ReanimationDealOpening(DealStore deals, DealHistory history) {
    this.deals = deals;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long originalId = ((Number) execution.getVariable(Reanimation.ORIGINAL_DEAL_ID)).longValue();
    DealSummary original =
        history.summary(originalId).orElseThrow(() -> new IllegalStateException("Исходная сделка " + originalId + " не найдена"));
    Instant now = DealContext.now();
    String course = original.course() != null ? original.course() : DealContext.text(execution, ProcessVariables.COURSE);
    long dealId = deals.createDeal(new NewDeal(Reanimation.PROCESS_KEY, original.contactId(), course, original.leadType(), originalId), now);
    deals.linkProcessInstance(dealId, execution.getProcessInstanceId());
    execution.setProcessBusinessKey(String.valueOf(dealId));
    execution.setVariable(ProcessVariables.DEAL_ID, dealId);
    history.copyTimeline(originalId, dealId);
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.NOTE,
        null,
        "Реанимация сделки №" + originalId + " «" + original.funnelTitle() + "» (причина отказа «"
            + DealContext.text(execution, Reanimation.ORIGINAL_LOSS_REASON) + "»); история сделки перенесена",
        null);
    deals.appendTimeline(originalId, now, TimelineKind.NOTE, null, "Реанимация: создана сделка №" + dealId + " «Реанимация»", null);
  }
}
