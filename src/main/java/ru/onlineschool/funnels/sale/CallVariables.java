package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.VariableScope;
/** Process variables of the call cadence, shared by the delegates that maintain them. */
final class CallVariables {

  /** Calls made without reaching the client (a missed call-back counts too). */
  static final String FAILED_CALLS = "attempts";
  /** School dates on which calls were made, comma-separated. */
  static final String CALL_DAYS = "callDays";
  /** When the next call is due, and its task's due date. */
  static final String RECALL_AT = "recallAt";
  static final String RECALL_DUE_AT = "recallDueAt";
  /** The label in the recall task's name. */
  static final String CALL_LABEL = "callLabel";

  private CallVariables() {}

  static int failedCalls(VariableScope scope) {
    Object value = scope.getVariable(FAILED_CALLS);
    return value == null ? 0 : ((Number) value).intValue();
  }
}
