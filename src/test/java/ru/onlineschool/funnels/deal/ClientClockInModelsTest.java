package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * {@code ${clientClock.after(execution, 'PT4H')}}: the due date of a call task a model creates by
 * itself (a payment reminder call, a reanimation's cold call) in the client's time, as {@code
 * ${workingTime.after('PT4H')}} gives it in the school's. A test-only model, removed afterwards.
 */
@ApplicationTest
class ClientClockInModelsTest {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;
  @Autowired ContactDirectory contacts;

  private Deployment deployment;

  @AfterEach
  void cleanUp() {
    ClockUtil.reset();
    if (deployment != null) {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }

  private Date dueOfACallFourHoursOn(ClientTime client) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    long contact = deals.createContact(new NewContact("Вера Дальняя", TestPhones.unique(), null, null), now);
    contacts.noteClientTime(contact, client);
    long dealId = deals.createDeal(new NewDeal("client-clock-test", contact, null, null, null), now);
    String instance = runtime.startProcessInstanceByKey("client-clock-test", String.valueOf(dealId)).getId();
    return tasks.createTaskQuery().processInstanceId(instance).singleResult().getDueDate();
  }

  @Test
  void aDueDateInTheModelKeepsToTheClientsDay() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("client-clock-test")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .userTask("Activity_Call")
            .name("Позвонить клиенту")
            .camundaDueDate("${clientClock.after(execution, 'PT4H')}")
            .endEvent()
            .done();
    deployment = repository.createDeployment().name("client-clock-test").addModelInstance("client-clock-test.bpmn", model).deploy();
    ProcessDriver.setClock("2030-03-05T12:00");

    // 16:00 Moscow is 23:00 in Vladivostok: his morning, the school's 09:00, comes first.
    assertThat(dueOfACallFourHoursOn(new ClientTime(ZoneId.of("Asia/Vladivostok"), null, null))).isEqualTo(ProcessDriver.at("2030-03-06T09:00"));
    assertThat(dueOfACallFourHoursOn(ClientTime.UNKNOWN)).isEqualTo(ProcessDriver.at("2030-03-05T16:00"));
    assertThat(dueOfACallFourHoursOn(new ClientTime(null, LocalTime.of(18, 0), null))).isEqualTo(ProcessDriver.at("2030-03-05T18:00"));
  }
}
