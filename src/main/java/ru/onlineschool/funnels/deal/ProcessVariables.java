package ru.onlineschool.funnels.deal;

/**
 * Every process variable the models and the code share, declared once. A model may name in an
 * expression only these, the application's beans and the engine's own names: {@code
 * models/ModelContractTest} fails on anything else, so a typo such as {@code ${clientNmae}} is
 * caught before a deal reaches that step. Add a name here when a model or a form starts using a new
 * variable.
 */
public final class ProcessVariables {

  // Every funnel: the deal and its client, set when the process starts.
  /** The deal's number, also the business key; in «Реанимация» only once the new deal exists. */
  public static final String DEAL_ID = "dealId";
  /** The «Продажа курса» deal a delivery came from, or the one a reanimation handed the client over to. */
  public static final String SALE_DEAL_ID = "saleDealId";
  public static final String CONTACT_ID = "contactId";
  public static final String CLIENT_NAME = "clientName";
  public static final String CLIENT_PHONE = "clientPhone";
  public static final String CLIENT_EMAIL = "clientEmail";
  public static final String COURSE = "course";
  /** Who works the deal's tasks, and the group that sees them when nobody is assigned. */
  public static final String RESPONSIBLE = "responsible";
  /** Task-local, set when a task is created: the responsible's name, for forms (never the login). */
  public static final String RESPONSIBLE_NAME = "responsibleName";
  public static final String CANDIDATE_GROUP = "candidateGroup";
  /** The deal's stage, kept by the stage recorder. */
  public static final String STAGE = "stage";
  public static final String STAGE_TITLE = "stageTitle";
  public static final String LOSS_REASON = "lossReason";
  /**
   * The reasons a task's form offers for «Отказ» (its select reads them through {@code valuesKey}),
   * from the table «Причины отказа»; set by {@code form/LossReasonOptions}, checked against by the
   * completion guard.
   */
  public static final String LOSS_REASONS = "lossReasons";
  /** A task form's answer: the chosen button and the whole result. */
  public static final String OUTCOME = "outcome";
  public static final String RESULT = "result";
  /**
   * Input of the tables «Автоматические теги этапов» and «Причины отказа» (the funnel's process
   * key), given by the code that evaluates them, not a process variable.
   */
  public static final String FUNNEL = "funnel";
  /** Local input of «Отправить клиенту…» tasks: which message template to send. */
  public static final String TEMPLATE = "template";
  /** Input of «Сообщение клиенту: …» next to {@code template}: what makes a repeated message a new one (the trial lesson's time). */
  public static final String OCCASION = "occasion";

