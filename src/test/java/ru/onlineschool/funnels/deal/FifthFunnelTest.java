package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import ru.onlineschool.funnels.deal.FunnelCatalog.Department;
import ru.onlineschool.funnels.deal.FunnelCatalog.FunnelModel;
import ru.onlineschool.funnels.identity.AccessPolicy;
import ru.onlineschool.funnels.identity.SchoolProcesses;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * The funnels are what the deployed models declare (process properties {@code department} and
 * {@code funnelOrder}): a fifth funnel is a model, and the grants, the reports' list and the deal
 * card's rules follow from it with no Java change.
 */
@ApplicationTest
class FifthFunnelTest {

  static final String KEY = "corporate-sale";

  @Autowired FunnelCatalog funnels;
  @Autowired SchoolProcesses processes;
  @Autowired AccessPolicy accessPolicy;
  @Autowired AuthorizationService authorizations;
  @Autowired RepositoryService repository;
  @Autowired TestRestTemplate rest;

  private Deployment deployment;

  @AfterEach
  void removeTheFifthFunnel() {
    if (deployment != null) {
      repository.deleteDeployment(deployment.getId(), true);
      accessPolicy.apply();
    }
  }

  @Test
  void theShippedFunnelsComeFromTheModelsInTheirOrder() {
    assertThat(funnels.all())
        .containsExactly(
            new FunnelModel("course-sale", "Продажа курса", Department.SALES),
            new FunnelModel("course-delivery", "Ведение курса", Department.DELIVERY),
            new FunnelModel("webinar", "Вебинар", Department.SALES),
            new FunnelModel("reanimation", "Реанимация", Department.SALES));
    assertThat(processes.sales()).containsExactly("course-sale", "webinar", "reanimation");
    assertThat(processes.delivery()).containsExactly("course-delivery");
    assertThat(funnels.find("stalled-deals")).as("a process without «department» is not a funnel").isEmpty();
  }

  @Test
  void aModelWithTheFunnelPropertiesIsAFunnelForGrantsAndReports() {
    assertThat(funnels.find(KEY)).isEmpty();
    deployment = repository.createDeployment().name("fifth-funnel-test").addModelInstance("corporate-sale.bpmn", corporateSale()).deploy();

    assertThat(funnels.all()).last().isEqualTo(new FunnelModel(KEY, "Корпоративные продажи", Department.SALES));
    assertThat(funnels.title(KEY)).isEqualTo("Корпоративные продажи");
    assertThat(processes.sales()).contains(KEY);

    assertThat(managerMayRead()).as("before the access policy runs").isFalse();
    accessPolicy.apply();
    assertThat(managerMayRead()).as("managers see the new sales funnel's tasks").isTrue();

    var viewer = Api.parse(rest.withBasicAuth("rop", "demo").getForEntity("/api/reports/viewer", String.class));
    List<String> listed = viewer.path("funnels").findValuesAsText("code");
    assertThat(listed).containsExactly("course-sale", "webinar", "reanimation", KEY);
    assertThat(viewer.path("funnels").get(3).path("title").asText()).isEqualTo("Корпоративные продажи");
    var board = rest.withBasicAuth("rop", "demo").getForEntity("/api/reports/board?funnel=" + KEY, String.class);
    assertThat(board.getStatusCode()).as(board.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(Api.parse(board).path("funnel").path("title").asText()).isEqualTo("Корпоративные продажи");
    assertThat(Api.parse(board).path("stages").findValuesAsText("title")).containsExactly("Первичный контакт");
  }

  @Test
  void aPropertyWithAnUnknownDepartmentDoesNotMakeAFunnel() {
    BpmnModelInstance model = corporateSale();
    model.getModelElementsByType(CamundaProperty.class).stream()
        .filter(p -> FunnelCatalog.DEPARTMENT_PROPERTY.equals(p.getCamundaName()))
        .forEach(p -> p.setCamundaValue("marketing"));
    deployment = repository.createDeployment().name("fifth-funnel-test").addModelInstance("corporate-sale.bpmn", model).deploy();
    assertThat(funnels.find(KEY)).isEmpty();
    assertThat(funnels.all()).hasSize(4);
  }

  private boolean managerMayRead() {
    return authorizations.isUserAuthorized(
        "manager1", List.of("managers"), Permissions.READ, Resources.PROCESS_DEFINITION, KEY);
  }

  /** «Корпоративные продажи»: one stage, one task; the properties make it a sales funnel. */
  private static BpmnModelInstance corporateSale() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(KEY)
            .name("Корпоративные продажи")
            .camundaHistoryTimeToLive(30)
            .startEvent("Event_Start")
            .name("Заявка от компании")
            .userTask("Activity_Call")
            .name("Позвонить компании")
            .endEvent("Event_End")
            .done();
    properties(model, model.getModelElementById(KEY), FunnelCatalog.DEPARTMENT_PROPERTY, "sales", FunnelCatalog.ORDER_PROPERTY, "5");
    properties(model, model.getModelElementById("Event_Start"), "stage", "FIRST_CONTACT", "stageTitle", "Первичный контакт");
    return model;
  }

  private static void properties(BpmnModelInstance model, BaseElement element, String... namesAndValues) {
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      extensions = model.newInstance(ExtensionElements.class);
      element.setExtensionElements(extensions);
    }
    CamundaProperties properties = extensions.addExtensionElement(CamundaProperties.class);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.getCamundaProperties().add(property(model, namesAndValues[i], namesAndValues[i + 1]));
    }
  }

  private static CamundaProperty property(BpmnModelInstance model, String name, String value) {
    CamundaProperty property = model.newInstance(CamundaProperty.class);
    property.setCamundaName(name);
    property.setCamundaValue(value);
    return property;
  }
}
