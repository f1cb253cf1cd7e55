package ru.onlineschool.funnels.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * Takes a payment confirmation to the deal's process (stage «Счет выставлен» waits for it).
 * Idempotent by the payment reference: the provider retries webhooks, and a retry must neither
 * pay twice nor fail.
 */
@Service
public class PaymentIntake {

  /** The result: 201 for a new payment, 200 for one already recorded. */
  public record Result(boolean created, PaymentAccepted answer) {}

  static final int REFERENCE_MAX = 100;
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");

  private final RetryingTransactions transactions;
  private final JdbcTemplate jdbc;
  private final DealStore deals;
  private final RuntimeService runtime;

  public PaymentIntake(RetryingTransactions transactions, JdbcTemplate jdbc, DealStore deals, RuntimeService runtime) {
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.deals = deals;
    this.runtime = runtime;
  }

  /** Checks the fields; every bad one is reported at once. */
  static PaymentRequest validate(PaymentRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    if (request.dealId() == null) {
      problems.add(new FieldProblem("dealId", TextRules.REQUIRED));
    } else if (request.dealId() <= 0) {
      problems.add(new FieldProblem("dealId", "Номер сделки — положительное целое число"));
    }
    BigDecimal amount = request.amount();
    if (amount == null) {
      problems.add(new FieldProblem("amount", TextRules.REQUIRED));
    } else if (amount.signum() <= 0) {
      problems.add(new FieldProblem("amount", "Сумма должна быть больше нуля"));
    } else if (amount.stripTrailingZeros().scale() > 2) {
      problems.add(new FieldProblem("amount", "Не больше двух знаков после запятой"));
    } else if (amount.compareTo(MAX_AMOUNT) > 0) {
      problems.add(new FieldProblem("amount", "Слишком большая сумма"));
    }
    String reference = TextRules.required(request.reference(), "reference", REFERENCE_MAX, problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return new PaymentRequest(request.dealId(), amount.setScale(2, RoundingMode.UNNECESSARY), reference);
  }

  public Result accept(PaymentRequest payment) {
    return transactions.run(() -> attempt(payment));
  }

  private Result attempt(PaymentRequest payment) {
    long dealId = payment.dealId();
    // The deal row lock orders payments of one deal: the second sees what the first changed.
    if (jdbc.queryForList("SELECT id FROM deal WHERE id = ? FOR UPDATE", Long.class, dealId).isEmpty()) {
      throw ApiException.notFound("Сделка " + dealId + " не найдена.");
    }
    var earlier =
        jdbc.query(
            "SELECT deal_id, amount FROM payment WHERE reference = ?",
            (rs, row) -> new Object[] {rs.getLong(1), rs.getBigDecimal(2)},
            payment.reference());
    if (!earlier.isEmpty()) {
      long earlierDeal = (Long) earlier.get(0)[0];
      BigDecimal earlierAmount = (BigDecimal) earlier.get(0)[1];
      if (earlierDeal != dealId) {
        throw ApiException.conflict("Платёж " + payment.reference() + " уже учтён по другой сделке.");
      }
      if (earlierAmount.compareTo(payment.amount()) != 0) {
        throw ApiException.conflict("Платёж " + payment.reference() + " уже учтён с другой суммой.");
      }
      return new Result(false, answer(dealId));
    }
    if (!awaitsPayment(dealId)) {
      throw ApiException.conflict("Сделка не ожидает оплату.");
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    jdbc.update(
        "INSERT INTO payment (reference, deal_id, amount, received_at) VALUES (?, ?, ?, ?)",
        payment.reference(),
        dealId,
        payment.amount(),
        now.atOffset(ZoneOffset.UTC));
    deals.appendTimeline(
        dealId,
        now,
        TimelineKind.NOTE,
        null,
        "Оплата получена: " + rubles(payment.amount()) + ", платёж " + payment.reference(),
        null);
    runtime
        .createMessageCorrelation(CourseSale.PAYMENT_RECEIVED)
        .processInstanceBusinessKey(String.valueOf(dealId))
        // A String: Java serialization is off, and the model only shows and stores the amount.
        .setVariable(CourseSale.PAYMENT_AMOUNT, payment.amount().toPlainString())
        .setVariable(CourseSale.PAYMENT_REFERENCE, payment.reference())
        .correlate();
    return new Result(true, answer(dealId));
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

  private PaymentAccepted answer(long dealId) {
    return new PaymentAccepted(dealId, deals.currentStage(dealId).orElse(null));
  }

  /** «15 000,00 ₽». */
  static String rubles(BigDecimal amount) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("ru-RU"));
    symbols.setGroupingSeparator(' ');
    symbols.setDecimalSeparator(',');
    return new DecimalFormat("#,##0.00", symbols).format(amount) + " ₽";
  }
}
