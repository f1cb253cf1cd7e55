package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.calendar.Dates;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Перезвонить в названное клиентом время» (bean {@code clientCallBack}) after a call that ends in
 * a call task again — the payment reminder call, the call to a webinar attendee: the client asked
 * to be called at another time (field «Когда перезвонить»). The time is required, in the future and
 * in the school's working hours; otherwise the form stays open with the reason. The model's input
 * {@code callSubject} names the call in the deal's history; the timer reads {@code callBackDue}.
 */
@Component("clientCallBack")
public class ClientCallBack implements JavaDelegate {

  static final String FIELD = "«Когда перезвонить: дата»";
  /** Input of the model's task: what the call was about, for the history («напоминание об оплате»). */
  static final String CALL_SUBJECT = "callSubject";

  private final Dates dates;
  private final WorkingTime workingTime;
  private final DealStore deals;
  private final ClientClock clientClock;

  public ClientCallBack(Dates dates, WorkingTime workingTime, DealStore deals, ClientClock clientClock) {
    this.dates = dates;
    this.workingTime = workingTime;
    this.deals = deals;
    this.clientClock = clientClock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object chosen = execution.getVariable(ProcessVariables.CALL_BACK_AT);
    if (chosen == null || chosen.toString().isBlank()) {
      throw new BadUserRequestException(FIELD + ": клиент просил перезвонить — укажите, когда");
    }
    Instant now = DealContext.now();
    Instant at = dates.instant(chosen);
    String subject = DealContext.text(execution, CALL_SUBJECT);
    if (!at.isAfter(now)) {
      throw new BadUserRequestException(FIELD + ": это время уже прошло — укажите время в будущем");
    }
    CallVariables.requireWorkingTime(workingTime, at, FIELD);
    execution.setVariable(ProcessVariables.CALL_BACK_DUE, Date.from(at));
    execution.removeVariable(ProcessVariables.CALL_BACK_AT);
    long dealId = DealContext.dealId(execution);
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.CALL,
        null,
        "Перезвон назначен на " + clientClock.shown(at, clientClock.ofDeal(dealId).zone()) + " (" + (subject == null ? "" : subject + " — ") + "клиент просил перезвонить)",
        DealContext.currentUser(execution));
  }
}
