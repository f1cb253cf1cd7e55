package ru.onlineschool.funnels.sale;

import java.time.Instant;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.VariableScope;
import ru.onlineschool.funnels.calendar.WorkingHours;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.ProcessVariables;
/** Process variables of the call cadence, shared by the delegates that maintain them. */
final class CallVariables {

  /** Calls made without reaching the client (a missed call-back counts too). */
  static final String FAILED_CALLS = ProcessVariables.ATTEMPTS;
  /** School dates on which calls were made, comma-separated. */
  static final String CALL_DAYS = ProcessVariables.CALL_DAYS;
  /** When the next call is due, and its task's due date. */
  static final String RECALL_AT = ProcessVariables.RECALL_AT;
  static final String RECALL_DUE_AT = ProcessVariables.RECALL_DUE_AT;
  /** The label in the recall task's name. */
  static final String CALL_LABEL = ProcessVariables.CALL_LABEL;
  /** The hour of the last missed call in the school's time, for the cadence table. */
  static final String MISS_HOUR = ProcessVariables.MISS_HOUR;
  /** The recall task's second line (seed 000 §2.3), or none. */
  static final String CALL_NOTE = ProcessVariables.CALL_NOTE;
  /** «вне удобного клиенту времени» under a call the school's hours forced outside the client's time, or none. */
  static final String CALL_TIME_NOTE = ProcessVariables.CALL_TIME_NOTE;
  static final String ASKED_TO_CALL_BACK = "просил перезвонить";
  static final String ASKED_AND_MISSED = "просил перезвонить и не ответил";

  private CallVariables() {}

  static int failedCalls(VariableScope scope) {
    Object value = scope.getVariable(FAILED_CALLS);
    return value == null ? 0 : ((Number) value).intValue();
  }

  /**
   * A call time a person typed into {@code field} must fall in the school's working hours;
   * otherwise the form stays open with the reason.
   */
  static void requireWorkingTime(WorkingTime workingTime, Instant at, String field) {
    if (!workingTime.isWorkingTime(at)) {
      WorkingHours hours = workingTime.hours();
      throw new BadUserRequestException(field + ": звонок должен приходиться на рабочее время школы, с " + hours.start() + " до " + hours.end());
    }
  }
}
