package ru.onlineschool.funnels.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.api.StaffActivity;
import ru.onlineschool.funnels.delivery.CuratorDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.ProcessDriver;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * «На месте» / «Нет на месте» (seed 003 «Smart-распределение»: leads go to «те, кто сейчас
 * находится в системе и готов»): who gets the next lead, and what the manager sees in Tasklist's
 * header (GET /api/presence). The automatic rules (working hours, activity) are switched on in the
 * tests that move the clock; the demo profile has them off.
 */
@ApplicationTest
class StaffPresenceTest {

  static final List<String> STAFF = List.of("manager1", "manager2", "manager3", "curator1");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;
  @Autowired StaffPresence presence;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired CuratorDistribution curators;
  @Autowired org.camunda.bpm.engine.RepositoryService repository;

  @AfterEach
  void everybodyBackAtWork() {
    presence.setAutomatic(false);
    ClockUtil.reset();
    STAFF.forEach(user -> {
      distribution.setPresence(user, true, "test", Instant.now());
      distribution.setAvailability(user, true, "test", Instant.now());
    });
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, "demo");
  }

  private ResponseEntity<String> mark(String caller, String userId, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(caller).exchange("/api/staff/" + userId + "/presence", HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
  }

  private JsonNode mine(String user) {
    ResponseEntity<String> answer = as(user).getForEntity("/api/presence", String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    return parse(answer);
  }

  /** Something the manager does in the API: a search for a client. */
  private void works(String user) {
    assertThat(as(user).getForEntity("/api/contacts?query=Смирнов", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  /** A new lead through the intake; its responsible (null: nobody). */
  private String newLead() {
    ResponseEntity<String> answer = postWithKey(rest, "/api/leads", json(lead("Клиент Присутствия", TestPhones.unique(), "course", "Аналитик данных")));
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    lastDeal = parse(answer).path("dealId").asText();
    return parse(answer).path("responsible").textValue();
  }

  private String lastDeal;

  /** The last lead waits as a group task of the managers and the head of sales is asked to assign it. */
  private void lastLeadWaitsForTheGroupAndTheHeadOfSales() {
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(lastDeal).singleResult();
    Task lead = tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Activity_ProcessLead").singleResult();
    assertThat(lead.getAssignee()).isNull();
    assertThat(tasks.getIdentityLinksForTask(lead.getId()).stream().map(IdentityLink::getGroupId)).contains("managers");
    Task assign = tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Activity_AssignLeadManually").singleResult();
    assertThat(tasks.getIdentityLinksForTask(assign.getId()).stream().map(IdentityLink::getGroupId)).contains("sales-heads");
  }

  @Test
  void aManagerMarkedAwayGetsNoLeadsAndGetsThemAgainWhenBack() {
    ResponseEntity<String> away = mark("manager1", "manager1", "{\"present\":false}");
    assertThat(away.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(away).path("present").asBoolean()).isFalse();
    assertThat(parse(away).path("atWork").asBoolean()).isFalse();
    assertThat(parse(away).path("reason").asText()).isEqualTo("Отмечено «Нет на месте»");
    assertThat(mine("manager1").path("atWork").asBoolean()).isFalse();
    mark("manager2", "manager2", "{\"present\":false}");

    for (int i = 0; i < 3; i++) {
      assertThat(newLead()).isEqualTo("manager3");
    }

    mark("manager3", "manager3", "{\"present\":false}");
    assertThat(newLead()).isNull();
    lastLeadWaitsForTheGroupAndTheHeadOfSales();

    ResponseEntity<String> back = mark("manager1", "manager1", "{\"present\":true}");
    assertThat(parse(back).path("atWork").asBoolean()).isTrue();
    assertThat(parse(back).path("reason").isNull()).isTrue();
    assertThat(newLead()).isEqualTo("manager1");
    assertThat(newLead()).isEqualTo("manager1");
  }

  @Test
  void aManagerChangesOnlyHimselfTheHeadOfSalesAndAdminsAnyone() {
    ResponseEntity<String> other = mark("manager1", "manager2", "{\"present\":false}");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(other).path("detail").asText()).contains("только себя");
    assertThat(mine("manager2").path("present").asBoolean()).isTrue();

    assertThat(mark("rop", "manager2", "{\"present\":false}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(mine("manager2").path("present").asBoolean()).isFalse();
    assertThat(mark("admin", "manager2", "{\"present\":true}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(mine("manager2").path("present").asBoolean()).isTrue();

    // The head of sales' own switch (vacation) comes first and names her.
    distribution.setAvailability("manager2", false, "rop", Instant.now());
    assertThat(mine("manager2").path("atWork").asBoolean()).isFalse();
    assertThat(mine("manager2").path("reason").asText()).isEqualTo("РОП снял с распределения новых заявок");
  }

  @Test
  void onlyManagersAndCuratorsHaveTheMark() {
    assertThat(as("rop").getForEntity("/api/presence", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<String> notStaff = mark("admin", "rop", "{\"present\":false}");
    assertThat(notStaff.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(notStaff.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(mark("rop", "nobody", "{\"present\":false}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(errors(mark("manager3", "manager3", "{}"))).containsEntry("present", "Обязательное поле");
    assertThat(errors(mark("manager3", "manager3", "{\"present\":\"нет\"}"))).containsEntry("present", "Ожидается true или false");
    assertThat(mine("manager3").path("present").asBoolean()).isTrue();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> anonymous =
        rest.exchange("/api/staff/manager3/presence", HttpMethod.PUT, new HttpEntity<>("{\"present\":false}", headers), String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aCuratorMarkedAwayGetsNoNewStudent() {
    assertThat(curators.pick()).hasValueSatisfying(user -> assertThat(user.getId()).isEqualTo("curator1"));
    assertThat(mark("curator1", "curator1", "{\"present\":false}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(curators.pick()).isEmpty();
  }

  /** Tasklist's switch writes with the webapps' session, and only with its CSRF token. */
  @Test
  void tasklistsSessionChangesTheMarkWithItsCsrfToken() throws Exception {
    WebappSession tasklist = WebappSession.login(port, "manager1", "tasklist");

    HttpResponse<String> forged = tasklist.send("PUT", "/api/staff/manager1/presence", "{\"present\":false}", false);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(mine("manager1").path("present").asBoolean()).isTrue();

    HttpResponse<String> away = tasklist.send("PUT", "/api/staff/manager1/presence", "{\"present\":false}", true);
    assertThat(away.statusCode()).isEqualTo(200);
    assertThat(tasklist.get("/api/presence").body()).contains("\"present\":false", "\"atWork\":false");
    assertThat(tasklist.send("PUT", "/api/staff/manager2/presence", "{\"present\":false}", true).statusCode()).isEqualTo(403);
  }

  @Test
  void afterThePeriodWithoutActivityAManagerIsOffUntilHeDoesSomething() throws Exception {
    presence.setAutomatic(true);
    distribution.setAvailability("manager2", false, "test", Instant.now());
    distribution.setAvailability("manager3", false, "test", Instant.now());
    ProcessDriver.setClock("2031-03-11T10:00");
    works("manager1");
    assertThat(newLead()).isEqualTo("manager1");

    // The header's own poll is not activity: 29 minutes later he is still at work, 31 minutes later not.
    ProcessDriver.setClock("2031-03-11T10:29");
    assertThat(mine("manager1").path("atWork").asBoolean()).isTrue();
    ProcessDriver.setClock("2031-03-11T10:31");
    JsonNode idle = mine("manager1");
    assertThat(idle.path("present").asBoolean()).isTrue();
    assertThat(idle.path("atWork").asBoolean()).isFalse();
    assertThat(idle.path("reason").asText()).isEqualTo("Нет действий в Tasklist больше 30 мин");
    assertThat(newLead()).isNull();
    lastLeadWaitsForTheGroupAndTheHeadOfSales();

    // Tasklist refreshing its lists by itself is not activity either.
    HttpHeaders background = new HttpHeaders();
    background.set(StaffActivity.BACKGROUND_HEADER, "1");
    as("manager1").exchange("/api/contacts?query=Смирнов", HttpMethod.GET, new HttpEntity<>(background), String.class);
    assertThat(mine("manager1").path("atWork").asBoolean()).isFalse();

    // He opens Tasklist: a request of the webapps' session brings him back.
    ProcessDriver.setClock("2031-03-11T10:40");
    WebappSession.login(port, "manager1", "tasklist");
    assertThat(mine("manager1").path("atWork").asBoolean()).isTrue();
    assertThat(newLead()).isEqualTo("manager1");
  }

  @Test
  void outsideTheSchoolsWorkingHoursNobodyIsAtWork() {
    presence.setAutomatic(true);
    ProcessDriver.setClock("2031-03-11T21:05");
    List.of("manager1", "manager2", "manager3").forEach(this::works);

    JsonNode evening = mine("manager2");
    assertThat(evening.path("present").asBoolean()).isTrue();
    assertThat(evening.path("atWork").asBoolean()).isFalse();
    assertThat(evening.path("reason").asText()).isEqualTo("Вне рабочего времени школы (09:00–21:00)");
    assertThat(newLead()).isNull();
    lastLeadWaitsForTheGroupAndTheHeadOfSales();

    ProcessDriver.setClock("2031-03-12T09:00");
    works("manager2");
    assertThat(mine("manager2").path("atWork").asBoolean()).isTrue();
    assertThat(newLead()).isEqualTo("manager2");
  }

  /** The process owner gives an hour instead of half an hour in «Кто на работе» and deploys it: no Java change. */
  @Test
  void theProcessOwnerSetsThePeriodInTheTable() throws Exception {
    String table;
    try (var in = StaffPresenceTest.class.getResourceAsStream("/bpmn/staff-presence.dmn")) {
      table = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(table).contains("<text>\"PT30M\"</text>");
    String deployment =
        repository.createDeployment().name("an hour without activity").addString("staff-presence.dmn", table.replace("\"PT30M\"", "\"PT1H\"")).deploy().getId();
    try {
      presence.setAutomatic(true);
      distribution.setAvailability("manager2", false, "test", Instant.now());
      distribution.setAvailability("manager3", false, "test", Instant.now());
      ProcessDriver.setClock("2031-03-13T11:00");
      works("manager1");

      ProcessDriver.setClock("2031-03-13T11:45");
      assertThat(mine("manager1").path("atWork").asBoolean()).isTrue();
      assertThat(newLead()).isEqualTo("manager1");

      ProcessDriver.setClock("2031-03-13T12:01");
      assertThat(mine("manager1").path("reason").asText()).isEqualTo("Нет действий в Tasklist больше 1 ч");
      assertThat(newLead()).isNull();
    } finally {
      repository.deleteDeployment(deployment, true);
    }
  }
}
