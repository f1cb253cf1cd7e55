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
 * <p>«Ведение курса» and «Вебинар» need what amoCRM's export does not carry (the course's dates
 * and curator, the webinar of our calendar): their open deals are refused with a reason for now.
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
  }

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
