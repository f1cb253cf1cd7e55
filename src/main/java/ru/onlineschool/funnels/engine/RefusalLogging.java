package ru.onlineschool.funnels.engine;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refusal of ours is one WARN line in the log, not an ERROR with a stack trace.
 *
 * <p>Our checks refuse what a person asked for with a Russian message: a form answer that does
 * not fit ({@code FormAnswers}), a payment larger than the invoice (a task listener), a task that
 * is not hers ({@code TaskWorkGuard}). The engine logs a {@link BadUserRequestException} or an
 * {@link AuthorizationException} it sees directly at DEBUG, but one thrown from a listener or a
 * delegate reaches it wrapped («ENGINE-03051 There was an exception while invoking the
 * TaskListener»), and that it logs as ERROR «ENGINE-16004» with the whole stack — an alarm for
 * an ordinary day at work. Here the command context looks through the causes: when one of them is
 * our refusal (either type, with a Russian message), it writes one WARN line with that message
 * and lets the engine log the rest at DEBUG. Every other failure is logged as the engine does.
 */
public final class RefusalLogging extends CommandContextFactory {

  static final Logger LOG = LoggerFactory.getLogger(RefusalLogging.class);

  private RefusalLogging(ProcessEngineConfigurationImpl configuration) {
    setProcessEngineConfiguration(configuration);
  }

  public static void install(ProcessEngineConfigurationImpl configuration) {
    configuration.setCommandContextFactory(new RefusalLogging(configuration));
  }

  @Override
  public CommandContext createCommandContext() {
    return new CommandContext(processEngineConfiguration) {
      @Override
      protected boolean shouldLogFine(Throwable failure) {
        Throwable refusal = refusal(failure);
        if (refusal != null) {
          LOG.warn("Отказано: {}", oneLine(refusal.getMessage()));
          return true;
        }
        return super.shouldLogFine(failure);
      }
    };
  }

  /** Our own refusal among the causes, or null. */
  static Throwable refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if ((t instanceof BadUserRequestException || t instanceof AuthorizationException) && hasCyrillic(t.getMessage())) {
        return t;
      }
    }
    return null;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").strip();
  }

  private static boolean hasCyrillic(String text) {
    return text != null && text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
  }
}
