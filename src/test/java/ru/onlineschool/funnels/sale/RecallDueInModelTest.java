package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The time a manager has for a planned call is the model's: the due date of «Перезвонить»
 * ({@code ${workingTime.afterMoment(recallAt, 'PT1H')}} in {@code bpmn/course-sale.bpmn}). The
 * shipped model gives an hour of working time; a model changed to two hours, deployed, gives two
 * with no Java change.
 */
@ApplicationTest
class RecallDueInModelTest {

  static final String SHIPPED_DUE = "${workingTime.afterMoment(recallAt, 'PT1H')}";

  @Autowired RepositoryService repository;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessDriver driver;

  @BeforeEach
  void setUp() {
    ProcessDriver.setClock("2030-03-05T10:00");
    driver.onlyAvailable("manager1");
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    driver.everybodyAvailable();
  }

  /** A lead not reached at 10:00; the recall falls at 13:00 (table «Каденция перезвонов») and opens. */
  private Task recallOfALeadNotReached() {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Срок Перезвона", TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    String instance =
        jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, Api.parse(response).path("dealId").asLong());
    MessageJobs.run(management, instance);
    Task processLead = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
    tasks.complete(processLead.getId(), Map.of("outcome", "NOT_REACHED", "result", "Не взял трубку"));
    MessageJobs.run(management, instance);
    Job timer = management.createJobQuery().processInstanceId(instance).activityId("Event_RecallDue").singleResult();
    assertThat(timer.getDuedate()).isEqualTo(ProcessDriver.at("2030-03-05T13:00"));
    ProcessDriver.setClock("2030-03-05T13:00");
    management.executeJob(timer.getId());
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_Recall").singleResult();
  }

  @Test
  void theShippedModelGivesAnHourOfWorkingTimeForThePlannedCall() {
    assertThat(recallOfALeadNotReached().getDueDate()).isEqualTo(ProcessDriver.at("2030-03-05T14:00"));
  }

  @Test
  void theProcessOwnerGivesTwoHoursInTheModelWithoutAJavaChange() throws Exception {
    String model = Files.readString(Path.of("bpmn", "course-sale.bpmn"));
    assertThat(model).contains(SHIPPED_DUE);
    DeploymentBuilder deployment =
        repository.createDeployment().name("recall in two hours").addString("course-sale.bpmn", model.replace(SHIPPED_DUE, "${workingTime.afterMoment(recallAt, 'PT2H')}"));
    try (Stream<Path> forms = Files.list(Path.of("forms"))) {
      for (Path form : forms.toList()) {
        deployment.addString(form.getFileName().toString(), Files.readString(form));
      }
    }
    String id = deployment.deploy().getId();
    try {
      assertThat(recallOfALeadNotReached().getDueDate()).isEqualTo(ProcessDriver.at("2030-03-05T15:00"));
    } finally {
      // The shared context's other tests run the model of bpmn/: it is the latest again.
      repository.deleteDeployment(id, true);
    }
  }
}
