package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.WebappSession;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Issue 13, points 6 and 7, as a client meets them: a manager completes her tasks through
 * engine-rest with Basic authentication (and, once, through the Tasklist's own engine API with a
 * session), typing every value herself. Whatever the form promises holds on the server; a refused
 * completion answers 400 in Russian naming the field and leaves the deal and the task untouched;
 * every task opens without the previous task's answers.
 */
@ApplicationTest
class TaskCompletionRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessDriver driver;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void onlyManager1TakesLeads() {
    driver.onlyAvailable("manager1");
  }

  @AfterEach
  void everybodyBack() {
    driver.everybodyAvailable();
  }

  // ---------------------------------------------------------------- point 6: the form's rules

  @Test
  void aLossReasonOutsideTheListIsRefusedByNameAndNothingIsRecorded() throws Exception {
    Lead lead = lead("Причина не из списка");

    HttpResponse<String> answer =
        complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "REFUSED", "lossReason", "Конкуренты предложили скидку", "result", "Отказался"));

    assertRefused(answer, "«Причина отказа»");
    lead.assertUntouched("Activity_ProcessLead", "lossReason", "outcome", "result");
  }

  @Test
  void theReasonsAreTheListTheTaskWasGivenAndAManagerCannotWidenIt() throws Exception {
    Lead lead = lead("Чужая причина");
    String task = lead.task("Activity_ProcessLead");
    String ownList = "[{\"label\":\"Конкуренты\",\"value\":\"Конкуренты\"}]";

    // «Отчислен» is a reason of «Ведение курса», not of this funnel's list.
    assertRefused(complete(task, Map.of("outcome", "REFUSED", "lossReason", "Отчислен", "result", "Отказался")), "«Причина отказа»");
    // Her own list sent with the answers is not a field of the form.
    Map<String, Object> withList = new LinkedHashMap<>();
    withList.put("outcome", Map.of("value", "REFUSED"));
    withList.put("lossReason", Map.of("value", "Конкуренты"));
    withList.put("result", Map.of("value", "Отказался"));
    withList.put("lossReasons", Map.of("value", ownList, "type", "Json"));
    assertRefused(
        send("manager1", "POST", "/engine-rest/task/" + task + "/complete", JSON.writeValueAsString(Map.of("variables", withList))), "«lossReasons»");
    // Nor may she change the list beside the completion, on the task or on the deal's process.
    String variable = JSON.writeValueAsString(Map.of("value", ownList, "type", "Json"));
    assertThat(send("manager1", "PUT", "/engine-rest/task/" + task + "/localVariables/lossReasons", variable).statusCode()).isEqualTo(403);
    assertThat(send("manager1", "PUT", "/engine-rest/task/" + task + "/variables/lossReasons", variable).statusCode()).isEqualTo(403);
    assertThat(send("manager1", "PUT", "/engine-rest/process-instance/" + lead.instance + "/variables/lossReasons", variable).statusCode())
        .isEqualTo(403);
    assertRefused(complete(task, Map.of("outcome", "REFUSED", "lossReason", "Конкуренты", "result", "Отказался")), "«Причина отказа»");
    lead.assertUntouched("Activity_ProcessLead", "lossReason", "outcome", "result");

    assertThat(complete(task, Map.of("outcome", "REFUSED", "lossReason", "Выбрали других", "result", "Выбрал курс в другой школе, там дешевле")).statusCode()).isEqualTo(204);
  }

  @Test
  void aNegativeBudgetIsRefusedByNameAndTheDealKeepsNoBudget() throws Exception {
    Lead lead = lead("Минус бюджет");
    assertThat(complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "QUALIFIED", "result", "Интересуется курсом")).statusCode())
        .isEqualTo(204);

    HttpResponse<String> answer =
        complete(
            lead.task("Activity_PrepareOffer"),
            Map.of("outcome", "INVOICE", "course", "Python-разработчик", "budget", -45000, "invoiceDeadline", "2030-03-10", "result", "Выставил счёт"));

    assertRefused(answer, "«Бюджет, ₽»");
    lead.assertUntouched("Activity_PrepareOffer", "budget", "invoiceDeadline");
    assertThat(jdbc.queryForObject("SELECT budget FROM deal WHERE id = ?", java.math.BigDecimal.class, lead.dealId)).isNull();

    // Above the form's maximum, or with more kopecks than a rouble has, it is refused the same way.
    assertRefused(
        complete(lead.task("Activity_PrepareOffer"), Map.of("outcome", "INVOICE", "course", "Python", "budget", 1e13, "invoiceDeadline", "2030-03-10", "result", "Счёт")),
        "«Бюджет, ₽»");
    assertRefused(
        complete(lead.task("Activity_PrepareOffer"), Map.of("outcome", "INVOICE", "course", "Python", "budget", 100.555, "invoiceDeadline", "2030-03-10", "result", "Счёт")),
        "«Бюджет, ₽»");
  }

  @Test
  void aVariableTheFormDoesNotHaveIsRefusedByName() throws Exception {
    Lead lead = lead("Лишняя переменная");

    // «responsible» decides whose deal it is: not something a task's form may change.
    HttpResponse<String> answer =
        complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "QUALIFIED", "result", "Квалифицирован", "responsible", "manager2"));

    assertRefused(answer, "«responsible»");
    lead.assertUntouched("Activity_ProcessLead", "outcome", "result");
    assertThat(runtime.getVariable(lead.instance, "responsible")).isEqualTo("manager1");
  }

  @Test
  void aFieldTheChosenOutcomeHidesIsRefusedAndADateMustExist() throws Exception {
    Lead lead = lead("Скрытое поле и дата");
    String task = lead.task("Activity_ProcessLead");

    assertRefused(complete(task, Map.of("outcome", "QUALIFIED", "lossReason", "Дорого", "result", "Квалифицирован")), "«Причина отказа»");
    assertRefused(complete(task, Map.of("outcome", "CALL_BACK", "callBackAt", "завтра вечером", "result", "Просил перезвонить")), "«Когда перезвонить: дата»");
    assertRefused(complete(task, Map.of("outcome", "CALL_BACK", "result", "Просил перезвонить")), "«Когда перезвонить: дата»");
    assertRefused(complete(task, Map.of("outcome", "WON_THE_LOTTERY", "result", "Выиграл")), "«Итог звонка»");
    lead.assertUntouched("Activity_ProcessLead", "outcome", "result", "callBackAt", "lossReason");
  }

  /** «Нужно подумать» with a call time in the past: 400 in Russian naming «Когда позвонить», nothing planned. */
  @Test
  void aCallToLearnTheDecisionInThePastIsRefusedByName() throws Exception {
    Lead lead = lead("Подумает, время в прошлом");
    java.time.ZonedDateTime now = org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant().atZone(java.time.ZoneId.of("Europe/Moscow"));
    java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    tasks.complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "QUALIFIED", "result", "Хочет на курс, сначала попробует пробный урок"));
    MessageJobs.run(management, lead.instance);
    tasks.complete(
        lead.task("Activity_PrepareOffer"),
        Map.of("outcome", "TRIAL", "trialAt", now.plusDays(2).withHour(12).withMinute(0).format(local), "lessonLink", "https://school.example/trial",
            "course", "Python-разработчик", "budget", 45000, "result", "Записали на пробный"));
    for (String timer : List.of("Event_BeforeTrial", "Event_AfterTrial")) {
      MessageJobs.run(management, lead.instance);
      management.executeJob(management.createJobQuery().processInstanceId(lead.instance).activityId(timer).singleResult().getId());
    }
    MessageJobs.run(management, lead.instance);
    tasks.complete(lead.task("Activity_MarkTrial"), Map.of("outcome", "HELD", "result", "Урок прошёл"));

    HttpResponse<String> answer =
        complete(lead.task("Activity_RequestFeedback"), Map.of("outcome", "THINK", "decisionCallAt", now.minusHours(3).format(local), "result", "Понравилось, хочет подумать пару дней"));

    assertRefused(answer, "«Когда позвонить: дата»");
    assertThat(JSON.readTree(answer.body()).path("message").asText()).contains("уже прошло");
    lead.assertUntouched("Activity_RequestFeedback", "decisionCallAt", "decisionCallDue");
  }

  @Test
  void aResultOf5000CharactersIsRefusedByNameNeverA500() throws Exception {
    Lead lead = lead("Длинный результат");

    HttpResponse<String> answer = complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "QUALIFIED", "result", "а".repeat(5000)));

    assertRefused(answer, "«Результат»");
    lead.assertUntouched("Activity_ProcessLead", "outcome", "result");
  }

  @Test
  void aResultSentAsASerializedObjectIsNotTextAndIsRefusedByName() throws Exception {
    Lead lead = lead("Объект вместо текста");
    String body =
        "{\"variables\":{\"outcome\":{\"value\":\"QUALIFIED\"},\"result\":{\"value\":\"{}\",\"type\":\"Object\","
            + "\"valueInfo\":{\"objectTypeName\":\"java.util.HashMap\",\"serializationDataFormat\":\"application/json\"}}}}";

    assertRefused(send("manager1", "POST", "/engine-rest/task/" + lead.task("Activity_ProcessLead") + "/complete", body), "«Результат»");
    lead.assertUntouched("Activity_ProcessLead", "outcome", "result");
  }

  @Test
  void theTasklistEngineApiWithASessionIsCheckedTheSameWay() throws Exception {
    Lead lead = lead("Через Tasklist");
    WebappSession tasklist = WebappSession.login(port, "manager1", "tasklist");

    HttpResponse<String> answer =
        tasklist.post(
            "/camunda/api/engine/engine/default/task/" + lead.task("Activity_ProcessLead") + "/submit-form",
            json(Map.of("outcome", "NOT_TARGETED", "lossReason", "Клиент грубил", "result", "Нецелевая")),
            "application/json");

    assertRefused(answer, "«Причина отказа»");
    lead.assertUntouched("Activity_ProcessLead", "outcome", "result", "lossReason");
  }

  @Test
  void aBpmnErrorCannotCloseATaskWithoutItsForm() throws Exception {
    Lead lead = lead("Ошибка вместо формы");

    HttpResponse<String> answer =
        send("manager1", "POST", "/engine-rest/task/" + lead.task("Activity_ProcessLead") + "/bpmnError", "{\"errorCode\":\"skip\"}");

    assertRefused(answer, "через её форму");
    lead.assertUntouched("Activity_ProcessLead");
  }

  // ---------------------------------------------------------------- point 7: every task starts empty

  @Test
  void everyRecallOpensEmptyNeedsItsOwnWrittenResultAndTheHistoryKeepsExactlyIt() throws Exception {
    Lead lead = lead("Перезвоны");
    assertThat(complete(lead.task("Activity_ProcessLead"), Map.of("outcome", "NOT_REACHED", "result", "Не взял трубку")).statusCode())
        .isEqualTo(204);

    for (String written : List.of("Сбросил звонок", "Абонент недоступен")) {
      lead.fireRecall();
      Task recall = tasks.createTaskQuery().processInstanceId(lead.instance).taskDefinitionKey("Activity_Recall").singleResult();

      JsonNode prefilled = JSON.readTree(send("manager1", "GET", "/engine-rest/task/" + recall.getId() + "/form-variables", null).body());
      assertThat(prefilled.path("result").path("value").isMissingNode() || prefilled.path("result").path("value").isNull())
          .as("«%s» opens without a result: %s", recall.getName(), prefilled.path("result"))
          .isTrue();
      assertThat(prefilled.path("outcome").path("value").isMissingNode() || prefilled.path("outcome").path("value").isNull())
          .as("«%s» opens without an outcome: %s", recall.getName(), prefilled.path("outcome"))
          .isTrue();

      // What Tasklist sends when the manager presses «Завершить» having only picked the outcome.
      Map<String, Object> unwritten = new LinkedHashMap<>();
      unwritten.put("outcome", "NOT_REACHED");
      unwritten.put("result", "");
      assertRefused(complete(recall.getId(), unwritten), "«Результат»");
      lead.assertUntouched("Activity_Recall");

      assertThat(complete(recall.getId(), Map.of("outcome", "NOT_REACHED", "result", written)).statusCode()).isEqualTo(204);
      List<String> results =
          deals.timeline(lead.dealId).stream().filter(e -> e.kind() == TimelineKind.TASK_RESULT).map(TimelineEntry::text).toList();
      assertThat(results).last().isEqualTo("«" + recall.getName() + "»: " + written);
    }
    List<String> results =
        deals.timeline(lead.dealId).stream().filter(e -> e.kind() == TimelineKind.TASK_RESULT).map(TimelineEntry::text).toList();
    assertThat(results).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void aTaskOpenBesideAnotherDoesNotInheritItsResult() throws Exception {
    Lead lead = lead("Соседняя задача");
    Job overdue = management.createJobQuery().processInstanceId(lead.instance).activityId("Event_FirstContactOverdue").singleResult();
    management.executeJob(overdue.getId());
    String control = lead.task("Activity_ControlFirstContact");
    assertThat(send("rop", "POST", "/engine-rest/task/" + control + "/complete", JSON.writeValueAsString(variables(Map.of("result", "Напомнил менеджеру о заявке"))))
            .statusCode())
        .isEqualTo(204);

    String processLead = lead.task("Activity_ProcessLead");
    JsonNode prefilled = JSON.readTree(send("manager1", "GET", "/engine-rest/task/" + processLead + "/form-variables", null).body());
    assertThat(prefilled.path("result").path("value").isMissingNode() || prefilled.path("result").path("value").isNull())
        .as("the head of sales' text is not the manager's: %s", prefilled.path("result"))
        .isTrue();
    assertRefused(complete(processLead, Map.of("outcome", "QUALIFIED")), "«Результат»");
    lead.assertUntouched("Activity_ProcessLead");
  }

  // ---------------------------------------------------------------- a client's tools

  /** A deal in «Продажа курса» at «Обработать заявку», its process and what it holds. */
  private final class Lead {
    final long dealId;
    final String instance;

    Lead(long dealId) {
      this.dealId = dealId;
      this.instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    }

    String task(String activity) {
      Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(activity).singleResult();
      assertThat(task).as("task %s", activity).isNotNull();
      return task.getId();
    }

    /** After a refusal: the task is still there, nothing of the answers is kept, no result on the deal. */
    void assertUntouched(String activity, String... variables) {
      assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(activity).count()).as("task %s still open", activity).isEqualTo(1);
      for (String name : variables) {
        assertThat(runtime.getVariable(instance, name)).as("variable %s", name).isNull();
      }
      long written = deals.timeline(dealId).stream().filter(e -> e.kind() == TimelineKind.TASK_RESULT && e.text().startsWith("«" + taskName(activity))).count();
      assertThat(written).as("no result of %s on the deal", activity).isZero();
    }

    private String taskName(String activity) {
      return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(activity).singleResult().getName();
    }

    /** The recall timer fires (whatever its due time), then the client messages run. */
    void fireRecall() {
      MessageJobs.run(management, instance);
      Job timer = management.createJobQuery().processInstanceId(instance).activityId("Event_RecallDue").singleResult();
      assertThat(timer).as("recall timer").isNotNull();
      management.executeJob(timer.getId());
      MessageJobs.run(management, instance);
    }
  }

  private Lead lead(String name) {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead(name, TestPhones.unique(), "course", "Python-разработчик")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    Lead lead = new Lead(Api.parse(response).path("dealId").asLong());
    MessageJobs.run(management, lead.instance);
    return lead;
  }

  private static void assertRefused(HttpResponse<String> answer, String naming) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(answer.body());
    assertThat(error.path("type").asText()).isNotBlank();
    assertThat(error.path("message").asText()).as(answer.body()).contains(naming);
  }

  private HttpResponse<String> complete(String taskId, Map<String, Object> values) throws Exception {
    return send("manager1", "POST", "/engine-rest/task/" + taskId + "/complete", JSON.writeValueAsString(variables(values)));
  }

  private static String json(Map<String, Object> values) throws Exception {
    return JSON.writeValueAsString(variables(values));
  }

  /** The engine REST's shape: every value as {@code {"value": …}}, its type inferred as Tasklist leaves it. */
  private static Map<String, Object> variables(Map<String, Object> values) {
    Map<String, Object> variables = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      Map<String, Object> typed = new LinkedHashMap<>();
      typed.put("value", value);
      variables.put(name, typed);
    });
    return Map.of("variables", variables);
  }

  private HttpResponse<String> send(String user, String method, String path, String json) throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Basic " + basic).header("Accept", "application/json");
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
