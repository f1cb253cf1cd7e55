package ru.onlineschool.funnels.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
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
 * The school's working hours and «evening» come from the table «Рабочее время школы»
 * ({@code bpmn/working-hours.dmn}): the shipped table keeps 09:00–21:00 with evening calls from
 * 15:00; a changed table, deployed, moves the due dates of the models within a minute, with no
 * Java change.
 */
@ApplicationTest
class WorkingHoursTableTest {

  @Autowired WorkingTime workingTime;
  @Autowired RepositoryService repository;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  /** «Обработать заявку» of a lead posted now: due 15 minutes later in working time. */
  private Task processLead() {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Рабочее Время", TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    String instance =
        jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, Api.parse(response).path("dealId").asLong());
    MessageJobs.run(management, instance);
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
  }

  @Test
  void theShippedTableKeepsNineToNineWithEveningCallsFromThree() {
    ProcessDriver.setClock("2030-03-05T20:40");

    assertThat(workingTime.plus(ProcessDriver.moscow("2030-03-05T20:00"), "PT3H")).isEqualTo(ProcessDriver.moscow("2030-03-06T11:00"));
    assertThat(workingTime.eveningFrom()).isEqualTo(LocalTime.of(15, 0));
    assertThat(processLead().getDueDate()).isEqualTo(ProcessDriver.at("2030-03-05T20:55"));
  }

  @Test
  void theProcessOwnerMovesTheHoursInTheTableWithoutAJavaChange() {
    ProcessDriver.setClock("2030-03-05T19:50");
    workingTime.eveningFrom(); // the shipped table, seen at 19:50
    repository.createDeployment().name("summer hours").addClasspathResource("dmn-test/working-hours-eight-to-eight.dmn").deploy();
    try {
      // Within the minute the node keeps what it read; a minute later it reads the new table.
      assertThat(workingTime.eveningFrom()).isEqualTo(LocalTime.of(15, 0));
      ProcessDriver.setClock("2030-03-05T19:51");

      assertThat(workingTime.eveningFrom()).isEqualTo(LocalTime.of(17, 0));
      assertThat(workingTime.plus(ProcessDriver.moscow("2030-03-05T19:00"), "PT2H")).isEqualTo(ProcessDriver.moscow("2030-03-06T09:00"));
      // The model's due date «in 15 minutes of working time» now crosses the new closing hour.
      assertThat(processLead().getDueDate()).isEqualTo(ProcessDriver.at("2030-03-06T08:06"));
    } finally {
      repository.createDeployment().name("default working hours").addClasspathResource("bpmn/working-hours.dmn").deploy();
      ProcessDriver.setClock("2030-03-05T19:53");
      assertThat(workingTime.eveningFrom()).isEqualTo(LocalTime.of(15, 0));
    }
  }
}