  // «Продажа курса».
  public static final String LEAD_TYPE = "leadType";
  /** Task-local, set when a task is created: the lead type in Russian (table «Типы заявок»). */
  public static final String LEAD_TYPE_TEXT = "leadTypeText";
  public static final String SOURCE = "source";
  public static final String COMMENT = "comment";
  /**
   * No longer given at the start (issue 21): the page a lead came from lives in {@code lead_source};
   * instances started before keep it.
   */
  public static final String REFERER = "referer";
  public static final String DUPLICATE_OF = "duplicateOf";
  public static final String GREETING_SCRIPT = "greetingScript";
  public static final String ATTEMPTS = "attempts";
  public static final String CALL_DAYS = "callDays";
  public static final String RECALL_AT = "recallAt";
  /** Read only by models of before issue 14 (the due date of «Перезвонить» is now the model's own). */
  public static final String RECALL_DUE_AT = "recallDueAt";
  public static final String CALL_LABEL = "callLabel";
  public static final String RECALL_AT_TIME = "recallAtTime";
  public static final String RECALL_DELAY = "recallDelay";
  public static final String RECALL_GIVE_UP = "recallGiveUp";
  /** Output of the table «Режим прозвона», input of «Каденция перезвонов»: which regulation's cadence applies. */
  public static final String RECALL_REGIME = "recallRegime";
  /** The hour (school's time, 0–23) of the last missed call, input of «Каденция перезвонов». */
  public static final String MISS_HOUR = "missHour";
  /** «Каденция перезвонов» when attempts are exhausted: «Закрыто не реализовано» or «Финальный прозвон». */
  public static final String RECALL_CLOSING = "recallClosing";
  /** The second line of «Перезвонить» (seed 000 §2.3): «просил перезвонить», «просил перезвонить и не ответил». */
  public static final String CALL_NOTE = "callNote";
  /**
   * «вне удобного клиенту времени» when no moment of the school's hours suited the client and the
   * call was planned in the school's hours anyway; another line under the recall task's name.
   */
  public static final String CALL_TIME_NOTE = "callTimeNote";
  public static final String CALL_BACK_AT = "callBackAt";
  /** «Нужно подумать»: when the manager calls to learn the decision, as the form sends it (school's time); empty — the model's default delay. */
  public static final String DECISION_CALL_AT = "decisionCallAt";
  /** The planned moment of «Позвонить и узнать решение»: the timer «Время звонка о решении» reads it. */
  public static final String DECISION_CALL_DUE = "decisionCallDue";
  /** The second line of «Позвонить и узнать решение»: «просил перезвонить» when the client named the time, else none. */
  public static final String DECISION_CALL_NOTE = "decisionCallLine";
  /** Input of «Назначить звонок о решении»: the delay in working time when the manager leaves the time empty. */
  public static final String DEFAULT_DELAY = "defaultDelay";
  /** Seed 000 §2.4: calls after the offer in a row the client did not answer (the scheduled one counted); input of «Недозвон после предложения». */
  public static final String SILENT_MISSES = "silentMisses";
  /** School dates with calls since the client went silent after the offer, comma-separated, for «день N зв M». */
  public static final String SILENT_CALL_DAYS = "silentCallDays";
  /** When the client went silent after the offer: the occasion of the message «не смогли дозвониться после предложения». */
  public static final String SILENT_SINCE = "silentSince";
  /** Outputs of «Недозвон после предложения». */
  public static final String SILENT_GIVE_UP = "silentGiveUp";
  public static final String SILENT_DELAY = "silentDelay";
  public static final String SILENT_AT_TIME = "silentAtTime";
  public static final String SILENT_WRITE = "silentWrite";
  public static final String SILENT_ATTEMPT = "silentAttempt";
  /** The planned next attempt after the offer, and its name in the task («попытка 2 из 4: день 2 зв 3»). */
  public static final String SILENT_CALL_AT = "silentCallAt";
  public static final String SILENT_CALL_NAME = "silentCallName";
  public static final String TRIAL_AT = "trialAt";
  public static final String INVOICE_DEADLINE = "invoiceDeadline";
  public static final String PAYMENT_AMOUNT = "paymentAmount";
  public static final String PAYMENT_REFERENCE = "paymentReference";
  public static final String PAID_TOTAL = "paidTotal";
  public static final String INVOICED_BUDGET = "invoicedBudget";
  public static final String PAYMENT_COUNT = "paymentCount";
  public static final String PAYMENT_STATUS = "paymentStatus";
  public static final String PAYMENT_REMINDERS = "paymentReminders";
  /** When the client asked to be called back (payment reminder call, webinar call): the timer «Время перезвона» reads it. */
  public static final String CALL_BACK_DUE = "callBackDue";
  /** Input of «Перезвонить в названное клиентом время» ({@code clientCallBack}): what the call is about, for the history. */
  public static final String CALL_SUBJECT = "callSubject";
  /** Output of the table «Звонки-напоминания об оплате»: the script of the reminder call (seed 004). */
  public static final String PAYMENT_CALL_SCRIPT = "paymentCallScript";
  /** The offer's answers: how the client pays, the budget, the trial lesson's link. */
  public static final String PAYMENT_TYPE = "paymentType";
  public static final String BUDGET = "budget";
  /** The paying company's requisites in one line, shown in the invoice tasks (deal/client/ClientData); absent when the client pays. */
  public static final String COMPANY_REQUISITES = "companyRequisites";
  public static final String LESSON_LINK = "lessonLink";
  /** The manual tags' checkboxes of the sale's forms. */
  public static final String TAG_TRIAL_LESSON = "tagTrialLesson";
  public static final String TAG_WROTE_IN_TELEGRAM = "tagWroteInTelegram";
  public static final String TAG_CORPORATE_PAYMENT = "tagCorporatePayment";
  /** What the task «Повторная заявка» shows of the repeated lead. */
  public static final String REPEATED_LEAD_SOURCE = "repeatedLeadSource";
  public static final String REPEATED_LEAD_COMMENT = "repeatedLeadComment";
  public static final String DEAL_PAID = "dealPaid";
  /**
   * A task the deal's employee set by hand («Задача по договорённости», {@code POST
   * /api/deals/{id}/tasks}): its text, due moment and who set it, given to the event sub-process
   * that the message {@code ManualTaskSet} starts (its own scope, so two such tasks keep their own).
   */
  public static final String MANUAL_TASK_TEXT = "manualTaskText";
  public static final String MANUAL_TASK_DUE = "manualTaskDue";
  public static final String MANUAL_TASK_SET_BY = "manualTaskSetBy";
  /**
   * A client's message in a messenger (issue 20, inbound): its text, its first words for a task's
   * name, and the messenger («Telegram», «WhatsApp»). Given with {@code ClientReplied} (the recall
   * cadence ends, the deal goes to «Ведётся переписка») and to the scope of the event sub-process
   * that {@code ClientWrote} starts («Ответить клиенту»), so two such tasks keep their own.
   */
  public static final String CLIENT_MESSAGE = "clientMessage";
  public static final String CLIENT_MESSAGE_PREVIEW = "clientMessagePreview";
  public static final String CLIENT_MESSAGE_CHANNEL = "clientMessageChannel";

