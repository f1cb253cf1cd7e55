package ru.onlineschool.funnels.migration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;

/**
 * Where an open imported deal enters its funnel's process, per stage code: the activity the
 * instance starts before and the variables that activity needs beyond the deal's own. The
 * activity's stage listener records the stage where the model draws one there; where the stage
 * is drawn on an earlier node the deal passed in amoCRM (a recall timer after «Не дозвонились»,
 * «Отметить пробный урок» after the invitation), the import records it ({@code stage}).
 *
 * <p>«Ведение курса»: the deal's responsible is its curator. A deal at «Начало курса назначено»
 * enters before «Дата начала известна?», so without amoCRM's «Дата начала обучения» the curator
 * gets the model's own task «Уточнить даты курса» (with no responsible «Назначить куратора» picks
 * one first). Later stages enter at their own node, where the model's timers need the course's
 * dates; a deal at «Уведомление и материалы направлены» or «Прохождение курса» without a start
 * date enters «Уточнить даты курса» instead, its stage kept as in amoCRM ({@link #startFor}).
 *
 * <p>«Вебинар»: a registration («Зарегистрирован на вебинар», «Приглашение выслано») waits in «До
 * конца вебинара» for the webinar of our catalog that amoCRM's «Дата и время начала вебинара»
 * names, else for the catalog's next one (the importer attaches it, or refuses the row when the
 * catalog has none); the confirmation and the invitation are not sent again. «Посетил вебинар»
 * enters «Позвонить участнику вебинара» with its responsible.
 */
final class AmoStarts {

  /** The invoice deadline of a deal imported at «Счет выставлен»: the school's usual three days. */
  static final int INVOICE_DAYS = 3;
  static final String IMPORT_CALL_LABEL = "после импорта из amoCRM";

  record Start(String activityId, Stage stage) {}

  private static final Map<String, Start> STARTS = new HashMap<>();

  static {
    put("course-sale", "NEW", "Activity_PickGreeting", null);
    put("course-sale", "ACCEPTED", "Activity_PickGreeting", null);
    // The recall timer waits behind «что раньше: время перезвона или ответ клиента» (issue 20):
    // starting before the gateway arms both the timer and the client's reply.
    put("course-sale", "NOT_REACHED", "Gateway_RecallOrReply", new Stage("NOT_REACHED", "Не дозвонились"));
    put("course-sale", "QUALIFIED", "Activity_PrepareOffer", null);
    put("course-sale", "TRIAL_SCHEDULED", "Activity_MarkTrial", new Stage("TRIAL_SCHEDULED", "Назначен пробный урок"));
    put("course-sale", "TRIAL_HELD", "Activity_RequestFeedback", null);
    put("course-sale", "INVOICE_SENT", "Activity_AwaitPayment", null);
    put("reanimation", "COLD_CALL", "Activity_ColdCall", null);
    put("reanimation", "NOT_REACHED", "Event_RecallDue", new Stage("NOT_REACHED", "Не дозвонились"));
    put("reanimation", "CONTACTED", "Event_FeedbackDue", null);
    put("course-delivery", "SCHEDULED", "Gateway_StartDateKnown", new Stage("SCHEDULED", "Начало курса назначено"));
    put("course-delivery", "NOTIFIED", "Event_DayAfterMaterials", null);
    put("course-delivery", "IN_PROGRESS", "Activity_CourseRunning", null);
    put("course-delivery", "FINISHED", "Activity_SendCertificate", null);
    put("course-delivery", "CERT_SENT", "Activity_CollectReview", null);
    put("webinar", "REGISTERED", "Activity_UntilWebinarOver", new Stage("REGISTERED", "Зарегистрирован на вебинар"));
    put("webinar", "INVITED", "Activity_UntilWebinarOver", new Stage("INVITED", "Приглашение выслано"));
    put("webinar", "ATTENDED", "Activity_CallAttendee", new Stage("ATTENDED", "Посетил вебинар"));
  }

  /** Stages of «Ведение курса» whose later timers count from the course's dates. */
  private static final Map<String, String> DATED_DELIVERY_STAGES =
      Map.of("NOTIFIED", "Уведомление и материалы направлены", "IN_PROGRESS", "Прохождение курса");

  /** A webinar registration: it needs a webinar of our catalog. */
  static boolean needsWebinar(AmoDeal deal) {
    return "webinar".equals(deal.funnel()) && ("REGISTERED".equals(deal.stageCode()) || "INVITED".equals(deal.stageCode()));
  }

  /**
   * Where this deal enters: the table's node, except a delivery deal with no curator at
   * «Начало курса назначено» (the distribution picks one) and one at a dated stage without its
   * start date (the curator's «Уточнить даты курса» first).
   */
  static Start startFor(AmoDeal deal) {
    Start start = of(deal.funnel(), deal.stageCode()).orElseThrow();
    if ("course-delivery".equals(deal.funnel())) {
      if ("SCHEDULED".equals(deal.stageCode()) && deal.responsible() == null) {
        return new Start("Activity_AssignCurator", start.stage());
      }
      String title = DATED_DELIVERY_STAGES.get(deal.stageCode());
      if (title != null && deal.courseStart() == null) {
        return new Start(CLARIFY_DATES, new Stage(deal.stageCode(), title));
      }
    }
    return start;
  }

  /** «Уточнить даты курса»: the curator's task where the dates amoCRM's export lacks are set. */
  static final String CLARIFY_DATES = "Activity_ClarifyCourseStart";

  private static void put(String funnel, String code, String activity, Stage stage) {
    STARTS.put(funnel + "/" + code, new Start(activity, stage));
  }

  private AmoStarts() {}

  static Optional<Start> of(String funnel, String code) {
    return Optional.ofNullable(STARTS.get(funnel + "/" + code));
  }

  /** Stage codes of a closed deal: won, lost, and «Выявлена потребность», which our models leave with no process. */
  static boolean isClosing(String code) {
    return "WON".equals(code) || "LOST".equals(code) || "NEED_IDENTIFIED".equals(code);
  }

  /** What the start activity reads besides the deal's variables. */
  static Map<String, Object> variablesFor(String code, AmoDeal deal, Instant now, ZoneId zone) {
    Map<String, Object> variables = new HashMap<>();
    switch (code) {
      case "NOT_REACHED" -> {
        variables.put(ProcessVariables.ATTEMPTS, 1);
        variables.put(ProcessVariables.RECALL_AT, Date.from(now));
        variables.put(ProcessVariables.CALL_LABEL, IMPORT_CALL_LABEL);
        variables.put(ProcessVariables.CALL_NOTE, null);
        variables.put(ProcessVariables.CALL_TIME_NOTE, null);
      }
      case "INVOICE_SENT" -> {
        variables.put(ProcessVariables.INVOICE_DEADLINE, LocalDate.ofInstant(now, zone).plusDays(INVOICE_DAYS).toString());
        variables.put(ProcessVariables.PAYMENT_REMINDERS, 0);
        variables.put(ProcessVariables.BUDGET, deal.budget() == null ? null : deal.budget().doubleValue());
        variables.put(ProcessVariables.INVOICED_BUDGET, deal.budget() == null ? null : deal.budget().doubleValue());
      }
      default -> {}
    }
    return variables;
  }
}
