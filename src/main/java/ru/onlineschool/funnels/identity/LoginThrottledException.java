package ru.onlineschool.funnels.identity;

import java.time.Duration;
import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A password was not checked because its account or its client address is locked for a while.
 * Thrown before anything is written, so the engine's transaction has nothing to roll back; a
 * {@link BadUserRequestException}, so the engine logs it at debug, not as an error per attempt.
 */
public class LoginThrottledException extends BadUserRequestException {

  private final Duration retryAfter;

  public LoginThrottledException(Duration retryAfter) {
    super(message(retryAfter));
    this.retryAfter = retryAfter;
  }

  /** Whole seconds, at least one: the value of {@code Retry-After}. */
  public long retryAfterSeconds() {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }

  /**
   * One message for a locked account and a locked address: which of the two it is would tell a
   * stranger that the name belongs to a real account.
   */
  static String message(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    String when = seconds < 60 ? seconds + " сек." : ((seconds + 59) / 60) + " мин.";
    return "Слишком много неудачных попыток входа. Повторите вход через " + when
        + " Если вы забыли пароль или вход не удаётся, обратитесь к администратору школы.";
  }
}
