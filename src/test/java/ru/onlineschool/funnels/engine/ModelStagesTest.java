package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;
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

  /** The models say which stages are a manager's workload for distribution (property countsAsWorkload). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"course-sale | NEW ACCEPTED", "course-delivery | ''", "webinar | ''", "reanimation | ''"})
  void theModelsMarkTheWorkloadStages(String funnel, String codes) throws Exception {
    BpmnModelInstance model;
    try (InputStream in = getClass().getResourceAsStream("/bpmn/" + funnel + ".bpmn")) {
      model = Bpmn.readModelFromStream(in);
    }
    assertThat(ModelStages.workload(model, funnel)).containsExactlyInAnyOrder(codes.isBlank() ? new String[0] : codes.split(" "));
  }

  /**
   * A shortcut past a stage does not pull the later stage forward, a loop back is not followed,
   * outcomes of one step go by {@code stageOrder}, the closing stage comes last even when it is
   * reached first, and the title is the node's name when the model gives no {@code stageTitle}.
   */
  @Test
  void longestWayFirstThenStageOrderThenClosingStages() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("funnel")
            .startEvent("Event_Start")
            .exclusiveGateway("Gateway_Duplicate")
            .endEvent("Event_Duplicate")
            .moveToNode("Gateway_Duplicate")
            .userTask("Activity_Call")
            .name("Позвонить")
            .exclusiveGateway("Gateway_Outcome")
            .userTask("Activity_Chat")
            .connectTo("Activity_Call")
            .moveToNode("Gateway_Outcome")
            .serviceTask("Activity_NotReached")
            .connectTo("Activity_Call")
            .moveToNode("Gateway_Outcome")
            .userTask("Activity_Trial")
            .userTask("Activity_Invoice")
            .endEvent("Event_Won")
            .moveToNode("Gateway_Outcome")
            .connectTo("Activity_Invoice")
            .done();
    stage(model, "Event_Start", "NEW", "Новая заявка", null);
    stage(model, "Event_Duplicate", "LOST", "Закрыто не реализовано", null);
    stage(model, "Activity_Call", "ACCEPTED", null, null);
    stage(model, "Activity_Chat", "CHAT", "Ведётся переписка", "2");
    stage(model, "Activity_NotReached", "NOT_REACHED", "Не дозвонились", "1");
    stage(model, "Activity_Trial", "TRIAL_HELD", "Пробный урок проведен", null);
    stage(model, "Activity_Invoice", "INVOICE_SENT", "Счет выставлен", null);
    stage(model, "Event_Won", "WON", "Успешно реализовано", null);

    assertThat(ModelStages.walk(model, "funnel"))
        .extracting(Stage::code)
        .containsExactly("NEW", "ACCEPTED", "NOT_REACHED", "CHAT", "TRIAL_HELD", "INVOICE_SENT", "WON", "LOST");
    assertThat(ModelStages.walk(model, "funnel").get(1).title()).isEqualTo("Позвонить");
  }

  /**
   * A link throw event goes on at the catch event of the same name: the stage after the link comes
   * after the stages before it, even when a second start event leads to it in one step.
   */
  @Test
  void aLinkIsFollowedLikeTheFlowItStandsFor() {
    String xml =
        """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
          <process id="funnel" isExecutable="true">
            <startEvent id="Event_Start"><outgoing>Flow_1</outgoing></startEvent>
            <userTask id="Activity_Call"><incoming>Flow_1</incoming><outgoing>Flow_2</outgoing></userTask>
            <userTask id="Activity_Chat"><incoming>Flow_2</incoming><outgoing>Flow_3</outgoing></userTask>
            <intermediateThrowEvent id="Event_ToOffer"><incoming>Flow_3</incoming>
              <linkEventDefinition name="К предложению" /></intermediateThrowEvent>
            <intermediateCatchEvent id="Event_OfferLink"><outgoing>Flow_4</outgoing>
              <linkEventDefinition name="К предложению" /></intermediateCatchEvent>
            <startEvent id="Event_HandedOver"><outgoing>Flow_5</outgoing></startEvent>
            <userTask id="Activity_Offer"><incoming>Flow_4</incoming><incoming>Flow_5</incoming><outgoing>Flow_6</outgoing></userTask>
            <endEvent id="Event_Won"><incoming>Flow_6</incoming></endEvent>
            <sequenceFlow id="Flow_1" sourceRef="Event_Start" targetRef="Activity_Call" />
            <sequenceFlow id="Flow_2" sourceRef="Activity_Call" targetRef="Activity_Chat" />
            <sequenceFlow id="Flow_3" sourceRef="Activity_Chat" targetRef="Event_ToOffer" />
            <sequenceFlow id="Flow_4" sourceRef="Event_OfferLink" targetRef="Activity_Offer" />
            <sequenceFlow id="Flow_5" sourceRef="Event_HandedOver" targetRef="Activity_Offer" />
            <sequenceFlow id="Flow_6" sourceRef="Activity_Offer" targetRef="Event_Won" />
          </process>
        </definitions>
        """;
    BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    stage(model, "Event_Start", "NEW", "Новая заявка", null);
    stage(model, "Activity_Call", "ACCEPTED", "Принято в работу", null);
    stage(model, "Activity_Chat", "CHAT", "Ведётся переписка", null);
    stage(model, "Activity_Offer", "QUALIFIED", "Квалифицирован", null);
    stage(model, "Event_Won", "WON", "Успешно реализовано", null);

    assertThat(ModelStages.walk(model, "funnel"))
        .extracting(Stage::code)
        .containsExactly("NEW", "ACCEPTED", "CHAT", "QUALIFIED", "WON");
  }

  private static void stage(BpmnModelInstance model, String nodeId, String code, String title, String order) {
    FlowNode node = model.getModelElementById(nodeId);
    CamundaProperties properties = model.newInstance(CamundaProperties.class);
    property(model, properties, "stage", code);
    property(model, properties, "stageTitle", title);
    property(model, properties, "stageOrder", order);
    node.builder().addExtensionElement(properties);
  }

  private static void property(BpmnModelInstance model, CamundaProperties properties, String name, String value) {
    if (value != null) {
      CamundaProperty property = model.newInstance(CamundaProperty.class);
      property.setCamundaName(name);
      property.setCamundaValue(value);
      properties.addChildElement(property);
    }
  }
}
