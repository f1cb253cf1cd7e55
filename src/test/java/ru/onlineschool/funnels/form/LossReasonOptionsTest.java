package ru.onlineschool.funnels.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The select «Причина отказа» of every funnel offers the table «Причины отказа»
 * ({@code bpmn/loss-reasons.dmn}): the task is given the list, Tasklist shows it, the server
 * accepts only a reason from it. A changed table, deployed, changes the list and what the server
 * accepts with no Java change.
 */
@ApplicationTest
class LossReasonOptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The regulation's reasons of «Продажа курса», in the order the forms showed them before the table. */
  static final List<String> SALE_REASONS =
      List.of(
          "Перестал выходить на связь", "Дорого", "Выбрали других", "Не доработали сами", "Отложили", "Спам", "Некорректные данные",
          "Не оставлял заявку", "Хотел только часть программы", "Не подошла программа", "Не подошла форма обучения", "Уже учится у нас",
          "Нет денег", "Тест", "Без причины");

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;
  @Autowired LossReasonOptions options;

  private String leadInstance(String name) {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead(name, TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    String instance =
        jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, Api.parse(response).path("dealId").asLong());
    MessageJobs.run(management, instance);
    return instance;
  }

  private Task processLead(String instance) {
    Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_ProcessLead").singleResult();
    assertThat(task).isNotNull();
    return task;
  }

  /** What the task's form will show: the values of the Json list the task sees, as Tasklist reads it. */
  private List<String> offered(Task task) throws Exception {
    var held = tasks.getVariableTyped(task.getId(), ProcessVariables.LOSS_REASONS, false);
    assertThat(held).as("the task is given a list").isInstanceOf(SerializableValue.class);
    assertThat(held.getType().getName()).as("form-js parses Json values only").isEqualTo("json");
    List<String> values = new ArrayList<>();
    for (JsonNode option : JSON.readTree(((SerializableValue) held).getValueSerialized())) {
      assertThat(option.path("label").asText()).isEqualTo(option.path("value").asText());
      values.add(option.path("value").asText());
    }
    return values;
  }

  private void assertStillOpen(Task task) {
    assertThat(processLead(task.getProcessInstanceId()).getId()).isEqualTo(task.getId());
  }

  @Test
  void eachFunnelOffersTheReasonsItsFormsListedBeforeTheTable() throws Exception {
    assertThat(listOf("course-sale")).containsExactlyElementsOf(SALE_REASONS);
    assertThat(listOf("reanimation"))
        .containsExactly(
            "Перестал выходить на связь", "Дорого", "Выбрали других", "Отложили", "Нет денег", "Уже учится у нас", "Не подошла программа",
            "Не подошла форма обучения", "Хотел только часть программы", "Некорректные данные", "Не оставлял заявку", "Спам", "Тест");
    assertThat(listOf("course-delivery"))
        .containsExactly(
            "Отчислен", "Возврат оплаты", "Перенос на другой поток", "Не подошла программа", "Не подошла форма обучения", "Нет денег",
            "Перестал выходить на связь");
    assertThat(listOf("webinar")).as("the webinar's call closes without a reason").isEmpty();
  }

  private List<String> listOf(String funnel) {
    String json = options.listFor(funnel);
    List<String> values = new ArrayList<>();
    try {
      JSON.readTree(json).forEach(option -> values.add(option.path("value").asText()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  @Test
  void theTaskIsGivenItsFunnelsListAndTheServerAcceptsOnlyAReasonFromIt() throws Exception {
    Task task = processLead(leadInstance("Список причин"));

    assertThat(offered(task)).containsExactlyElementsOf(SALE_REASONS);
    assertThatThrownBy(() -> tasks.complete(task.getId(), Map.of("outcome", "REFUSED", "lossReason", "Отчислен", "result", "Отказ")))
        .as("a reason of «Ведение курса» only")
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("В поле «Причина отказа» нет варианта «Отчислен»");
    assertStillOpen(task);

    tasks.complete(task.getId(), Map.of("outcome", "REFUSED", "lossReason", "Дорого", "result", "Дорого"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
  }

  @Test
  void theProcessOwnerChangesTheReasonsInTheTableWithoutAJavaChange() throws Exception {
    ProcessDriver.setClock("2030-05-06T10:00");
    String before = leadInstance("До новой таблицы");
    repository.createDeployment().name("competitor discount").addClasspathResource("dmn-test/loss-reasons-competitor-discount.dmn").deploy();
    try {
      // A node reads a new table within a minute of its deployment.
      ProcessDriver.setClock("2030-05-06T10:01");
      Task task = processLead(leadInstance("Скидка конкурента"));

      List<String> offered = offered(task);
      assertThat(offered).startsWith("Перестал выходить на связь", "Дорого", "Конкуренты предложили скидку", "Выбрали других");
      assertThat(offered).as("«Тест» removed from «Продажа курса»").doesNotContain("Тест").hasSize(SALE_REASONS.size());
      assertThatThrownBy(() -> tasks.complete(task.getId(), Map.of("outcome", "REFUSED", "lossReason", "Тест", "result", "Тестовая заявка")))
          .hasMessageContaining("нет варианта «Тест»");
      tasks.complete(task.getId(), Map.of("outcome", "REFUSED", "lossReason", "Конкуренты предложили скидку", "result", "Нашёл дешевле"));
      assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE process_instance_id = ?", String.class, task.getProcessInstanceId()))
          .isEqualTo("Конкуренты предложили скидку");

      // A task opened before the deployment keeps the list it was given, and is checked against it.
      Task old = processLead(before);
      assertThat(offered(old)).containsExactlyElementsOf(SALE_REASONS);
      assertThatThrownBy(() -> tasks.complete(old.getId(), Map.of("outcome", "REFUSED", "lossReason", "Конкуренты предложили скидку", "result", "Отказ")))
          .hasMessageContaining("нет варианта «Конкуренты предложили скидку»");
    } finally {
      repository.createDeployment().name("default loss reasons").addClasspathResource("bpmn/loss-reasons.dmn").deploy();
      ClockUtil.reset();
      assertThat(listOf("course-sale")).containsExactlyElementsOf(SALE_REASONS);
    }
  }
}
