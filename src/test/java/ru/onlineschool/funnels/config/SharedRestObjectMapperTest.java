package ru.onlineschool.funnels.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.TestProcess;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * Tasklist's engine API and engine-rest answer with the one shared Jackson mapper, configured as
 * Camunda configures its own: the same dates, and no mapper built per request (issue 15).
 */
@ApplicationTest
class SharedRestObjectMapperTest {

  @LocalServerPort int port;
  @Autowired FilterService filters;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;
  @Autowired TestRestTemplate rest;

  @BeforeAll
  static void deploy(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  @Test
  void tasklistsPageAndEngineRestUseTheSharedMapperWithCamundasDateFormat() throws Exception {
    long contact = deals.createContact(new NewContact("Маппер", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance = runtime.startProcessInstanceByKey(TestProcess.KEY, String.valueOf(deal), Map.of("responsible", "manager2")).getId();
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    task.setDueDate(Date.from(Instant.parse("2031-03-04T06:15:00Z")));
    tasks.saveTask(task);
    String filter = filters.createFilterQuery().filterName("Мои задачи").singleResult().getId();
    String body = "{\"processInstanceIdIn\":[\"" + instance + "\"],\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}]}";

    long before = SharedRestObjectMapper.handedOut();
    WebappSession tasklist = WebappSession.login(port, "manager2", "tasklist");
    var page = tasklist.post("/camunda/api/engine/engine/default/filter/" + filter + "/list?firstResult=0&maxResults=15", body, "application/hal+json");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    // Camunda's own format, in the server's zone: the instant 06:15 UTC, whatever zone that is.
    assertThat(page.body()).contains("\"id\":\"" + task.getId() + "\"").containsPattern("\"due\":\"2031-03-04T\\d\\d:\\d\\d:00\\.000[+-]\\d{4}\"");
    long afterTasklist = SharedRestObjectMapper.handedOut();
    assertThat(afterTasklist).as("Tasklist's engine API took its mapper from the shared resolver").isGreaterThan(before);

    var count = tasklist.post("/camunda/api/engine/engine/default/filter/" + filter + "/count", body, "application/json");
    assertThat(count.body()).isEqualTo("{\"count\":1}");
    var rest = this.rest.withBasicAuth("manager2", "demo").getForEntity("/engine-rest/task/" + task.getId(), String.class);
    assertThat(rest.getStatusCode().value()).as(rest.getBody()).isEqualTo(200);
    assertThat(rest.getBody()).containsPattern("\"due\":\"2031-03-04T\\d\\d:\\d\\d:00\\.000[+-]\\d{4}\"");
    assertThat(SharedRestObjectMapper.handedOut()).as("engine-rest too").isGreaterThan(afterTasklist);
  }
}
