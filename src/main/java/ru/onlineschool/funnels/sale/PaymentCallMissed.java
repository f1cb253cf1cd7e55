package ru.onlineschool.funnels.sale;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Записать недозвон по оплате» (bean {@code paymentCallMissed}): the client did not answer the
 * payment reminder call. The reminder's e-mail has gone already and the next step of the reminders
 * (or «Счёт не оплачен в срок: решить») is the next attempt, so the miss is only written down: the
 * deal's history and the tag «Недозвон».
 */
@Component("paymentCallMissed")
public class PaymentCallMissed implements JavaDelegate {

  private final DealStore deals;

  public PaymentCallMissed(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant now = DealContext.now();
    long dealId = DealContext.dealId(execution);
    Object step = execution.getVariable(ProcessVariables.PAYMENT_REMINDERS);
    deals.addTag(dealId, MissedCall.TAG, true, now);
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.CALL,
        null,
        "Недозвон: напоминание об оплате" + (step == null ? "" : " (" + step + " из " + PaymentReminder.STEPS + ")") + " — письмо клиенту ушло",
        DealContext.currentUser(execution));
  }
}
