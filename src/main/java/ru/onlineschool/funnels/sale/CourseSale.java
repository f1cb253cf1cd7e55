package ru.onlineschool.funnels.sale;

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
  /** Intermediate message: the payment webhook confirmed the invoice was paid. */
  public static final String PAYMENT_RECEIVED = "PaymentReceived";
  /** Event sub-process message: the same client left another lead while this deal is open. */
  public static final String REPEATED_LEAD = "RepeatedLead";

  /** The activity that waits for the payment (stage «Счет выставлен»). */
  public static final String AWAIT_PAYMENT_ACTIVITY = "Activity_AwaitPayment";

  /** Start variables (all set, possibly to null). */
  public static final String DEAL_ID = "dealId";
  public static final String CLIENT_NAME = "clientName";
  public static final String CLIENT_PHONE = "clientPhone";
  public static final String CLIENT_EMAIL = "clientEmail";
  public static final String COURSE = "course";
  public static final String LEAD_TYPE = "leadType";
  public static final String SOURCE = "source";
  public static final String COMMENT = "comment";
  public static final String REFERER = "referer";
  /** The open deal this lead repeats, or null. */
  public static final String DUPLICATE_OF = "duplicateOf";

  /** Payment message variables. */
  public static final String PAYMENT_AMOUNT = "paymentAmount";
  public static final String PAYMENT_REFERENCE = "paymentReference";

  private CourseSale() {}
}
