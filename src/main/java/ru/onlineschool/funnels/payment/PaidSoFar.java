package ru.onlineschool.funnels.payment;

import java.util.Map;
import ru.onlineschool.funnels.deal.DealPayments;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * The process variables that tell the model how much of the invoice is paid. Both ways a payment
 * arrives (the webhook and the manager's confirmation) set them the same way, so that one decision
 * table ({@code bpmn/deal-paid.dmn}) decides for both.
 */
final class PaidSoFar {

  private PaidSoFar() {}

  static Map<String, Object> variables(DealPayments.Balance balance, int payments) {
    return Map.of(
        // A Double for the decision table's arithmetic; the exact sum stays in the payment table.
        CourseSale.PAID_TOTAL, balance.paid().doubleValue(),
        // The budget the payment was checked against (the deal's), not whatever a form last sent as «budget».
        CourseSale.INVOICED_BUDGET, balance.budget().doubleValue(),
        CourseSale.PAYMENT_COUNT, payments,
        CourseSale.PAYMENT_STATUS, balance.text());
  }
}
