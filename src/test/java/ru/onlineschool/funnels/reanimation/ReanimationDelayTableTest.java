package ru.onlineschool.funnels.reanimation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The table «Когда реанимировать» as the process owner ships it (bpmn/reanimation-delay.dmn). */
class ReanimationDelayTableTest {

  private static DmnEngine engine;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws IOException {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream dmn = Files.newInputStream(Path.of("bpmn", "reanimation-delay.dmn"))) {
      decision = engine.parseDecision("reanimation-delay", dmn);
    }
  }

  private static DmnDecisionResultEntries decide(String reason) {
    return engine
        .evaluateDecision(decision, Variables.createVariables().putValue(Reanimation.ORIGINAL_LOSS_REASON, reason))
        .getSingleResult();
  }

  @ParameterizedTest(name = "{0} → через {1}, по дате клиента: {2}")
  @CsvSource({
    "Не дозвонились, P14D, false",
    "Контакт не состоялся, P14D, false",
    "Перестал выходить на связь, P30D, false",
    "Дорого, P30D, false",
    "Выбрали других, P90D, false",
    "Не доработали сами, P7D, false",
    "Отложили, P60D, true",
  })
  void theSixReasonsOfTheSeedStartAReanimation(String reason, String delay, boolean useReturnDate) {
    assertThat(decide(reason).getEntryMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("reanimate", true, "delay", delay, "useReturnDate", useReturnDate));
  }

  @ParameterizedTest(name = "{0} → не реанимировать")
  @ValueSource(
      strings = {
        "Спам", "Дубль", "Не пришел на вебинар", "Был на вебинаре, но не заинтересовало", "Некорректные данные", "Не оставлял заявку",
        "Хотел только часть программы", "Не подошла программа", "Не подошла форма обучения", "Уже учится у нас", "Нет денег", "Тест",
        "Без причины", "", "что-то новое"
      })
  void everyOtherReasonStartsNothing(String reason) {
    DmnDecisionResultEntries result = decide(reason);

    assertThat((Boolean) result.getEntry("reanimate")).isFalse();
    assertThat(result.getEntryMap().get("delay")).isNull();
  }
}