  // «Вебинар».
  public static final String WEBINAR_ID = "webinarId";
  public static final String WEBINAR_TITLE = "webinarTitle";
  public static final String STARTS_AT = "startsAt";
  public static final String DURATION_MINUTES = "durationMinutes";
  public static final String WEBINAR_LINK = "webinarLink";
  public static final String REGISTERED_AT = "registeredAt";
  public static final String CLIENT_ZONE = "clientZone";

  // «Реанимация».
  public static final String ORIGINAL_DEAL_ID = "originalDealId";
  public static final String ORIGINAL_LOSS_REASON = "originalLossReason";
  public static final String RETURN_DATE = "returnDate";
  public static final String REANIMATE = "reanimate";
  public static final String REANIMATE_AT = "reanimateAt";
  public static final String REANIMATION_DELAY = "reanimationDelay";
  public static final String USE_RETURN_DATE = "useReturnDate";
  public static final String REANIMATIONS_SO_FAR = "reanimationsSoFar";
  public static final String WITHIN_LIMIT = "withinLimit";
  public static final String RETURNED_WITH_DEAL_ID = "returnedWithDealId";
  /** Local input of «Перенести заметку…» tasks. */
  public static final String NOTE = "note";

  // «Сопровождение курса».
  public static final String TEACHER = "teacher";
  public static final String GROUP = "group";
  public static final String START_DATE = "startDate";
  public static final String END_DATE = "endDate";
  public static final String CURATOR = "curator";
  public static final String CERTIFICATE_NUMBER = "certificateNumber";
  public static final String RATING = "rating";
  public static final String REVIEW_TEXT = "reviewText";

  // «Подвисшие сделки».
  public static final String STALLED_COUNT = "stalledCount";
  public static final String STALLED_LIST = "stalledList";
  /** The hour of the hourly run in school time; the model decides at which hour the digest is due. */
  public static final String SCHOOL_HOUR = "schoolHour";

  private ProcessVariables() {}
}
