package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.CallSlot;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.deal.ClientClock.PlannedCall;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Назначить попытку в рабочее время» (bean {@code silentCallPlanner}): turns the answer of the
 * table «Недозвон после предложения» (a pause in working time, optionally a time of day, the
 * attempt's name «2 из 4») into the moment of the next call and the task's name, which reads like
 * seed 000 §2.4: «попытка 1 из 4: день 1 зв 2 (вечером)».
 */
@Component("silentCallPlanner")
public class SilentCallPlanner implements JavaDelegate {

  private final WorkingTime workingTime;
  private final DealStore deals;
  private final ClientClock clientClock;

  public SilentCallPlanner(WorkingTime workingTime, DealStore deals, ClientClock clientClock) {
    this.workingTime = workingTime;
    this.deals = deals;
    this.clientClock = clientClock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String delay = DealContext.text(execution, ProcessVariables.SILENT_DELAY);
    if (delay == null) {
      throw new IllegalStateException("Таблица «Недозвон после предложения» не задала паузу до следующей попытки (столбец «Через»)");
    }
    Instant at = workingTime.plus(DealContext.now(), delay);
    String timeOfDay = DealContext.text(execution, ProcessVariables.SILENT_AT_TIME);
    if (timeOfDay != null) {
      at = workingTime.nextAt(at, parseTime(timeOfDay));
    }
    // The client's clock and the time he named bind the attempt too (issue 17).
    PlannedCall call = clientClock.plan(DealContext.dealId(execution), at);
    at = call.at();
    CallLabel label =
        CallLabel.next(
            DealContext.text(execution, ProcessVariables.SILENT_CALL_DAYS),
            SilentClient.misses(execution),
            at,
            workingTime.zone(),
            workingTime.eveningFrom());
    String attempt = DealContext.text(execution, ProcessVariables.SILENT_ATTEMPT);
    String name = (attempt == null ? "" : "попытка " + attempt + ": ") + label;
    execution.setVariable(ProcessVariables.SILENT_CALL_AT, Date.from(at));
    execution.setVariable(ProcessVariables.SILENT_CALL_NAME, name);
    deals.appendTimeline(
        DealContext.dealId(execution),
        DealContext.now(),
        TimelineKind.CALL,
        null,
        "Перезвон назначен на " + call.shown() + " (после предложения, " + name
            + (call.clientTimeKept() ? "" : " — " + CallSlot.OUTSIDE_CLIENT_TIME) + ")",
        DealContext.currentUser(execution));
  }

  private static LocalTime parseTime(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Время в таблице «Недозвон после предложения» должно быть вида ЧЧ:ММ, а не «" + text + "»", e);
    }
  }
}
