package ru.onlineschool.funnels.deal;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** What every delegate needs to know about the deal it works on. */
public final class DealContext {

  private DealContext() {}

  public static long dealId(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    if (key == null) {
      throw new IllegalStateException("Процесс запущен без номера сделки в бизнес-ключе");
    }
    return Long.parseLong(key);
  }

  /** The engine's clock, so that tests that move time see consistent timestamps. */
  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  public static String currentUser(DelegateExecution execution) {
    Authentication authentication =
        execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }

  public static String text(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }
}
