package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.messaging.ClientMessage;

/**
 * «Сообщение клиенту: напоминание об оплате» (bean {@code paymentReminder}): the three
 * reminders of seed 004, each its own template, each sent at most once per deal and deadline (the
 * model's input {@code occasion}). «Счёт не оплачен в срок: решить» sets the count back to 0, so an
 * extended deadline gets its three reminders again.
 */
@Component("paymentReminder")
public class PaymentReminder implements JavaDelegate {

  static final String COUNT = ProcessVariables.PAYMENT_REMINDERS;
  static final int STEPS = 3;

  private final ClientMessage clientMessage;

  public PaymentReminder(ClientMessage clientMessage) {
    this.clientMessage = clientMessage;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object sent = execution.getVariable(COUNT);
    int step = Math.min(STEPS, count(sent) + 1);
    execution.setVariable(COUNT, step);
    clientMessage.send(execution, "payment-reminder-" + step);
  }

  private static int count(Object sent) {
    if (sent instanceof Number number) {
      return number.intValue();
    }
    return sent == null || sent.toString().isBlank() ? 0 : Integer.parseInt(sent.toString().trim());
  }
}
