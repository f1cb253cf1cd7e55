package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.support.ApplicationTest;

/** The engine's DMN tables run on the FEEL that parses once, and answer each lead by its own type. */
@ApplicationTest
class SchoolFeelTest {

  @Autowired ProcessEngineConfigurationImpl engine;
  @Autowired DecisionService decisions;

  @Test
  void theGreetingTableAnswersEachLeadTypeWithItsOwnScript() {
    assertThat(engine.getDmnEngineConfiguration().getFeelEngine()).isInstanceOf(FeelParsedOnce.class);

    String landing = script("С лендинга курса");
    String webinar = script("С вебинара");
    String returning = script("Вернувшиеся");
    String unknown = script("Партнёрская рассылка");

    assertThat(landing).contains("оставляли заявку на консультацию");
    assertThat(webinar).contains("интересовались нашим курсом");
    assertThat(returning).contains("снова интересовались");
    assertThat(unknown).contains("интересовались нашими курсами");
    assertThat(script("С лендинга курса")).as("the same type again, after others").isEqualTo(landing);
  }

  private String script(String leadType) {
    return decisions.evaluateDecisionTableByKey("greeting-script")
        .variables(Variables.createVariables().putValue("leadType", leadType))
        .evaluate()
        .getSingleEntry();
  }
}
