package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.CallSlot;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.deal.ClientClock.PlannedCall;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Назначить перезвон в рабочее время» (bean {@code recallPlanner}): turns the cadence
 * table's answer (delay in working time, optionally a time of day) into the moment of the
 * next call and its label.
 */
@Component("recallPlanner")
public class RecallPlanner implements JavaDelegate {

  private final WorkingTime workingTime;
  private final DealStore deals;
  private final ClientClock clientClock;

  public RecallPlanner(WorkingTime workingTime, DealStore deals, ClientClock clientClock) {
    this.workingTime = workingTime;
    this.deals = deals;
    this.clientClock = clientClock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant now = DealContext.now();
    Instant at = workingTime.plus(now, DealContext.text(execution, "recallDelay"));
    String timeOfDay = DealContext.text(execution, "recallAtTime");
    if (timeOfDay != null) {
      at = workingTime.nextAt(at, parseTime(timeOfDay));
    }
    // The client's clock and the time he named bind the call too (issue 17, «The client's time»).
    PlannedCall call = clientClock.plan(DealContext.dealId(execution), at);
    CallLabel label =
        CallLabel.next(
            DealContext.text(execution, CallVariables.CALL_DAYS), CallVariables.failedCalls(execution), call.at(), workingTime.zone(), workingTime.eveningFrom());
    // Seed 000 §2.3: a call the client asked for and then missed moves the number on, and the
    // task says so on its second line.
    String note = DealContext.text(execution, CallVariables.CALL_NOTE) == null ? null : CallVariables.ASKED_AND_MISSED;
    plan(execution, call, label, note);
  }

  /**
   * The client answered and asked to be called at {@code at} (seed 000 §2.3): the call keeps its
   * day and number, loses «(вечером)», and the task's second line reads «просил перезвонить».
   */
  void planCallBack(DelegateExecution execution, Instant at) {
    CallLabel label =
        CallLabel.callBack(
            DealContext.text(execution, CallVariables.CALL_DAYS), CallVariables.failedCalls(execution), workingTime.schoolDate(DealContext.now()));
    plan(execution, clientClock.plan(DealContext.dealId(execution), at), label, CallVariables.ASKED_TO_CALL_BACK);
  }

  /** Stores the planned call: its moment, its label and the second line of its task. */
  private void plan(DelegateExecution execution, PlannedCall call, CallLabel label, String note) {
    Instant at = call.at();
    String timeNote = call.clientTimeKept() ? null : CallSlot.OUTSIDE_CLIENT_TIME;
    execution.setVariable(CallVariables.RECALL_AT, Date.from(at));
    // The recall task's due date is the model's (an hour after the call, in the user task «Перезвонить»).
    // Instances started on a model of before issue 14 read this variable instead; drop it once none of them runs.
    execution.setVariable(CallVariables.RECALL_DUE_AT, Date.from(workingTime.plus(at, "PT1H")));
    execution.setVariable(CallVariables.CALL_LABEL, label.toString());
    execution.setVariable(CallVariables.CALL_NOTE, note);
    execution.setVariable(CallVariables.CALL_TIME_NOTE, timeNote);
    deals.appendTimeline(
        DealContext.dealId(execution),
        DealContext.now(),
        TimelineKind.CALL,
        null,
        "Перезвон назначен на " + call.shown() + " (" + label + (note == null ? "" : " — " + note) + (timeNote == null ? "" : " — " + timeNote) + ")",
        DealContext.currentUser(execution));
  }

  private static LocalTime parseTime(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Время в таблице «Каденция перезвонов» должно быть вида ЧЧ:ММ, а не «" + text + "»", e);
    }
  }
}
