package ru.onlineschool.funnels.sale;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Записать недозвон» (bean {@code missedCall}): counts the failed call and the day it was
 * made (for the label «день N зв M»), and the hour of the miss (the cadence of seed 000 calls in
 * the evening after a morning miss and next morning after an afternoon one), and writes it to the
 * timeline.
 */
@Component("missedCall")
public class MissedCall implements JavaDelegate {

  static final String TAG = "Недозвон";

  private final DealStore deals;
  private final WorkingTime workingTime;

  public MissedCall(DealStore deals, WorkingTime workingTime) {
    this.deals = deals;
    this.workingTime = workingTime;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int failed = CallVariables.failedCalls(execution) + 1;
    Instant now = DealContext.now();
    execution.setVariable(CallVariables.FAILED_CALLS, failed);
    execution.setVariable(CallVariables.MISS_HOUR, now.atZone(workingTime.zone()).getHour());
    execution.setVariable(
        CallVariables.CALL_DAYS,
        CallLabel.withDay(DealContext.text(execution, CallVariables.CALL_DAYS), workingTime.schoolDate(now)));
    long dealId = DealContext.dealId(execution);
    deals.addTag(dealId, TAG, true, now);
    deals.appendTimeline(dealId, now, TimelineKind.CALL, null, "Недозвон: попытка " + failed, DealContext.currentUser(execution));
  }
}
