package ru.onlineschool.funnels.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.DealPayments;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * Takes a payment confirmation to the deal: records it against the invoice and tells the deal's
 * process, which decides whether the deal is paid (stage «Счет выставлен» waits for it).
 * Idempotent by the payment reference: the provider retries webhooks, and a retry must neither
 * pay twice nor fail.
 */
@Service
public class PaymentIntake {

  /** The result: 201 for a new payment, 200 for one already recorded. */
  public record Result(boolean created, PaymentAccepted answer) {}

  private final RetryingTransactions transactions;
  private final DealPayments payments;
  private final DealStore deals;
  private final RuntimeService runtime;
  private final IdempotentRequests idempotency;
  private final ObjectMapper json;

  public PaymentIntake(
      RetryingTransactions transactions, DealPayments payments, DealStore deals, RuntimeService runtime, IdempotentRequests idempotency,
      ObjectMapper json) {
    this.idempotency = idempotency;
    this.json = json;
    this.transactions = transactions;
    this.payments = payments;
    this.deals = deals;
    this.runtime = runtime;
  }

  /**
   * The webhook's intake, the same as every intake of the API: with an {@code Idempotency-Key} the
   * same request again gets the first answer (the same key with another request: 422). Without
   * one, the payment's reference still makes a repeat harmless (200 with the first answer).
   */
  public IdempotentRequests.Answer accept(PaymentRequest payment, String idempotencyKey, String requestHash) {
    return transactions.run(
        () ->
            idempotency.once(
                idempotencyKey,
                requestHash,
                () -> {
                  Result result = attempt(payment);
                  try {
                    return new IdempotentRequests.Answer(result.created() ? 201 : 200, json.writeValueAsString(result.answer()), false);
                  } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                  }
                }));
  }

  public Result accept(PaymentRequest payment) {
    return transactions.run(() -> attempt(payment));
  }

  private Result attempt(PaymentRequest payment) {
    long dealId = payment.dealId();
    if (!payments.lock(dealId)) {
      throw ApiException.notFound("Сделка " + dealId + " не найдена.");
    }
    var earlier = payments.byReference(payment.reference());
    if (earlier.isPresent()) {
      if (earlier.get().dealId() != dealId) {
        throw ApiException.conflict("Платёж " + payment.reference() + " уже учтён по другой сделке.");
      }
      if (earlier.get().amount().compareTo(payment.amount()) != 0) {
        throw ApiException.conflict("Платёж " + payment.reference() + " уже учтён с другой суммой.");
      }
      return new Result(false, replay(earlier.get()));
    }
    if (!awaitsPayment(dealId)) {
      // Only an invoiced deal takes money: before the invoice there is no budget to check against,
      // and after it is closed the process has nothing that would act on a payment.
      String stage = deals.currentStage(dealId).map(s -> ": она на этапе «" + s.title() + "»").orElse("");
      throw ApiException.conflict("Сделка не ожидает оплату" + stage + ".");
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    DealPayments.Balance balance;
    try {
      balance = payments.record(dealId, payment.reference(), payment.amount(), now, null);
    } catch (DealPayments.PaymentRefused refused) {
      if (refused.reason() == DealPayments.PaymentRefused.Reason.OVERPAID) {
        throw new ApiException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "Платёж больше остатка по счёту",
            refused.getMessage(),
            List.of(new FieldProblem("amount", refused.getMessage())));
      }
      throw ApiException.conflict(refused.getMessage());
    }
    runtime
        .createMessageCorrelation(CourseSale.PAYMENT_RECEIVED)
        .processInstanceBusinessKey(String.valueOf(dealId))
        // Strings: Java serialization is off, and the model only shows and stores them.
        .setVariable(CourseSale.PAYMENT_AMOUNT, payment.amount().toPlainString())
        .setVariable(CourseSale.PAYMENT_REFERENCE, payment.reference())
        .setVariables(PaidSoFar.variables(balance, payments.payments(dealId).size()))
        .correlate();
    Stage stage = deals.currentStage(dealId).orElse(null);
    payments.rememberStage(payment.reference(), stage);
    return new Result(true, new PaymentAccepted(dealId, stage, balance.paid(), balance.budget(), balance.text()));
  }

  /** The answer the first request got, from what was stored with the payment. */
  private PaymentAccepted replay(DealPayments.Payment payment) {
    if (payment.paidTotal() == null) {
      // Recorded before payments were checked against the invoice: only the current stage is known.
      return new PaymentAccepted(payment.dealId(), deals.currentStage(payment.dealId()).orElse(null), null, null, null);
    }
    var balance = new DealPayments.Balance(payment.paidTotal(), payment.budget());
    return new PaymentAccepted(payment.dealId(), payment.stageAfter(), balance.paid(), balance.budget(), balance.text());
  }

  /** Whether a process of the deal waits for the message now (a subscription exists). */
  private boolean awaitsPayment(long dealId) {
    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).active().list().stream()
        .anyMatch(
            instance ->
                runtime
                        .createEventSubscriptionQuery()
                        .processInstanceId(instance.getId())
                        .eventType("message")
                        .eventName(CourseSale.PAYMENT_RECEIVED)
                        .count()
                    > 0);
  }
}
