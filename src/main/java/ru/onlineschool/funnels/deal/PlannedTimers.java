package ru.onlineschool.funnels.deal;

/**
 * What a deal waits for at a timer of the models, in a manager's words: a planned call, a payment
 * reminder, or another step of the plan. One rule for the deal card and the board, so neither
 * says «нет задач» of a deal whose next call is already planned (seed 002: a deal never stands
 * at a stage without its next touch).
 */
public final class PlannedTimers {

  private PlannedTimers() {}

  /** The timers after which the manager calls: recalls, the silent client's attempts, the call about a decision. */
  public static boolean isCall(String activityId) {
    return activityId != null
        && (activityId.contains("Recall")
            || activityId.contains("SilentCall")
            || activityId.contains("CallBackDue")
            || activityId.equals("Event_DayToThink"));
  }

  public static boolean isPaymentReminder(String activityId) {
    return "Event_PaymentReminderDue".equals(activityId);
  }

  /** The board's short title of the timer's touch: «Следующий звонок», … */
  public static String title(String activityId) {
    if (isCall(activityId)) {
      return "Следующий звонок";
    }
    if (isPaymentReminder(activityId)) {
      return "Следующее напоминание об оплате";
    }
    return "Следующий шаг по плану";
  }
}
