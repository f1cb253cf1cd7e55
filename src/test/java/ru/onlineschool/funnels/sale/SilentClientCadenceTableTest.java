package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The table «Недозвон после предложения» as shipped (bpmn/silent-client-cadence.dmn), seed 000
 * §2.4: four attempts in the rhythm of §2.1 (evening after a morning miss, next morning after an
 * afternoon one), the message once, on the first miss, then «Финальный прозвон».
 */
class SilentClientCadenceTableTest {

  private static DmnEngine engine;
  private static DmnDecision decision;

  @BeforeAll
  static void read() throws IOException {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("bpmn", "silent-client-cadence.dmn"))) {
      decision = engine.parseDecision("silent-client-cadence", in);
    }
  }

  /** The table's answer; an empty cell is no entry. */
  private static Map<String, Object> decide(int misses, int missHour) {
    return new HashMap<>(
        engine
            .evaluateDecision(
                decision, Variables.createVariables().putValue(ProcessVariables.SILENT_MISSES, misses).putValue(ProcessVariables.MISS_HOUR, missHour))
            .getSingleResult()
            .getEntryMap());
  }

  @ParameterizedTest(name = "{0} недозвон в {1} ч → попытка {4}, в {2}, написать: {3}")
  @CsvSource({
    "1, 10, 18:00, true, 1 из 4",
    "1, 16, 10:00, true, 1 из 4",
    "2, 18, 10:00, false, 2 из 4",
    "3, 10, 18:00, false, 3 из 4",
    "4, 11, 18:00, false, 4 из 4",
    "4, 12, 10:00, false, 4 из 4"
  })
  void fourAttemptsEveningAfterAMorningMissNextMorningAfterAnAfternoonOneAndOneMessage(int misses, int hour, String at, boolean write, String attempt) {
    assertThat(decide(misses, hour))
        .containsEntry("giveUp", false)
        .containsEntry("delay", "PT1H")
        .containsEntry("atTime", at)
        .containsEntry("writeToClient", write)
        .containsEntry("attempt", attempt);
  }

  @Test
  void theFourthFailedAttemptEndsTheAttempts() {
    assertThat(decide(5, 10)).containsEntry("giveUp", true).containsEntry("writeToClient", false).doesNotContainKeys("delay", "atTime", "attempt");
  }
}
