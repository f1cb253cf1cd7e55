package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * A refused completion is one WARN line with its Russian reason; a real failure still is an
 * ERROR with its stack trace.
 */
@ApplicationTest
class RefusalLoggingTest {

  @Autowired ProcessEngineConfiguration configuration;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final List<Logger> watched =
      List.of((Logger) LoggerFactory.getLogger(RefusalLogging.class), (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.context"));

  @BeforeEach
  void watchTheLog() {
    log.start();
    watched.forEach(logger -> logger.addAppender(log));
  }

  @AfterEach
  void stopWatching() {
    watched.forEach(logger -> logger.detachAppender(log));
  }

  private void inACommand(RuntimeException failure) {
    assertThatThrownBy(
            () -> ((ProcessEngineConfigurationImpl) configuration).getCommandExecutorTxRequired().execute(context -> {
              throw failure;
            }))
        .isSameAs(failure);
  }

  private List<ILoggingEvent> at(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).toList();
  }

  @Test
  void aRefusalFromATaskListenerIsOneWarnLine() {
    // What the engine makes of a listener's refusal: its own exception around ours.
    inACommand(
        new ProcessEngineException(
            "ENGINE-03051 There was an exception while invoking the TaskListener. Message: 'Exception while invoking TaskListener: Платёж…'",
            new ProcessEngineException(
                "Exception while invoking TaskListener: Платёж…",
                new BadUserRequestException("Платёж на 45 000,01 ₽ больше остатка по счёту:\nоплачено 0 ₽"))));

    assertThat(at(Level.ERROR)).isEmpty();
    assertThat(at(Level.WARN)).singleElement().satisfies(event -> {
      assertThat(event.getFormattedMessage()).isEqualTo("Отказано: Платёж на 45 000,01 ₽ больше остатка по счёту: оплачено 0 ₽");
      assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
    });
  }

  @Test
  void aRefusedFormAnswerIsOneWarnLine() {
    inACommand(new BadUserRequestException("Заполните «Результат»: без результата задачу не закрыть"));

    assertThat(at(Level.ERROR)).isEmpty();
    assertThat(at(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("Отказано: Заполните «Результат»: без результата задачу не закрыть");
  }

  @Test
  void aFailureThatIsNoRefusalIsStillAnErrorWithItsStackTrace() {
    inACommand(new ProcessEngineException("database is away", new IllegalStateException("connection refused")));

    assertThat(at(Level.WARN)).isEmpty();
    assertThat(at(Level.ERROR)).singleElement().satisfies(event -> {
      assertThat(event.getFormattedMessage()).contains("ENGINE-16004", "database is away");
      assertThat(event.getThrowableProxy()).isNotNull();
    });
  }
}
