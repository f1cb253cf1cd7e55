package ru.onlineschool.funnels.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * «Smart-распределение» on the demo managers, each test in a funnel of its own. Where the test
 * needs the workload, the funnel's model is a copy of «Продажа курса» deployed under its key.
 */
@ApplicationTest
class SmartDistributionTest {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired SmartDistribution distribution;
  @Autowired DealStore deals;
  @Autowired RepositoryService repository;

  private final String funnel = "t-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> deployments = new ArrayList<>();

  @AfterEach
  void everybodyBackAtWork() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
    deployments.forEach(id -> repository.deleteDeployment(id, true));
  }

  private void openDeal(String responsible, String stage) {
    long contact = deals.createContact(new NewContact("Клиент", null, UUID.randomUUID() + "@example.ru", null), Instant.now());
    long deal = deals.createDeal(new NewDeal(funnel, contact, null, null, null), Instant.now());
    deals.enterStage(deal, new Stage(stage, stage), Instant.now());
    deals.setResponsible(deal, responsible);
  }

  @Test
  void theManagerWithFewestFreshDealsGetsTheLead() {
    deployCourseSaleModel(Optional.empty());
    openDeal("manager1", "NEW");
    openDeal("manager1", "ACCEPTED");
    openDeal("manager3", "ACCEPTED");
    // Deals further down the funnel are not «fresh» and do not count.
    openDeal("manager2", "QUALIFIED");
    openDeal("manager2", "INVOICE_SENT");

    assertThat(distribution.pickManager(funnel, Instant.now())).contains("manager2");
  }

  /**
   * Which stages are a manager's workload is the model's word: the process owner moves the
   * property {@code countsAsWorkload} from «Принято в работу» to «Квалифицирован» in Modeler and
   * deploys; the next lead is distributed by the new rule, with no Java change.
   */
  @Test
  void theProcessOwnerChangesWhichStagesCountInTheModel() {
    deployCourseSaleModel(Optional.empty());
    openDeal("manager1", "QUALIFIED");
    openDeal("manager1", "QUALIFIED");
    openDeal("manager2", "NEW");
    openDeal("manager2", "ACCEPTED");
    openDeal("manager3", "ACCEPTED");

    // As shipped: «Новая заявка» and «Принято в работу» count (manager1 0, manager3 1, manager2 2).
    assertThat(distribution.pickManager(funnel, Instant.now())).contains("manager1");

    deployCourseSaleModel(Optional.of("QUALIFIED"));

    // Now «Новая заявка» and «Квалифицирован» count (manager3 0, manager2 1, manager1 2).
    assertThat(distribution.pickManager(funnel, Instant.now())).contains("manager3");
  }

  @Test
  void equalLoadsGoRoundRobin() {
    // Later than any clock the process tests set, so earlier assignments never look newer.
    Instant later = Instant.parse("2100-01-01T00:00:00Z");
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(distribution.pickManager(funnel, later.plusSeconds(i)).orElseThrow());
    }

    assertThat(picked.subList(0, 3)).containsExactlyInAnyOrderElementsOf(MANAGERS);
    assertThat(picked.subList(3, 6)).isEqualTo(picked.subList(0, 3));
  }

  @Test
  void anUnavailableManagerGetsNothingAndNobodyAvailableMeansNoOne() {
    distribution.setAvailability("manager2", false, "rop", Instant.now());
    for (int i = 0; i < 4; i++) {
      assertThat(distribution.pickManager(funnel, Instant.now().plusSeconds(i))).isPresent().get().isNotEqualTo("manager2");
    }

    MANAGERS.forEach(m -> distribution.setAvailability(m, false, "rop", Instant.now()));

    assertThat(distribution.pickManager(funnel, Instant.now())).isEmpty();
    assertThat(distribution.availableManagers()).isEmpty();
  }

  /**
   * Deploys «Продажа курса» as the model of this test's funnel: the process under the funnel's
   * key and its messages renamed, so that it starts nothing of the real funnel. With a stage
   * code, the process owner's change: {@code countsAsWorkload} leaves «Принято в работу» and goes
   * to that stage's nodes.
   */
  private void deployCourseSaleModel(Optional<String> workloadInsteadOfAccepted) {
    BpmnModelInstance model;
    try (InputStream in = getClass().getResourceAsStream("/bpmn/course-sale.bpmn")) {
      model = Bpmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Process process = model.getModelElementById("course-sale");
    process.setId(funnel);
    model.getModelElementsByType(Message.class).forEach(message -> message.setName(message.getName() + "-" + funnel));
    workloadInsteadOfAccepted.ifPresent(stage -> moveWorkload(model, "ACCEPTED", stage));
    deployments.add(repository.createDeployment().name(funnel).addModelInstance(funnel + ".bpmn", model).deploy().getId());
  }

  private static void moveWorkload(BpmnModelInstance model, String from, String to) {
    int moved = 0;
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      if (node.getExtensionElements() == null) {
        continue;
      }
      for (CamundaProperties properties : node.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
        String stage =
            properties.getCamundaProperties().stream().filter(p -> "stage".equals(p.getCamundaName())).map(CamundaProperty::getCamundaValue)
                .findFirst().orElse(null);
        if (from.equals(stage)) {
          List<CamundaProperty> workload =
              properties.getCamundaProperties().stream().filter(p -> "countsAsWorkload".equals(p.getCamundaName())).toList();
          workload.forEach(properties.getCamundaProperties()::remove);
          moved += workload.size();
        }
        if (to.equals(stage)) {
          CamundaProperty workload = model.newInstance(CamundaProperty.class);
          workload.setCamundaName("countsAsWorkload");
          workload.setCamundaValue("true");
          properties.getCamundaProperties().add(workload);
        }
      }
    }
    assertThat(moved).as("the shipped model marks «%s» as workload", from).isPositive();
  }
}
