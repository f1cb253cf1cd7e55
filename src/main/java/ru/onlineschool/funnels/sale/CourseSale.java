package ru.onlineschool.funnels.sale;

import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The contract of the model {@code bpmn/course-sale.bpmn} with the code around it: message
 * names and the process variables that start a deal.
 */
public final class CourseSale {

  public static final String PROCESS_KEY = "course-sale";

  /** Message start: a new lead (stage «Новая заявка»). */
  public static final String LEAD_RECEIVED = "LeadReceived";
  /** Message start: a qualified lead handed over from «Вебинар» or «Реанимация». */
  public static final String QUALIFIED_LEAD_HANDED_OVER = "QualifiedLeadHandedOver";
  /** Boundary message of «Контролировать оплату»: the payment webhook recorded a payment (possibly a part). */
  public static final String PAYMENT_RECEIVED = "PaymentReceived";
  /** Event sub-process message: the same client left another lead while this deal is open. */
  public static final String REPEATED_LEAD = "RepeatedLead";
  /**
   * Intermediate message of the not-reached cadence (issue 20): the client answered in a
   * messenger while the deal waits for a recall or the recall task is open; the cadence ends and
   * the deal goes to «Ведётся переписка».
   */
  public static final String CLIENT_REPLIED = "ClientReplied";
  /** Event sub-process message (issue 20): the client wrote in a messenger; «Ответить клиенту» for the responsible. */
  public static final String CLIENT_WROTE = "ClientWrote";

  /** The activity that waits for the payment (stage «Счет выставлен»). */
  public static final String AWAIT_PAYMENT_ACTIVITY = "Activity_AwaitPayment";

  /**
   * Start variables besides the deal and its client ({@link ProcessVariables}); all set, possibly
   * to null.
   */
  public static final String LEAD_TYPE = ProcessVariables.LEAD_TYPE;
  public static final String SOURCE = ProcessVariables.SOURCE;
  public static final String COMMENT = ProcessVariables.COMMENT;
  public static final String REFERER = ProcessVariables.REFERER;
  /** The open deal this lead repeats, or null. */
  public static final String DUPLICATE_OF = ProcessVariables.DUPLICATE_OF;

  /** Payment message variables. */
  public static final String PAYMENT_AMOUNT = ProcessVariables.PAYMENT_AMOUNT;
  public static final String PAYMENT_REFERENCE = ProcessVariables.PAYMENT_REFERENCE;
  /**
   * What the deal's payments add up to and the invoiced budget they were checked against (Doubles:
   * the decision table {@code deal-paid} divides one by the other), how many payments there are, and «оплачено X из Y ₽» for the manager's form. Set
   * with every recorded payment, before the model decides whether the deal is paid.
   */
  public static final String PAID_TOTAL = ProcessVariables.PAID_TOTAL;
  public static final String INVOICED_BUDGET = ProcessVariables.INVOICED_BUDGET;
  public static final String PAYMENT_COUNT = ProcessVariables.PAYMENT_COUNT;
  public static final String PAYMENT_STATUS = ProcessVariables.PAYMENT_STATUS;
  /** The manager's «Клиент оплатил — подтверждаю» on «Контролировать оплату». */
  public static final String PAID_OUTCOME = "PAID";

  private CourseSale() {}
}
