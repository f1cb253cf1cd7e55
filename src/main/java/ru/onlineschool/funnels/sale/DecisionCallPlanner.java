package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.CallSlot;
import ru.onlineschool.funnels.calendar.Dates;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.deal.ClientClock.PlannedCall;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Назначить звонок о решении» (bean {@code decisionCallPlanner}): the client wants to think, and
 * the manager names when to call and learn the decision (field «Когда позвонить» of the forms
 * «Запросить обратную связь…» and «Позвонить и узнать решение»). The same for a client who asked
 * to be called back at another time (answer «Просил перезвонить»), only then the field is required
 * and the history says «клиент просил перезвонить». Left empty, the call falls the
 * model's {@code defaultDelay} later in working time. A moment in the past or outside the school's
 * working hours is refused, naming the field, and the form stays open.
 */
@Component("decisionCallPlanner")
public class DecisionCallPlanner implements JavaDelegate {

  /** The field's label as the forms show it: the refusals name it. */
  static final String FIELD = "«Когда позвонить: дата»";
  /** The answer «Просил перезвонить»: the time is the client's, so the field is required. */
  static final String CALL_BACK = "CALL_BACK";

  private final Dates dates;
  private final WorkingTime workingTime;
  private final DealStore deals;
  private final ClientClock clientClock;

  public DecisionCallPlanner(Dates dates, WorkingTime workingTime, DealStore deals, ClientClock clientClock) {
    this.dates = dates;
    this.workingTime = workingTime;
    this.deals = deals;
    this.clientClock = clientClock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object chosen = execution.getVariable(ProcessVariables.DECISION_CALL_AT);
    boolean empty = chosen == null || chosen.toString().isBlank();
    boolean askedToCallBack = CALL_BACK.equals(execution.getVariable(ProcessVariables.OUTCOME));
    Instant now = DealContext.now();
    Instant at;
    if (empty && askedToCallBack) {
      throw new BadUserRequestException(FIELD + ": клиент просил перезвонить — укажите, когда");
    }
    if (empty) {
      String delay = DealContext.text(execution, ProcessVariables.DEFAULT_DELAY);
      if (delay == null) {
        throw new IllegalStateException("«Назначить звонок о решении»: в модели не задан входной параметр defaultDelay");
      }
      at = workingTime.plus(now, delay);
    } else {
      at = dates.instant(chosen);
      if (!at.isAfter(now)) {
        throw new BadUserRequestException(FIELD + ": это время уже прошло — укажите время в будущем или оставьте поле пустым (позвонить через день)");
      }
      CallVariables.requireWorkingTime(workingTime, at, FIELD);
    }
    // The client's clock and the time he named bind the call (issue 17): the default moves to the
    // first moment that suits him; a moment the manager chose outside his time is refused while
    // another moment would suit. A time the client named himself («Просил перезвонить») is his
    // wish and stands, within the school's hours.
    long dealId = DealContext.dealId(execution);
    PlannedCall call = clientClock.plan(dealId, at);
    if (!empty && !askedToCallBack && !call.at().equals(at) && call.clientTimeKept()) {
      throw new BadUserRequestException(
          FIELD + ": " + clientClock.shown(at, clientClock.ofDeal(dealId).zone()) + " — неудобное клиенту время; ближайшее удобное — " + call.shown());
    }
    at = empty ? call.at() : at;
    String timeNote = empty && !call.clientTimeKept() ? " — " + CallSlot.OUTSIDE_CLIENT_TIME : "";
    execution.setVariable(ProcessVariables.DECISION_CALL_DUE, Date.from(at));
    // Seed 000 §2.3: the call the client asked for reads «просил перезвонить» on its second line.
    execution.setVariable(ProcessVariables.DECISION_CALL_NOTE, askedToCallBack ? CallVariables.ASKED_TO_CALL_BACK : null);
    // The next «нужно подумать» starts from an empty field, not from this answer (then in the past).
    execution.removeVariable(ProcessVariables.DECISION_CALL_AT);
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.CALL,
        null,
        "Перезвон назначен на "
            + clientClock.shown(at, clientClock.ofDeal(dealId).zone())
            + (askedToCallBack ? " (клиент просил перезвонить" : " (клиент думает — узнать решение")
            + timeNote
            + ")",
        DealContext.currentUser(execution));
  }
}
