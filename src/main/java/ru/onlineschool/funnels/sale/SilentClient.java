package ru.onlineschool.funnels.sale;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Записать недозвон после предложения» (bean {@code silentClient}), seed 000 §2.4: the client has
 * the offer and did not answer a call about it. Counts the calls missed in a row since the client
 * went silent (the input of the table «Недозвон после предложения»), the days with calls (for the
 * label «день N зв M») and the hour of the miss, and writes the miss to the deal's history.
 * A call the client answers ends the count ({@link SilentClientAnswer}).
 */
@Component("silentClient")
public class SilentClient implements JavaDelegate {

  private final DealStore deals;
  private final WorkingTime workingTime;

  public SilentClient(DealStore deals, WorkingTime workingTime) {
    this.deals = deals;
    this.workingTime = workingTime;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int misses = misses(execution) + 1;
    Instant now = DealContext.now();
    execution.setVariable(ProcessVariables.SILENT_MISSES, misses);
    execution.setVariable(ProcessVariables.MISS_HOUR, now.atZone(workingTime.zone()).getHour());
    String days = misses == 1 ? null : DealContext.text(execution, ProcessVariables.SILENT_CALL_DAYS);
    execution.setVariable(ProcessVariables.SILENT_CALL_DAYS, CallLabel.withDay(days, workingTime.schoolDate(now)));
    if (misses == 1) {
      execution.setVariable(ProcessVariables.SILENT_SINCE, now.toString());
    }
    long dealId = DealContext.dealId(execution);
    deals.addTag(dealId, MissedCall.TAG, true, now);
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.CALL,
        null,
        misses == 1 ? "Недозвон после предложения: клиент не ответил на звонок" : "Недозвон после предложения: попытка " + (misses - 1) + " не удалась",
        DealContext.currentUser(execution));
  }

  static int misses(VariableScope scope) {
    Object value = scope.getVariable(ProcessVariables.SILENT_MISSES);
    return value == null ? 0 : ((Number) value).intValue();
  }
}
