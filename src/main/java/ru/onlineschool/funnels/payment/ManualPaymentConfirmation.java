package ru.onlineschool.funnels.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import jakarta.validation.Validator;
import java.util.Locale;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.RequestViolations;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealPayments;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * «Клиент оплатил — подтверждаю» on «Контролировать оплату» (complete listener
 * {@code ${manualPayment}}): a payment the manager confirms by hand (a transfer, an invoice paid
 * by a company) is recorded by the same rules as the provider's webhook — with its amount, in
 * roubles, never beyond the invoice — whoever completes the task and through whichever API. A
 * refusal rolls the completion back: the task stays open and nothing is recorded.
 */
@Component("manualPayment")
public class ManualPaymentConfirmation implements TaskListener {

  private final DealPayments payments;
  private final Validator validator;

  public ManualPaymentConfirmation(DealPayments payments, Validator validator) {
    this.payments = payments;
    this.validator = validator;
  }

  @Override
  public void notify(DelegateTask task) {
    if (!CourseSale.PAID_OUTCOME.equals(DealContext.text(task, ProcessVariables.OUTCOME))) {
      return;
    }
    BigDecimal amount = amount(task.getVariable(CourseSale.PAYMENT_AMOUNT));
    // The webhook's rules for the amount: the annotations of PaymentRequest.amount.
    String problem = RequestViolations.message(validator.validateValue(PaymentRequest.class, "amount", amount));
    if (problem != null) {
      throw new BadUserRequestException("Сумма платежа: " + problem.toLowerCase(Locale.ROOT));
    }
    String reference = DealContext.text(task, CourseSale.PAYMENT_REFERENCE);
    if (reference == null) {
      throw new BadUserRequestException("Укажите номер платежа или счёта");
    }
    if (reference.length() > PaymentRequest.REFERENCE_MAX) {
      throw new BadUserRequestException("Номер платежа или счёта — не длиннее " + PaymentRequest.REFERENCE_MAX + " символов");
    }
    DelegateExecution execution = task.getExecution();
    long dealId = DealContext.dealId(execution);
    String user = DealContext.currentUser(execution);
    DealPayments.Balance balance;
    try {
      balance =
          payments.record(
              dealId, reference, amount.setScale(2, RoundingMode.UNNECESSARY), DealContext.now(), user != null ? user : task.getAssignee());
    } catch (DealPayments.PaymentRefused refused) {
      throw new BadUserRequestException(refused.getMessage());
    }
    execution.setVariables(PaidSoFar.variables(balance, payments.payments(dealId).size()));
  }

  /** The form's number field sends a number; the engine's REST may bring a string. */
  private static BigDecimal amount(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(value.toString().strip().replace(',', '.'));
    } catch (NumberFormatException notANumber) {
      throw new BadUserRequestException("Сумма платежа: ожидается число, например 20000 или 20000.50");
    }
  }
}
