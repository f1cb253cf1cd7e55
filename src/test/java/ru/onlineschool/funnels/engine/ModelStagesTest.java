package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.onlineschool.funnels.deal.Stage;

/** The walk of the models in {@code bpmn/} gives each funnel's stages in the order of its amoCRM board. */
class ModelStagesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "course-sale     | NEW ACCEPTED NOT_REACHED CHAT QUALIFIED TRIAL_SCHEDULED TRIAL_HELD INVOICE_SENT WON LOST",
        "course-delivery | SCHEDULED NOTIFIED IN_PROGRESS FINISHED CERT_SENT WON LOST",
        "webinar         | REGISTERED INVITED ATTENDED NEED_IDENTIFIED LOST",
        "reanimation     | COLD_CALL NOT_REACHED CONTACTED NEED_IDENTIFIED LOST"
      })
  void theWalkGivesTheFunnelsOrder(String funnel, String codes) throws Exception {
    BpmnModelInstance model;
    try (InputStream in = getClass().getResourceAsStream("/bpmn/" + funnel + ".bpmn")) {
      model = Bpmn.readModelFromStream(in);
    }
    List<Stage> stages = ModelStages.walk(model, funnel);
    assertThat(stages).extracting(Stage::code).containsExactly(codes.split(" "));
  }
}
