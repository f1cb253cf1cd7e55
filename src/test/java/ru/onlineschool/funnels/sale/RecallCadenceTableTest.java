package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.support.RecallRegimes;

/**
 * The tables «Режим прозвона» and «Каденция перезвонов» as shipped (bpmn/recall-cadence.dmn): the
 * regime the owner chose decides which rows of the cadence apply.
 */
class RecallCadenceTableTest {

  static final String TRAINING = RecallRegimes.TRAINING;

  private static DmnEngine engine;
  private static String shipped;

  @BeforeAll
  static void read() throws IOException {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    shipped = Files.readString(Path.of("bpmn", "recall-cadence.dmn"));
  }

  static String switchedTo(String regime) {
    return RecallRegimes.shippedSwitchedTo(regime);
  }

  /** The table's answer; an empty cell is no entry. */
  private static Map<String, Object> decide(String dmn, int attempts, int missHour) {
    DmnDecision decision;
    try (InputStream in = new java.io.ByteArrayInputStream(dmn.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      decision = engine.parseDecision("recall-cadence", in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    DmnDecisionResultEntries result =
        engine
            .evaluateDecision(
                decision,
                Variables.createVariables().putValue(ProcessVariables.ATTEMPTS, attempts).putValue(ProcessVariables.MISS_HOUR, missHour))
            .getSingleResult();
    return new HashMap<>(result.getEntryMap());
  }

  @Test
  void theShippedRegimeIsTheAccountsThreeHoursThenADayThenClosed() {
    assertThat(decide(shipped, 1, 16)).containsEntry("giveUp", false).containsEntry("delay", "PT3H").doesNotContainKeys("atTime", "closing");
    assertThat(decide(shipped, 2, 10)).containsEntry("giveUp", false).containsEntry("delay", "P1D");
    assertThat(decide(shipped, 3, 10)).containsEntry("giveUp", true).containsEntry("closing", "Закрыто не реализовано");
  }

  @ParameterizedTest(name = "{0} недозвон в {1} ч → через {2}, в {3}")
  @CsvSource({"1, 10, PT1H, 18:00", "1, 16, PT1H, 10:00", "2, 18, PT1H, 10:00", "3, 10, PT1H, 18:00", "4, 11, PT1H, 18:00", "4, 12, PT1H, 10:00"})
  void theTrainingRegimeCallsInTheEveningAfterAMorningMissAndNextMorningAfterAnAfternoonOne(int attempts, int hour, String delay, String at) {
    assertThat(decide(switchedTo(TRAINING), attempts, hour))
        .containsEntry("giveUp", false)
        .containsEntry("delay", delay)
        .containsEntry("atTime", at)
        .doesNotContainKey("closing");
  }

  @Test
  void theTrainingRegimeEndsInTheFinalCallAfterFiveMisses() {
    assertThat(decide(switchedTo(TRAINING), 5, 10)).containsEntry("giveUp", true).containsEntry("closing", "Финальный прозвон");
  }
}
