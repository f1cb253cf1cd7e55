package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.TestProcess;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * Issue 13 §1: an expression sent in a query is never evaluated for anyone but an administrator,
 * whatever address, encoding or API brings it. The expression used, {@code ${expressionProbe.touch()}},
 * only counts its evaluations ({@link ExpressionProbe}): the count staying at zero is the proof.
 */
@ApplicationTest
class QueryExpressionTest {

  private static final String PROBE = "${expressionProbe.touch()}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ExpressionProbe probe;
  @Autowired TaskService tasks;
  @Autowired FilterService filters;
  @Autowired IdentityService identity;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;
  @Autowired AuthorizationService authorizations;

  private int evaluationsBefore;

  @BeforeAll
  static void deploy(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  @BeforeEach
  void rememberProbe() {
    evaluationsBefore = probe.evaluations();
  }

  @AfterEach
  void noAuthenticationLeftBehind() {
    identity.clearAuthentication();
  }

  private int evaluated() {
    return probe.evaluations() - evaluationsBefore;
  }

  /** Query bodies with the probe at every level a task query accepts one. */
  private static List<String> bodiesWithExpressions() {
    return List.of(
        "{\"assigneeExpression\":\"" + PROBE + "\"}",
        "{\"orQueries\":[{\"assigneeExpression\":\"" + PROBE + "\"}]}",
        "{\"orQueries\":[{\"assignee\":\"manager1\"},{\"candidateUserExpression\":\"" + PROBE + "\"}]}",
        "{\"orQueries\":[{\"orQueries\":[{\"ownerExpression\":\"" + PROBE + "\"}]}]}",
        "{\"assignee\":\"manager1\",\"orQueries\":[{\"involvedUserExpression\":\"" + PROBE + "\",\"processVariables\":[]}]}");
  }

  /** The address of the task query and its count, in every spelling a client can produce. */
  private static List<String> taskQueryAddresses(String root) {
    return List.of(
        root + "/task",
        root + "/task/count",
        root + "/task/count;x",
        root + "/task;x",
        root + "/task/count;jsessionid=1",
        root + "/task/",
        root + "/task/count/",
        root + "//task",
        root + "/./task/count",
        root + "/x/../task/count",
        root + "/%74ask/count",
        root + "/task/%63ount",
        root + "/task/count%3Bx",
        root + "/TASK/count");
  }

  @Test
  void noAddressFormLetsAManagerAHeadOfSalesOrACuratorHaveAnExpressionEvaluatedOnEngineRest() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> answered = new ArrayList<>();
    for (String user : List.of("manager1", "rop", "curator1")) {
      for (String address : taskQueryAddresses("/engine-rest")) {
        for (String body : bodiesWithExpressions()) {
          for (String accept : List.of("application/json", "application/hal+json")) {
            HttpResponse<String> response =
                client.send(
                    basic(address, user).header("Accept", accept).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            answered.add(user + " POST " + address + " " + accept + " → " + response.statusCode());
            assertThat(response.statusCode()).as("%s POST %s %s", user, address, body).isBetween(400, 499);
          }
        }
        String query = "assigneeExpression=" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8);
        for (String accept : List.of("application/json", "application/hal+json")) {
          HttpResponse<String> response =
              client.send(basic(address + "?" + query, user).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as("%s GET %s?%s", user, address, query).isBetween(400, 499);
        }
      }
    }
    assertThat(evaluated()).as("expressions evaluated; answers: %s", answered).isZero();
  }

  @Test
  void theRefusalSaysWhyInRussian() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> response =
        client.send(
            basic("/engine-rest/task/count;x", "manager1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodiesWithExpressions().get(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("Выражения").contains("администратору");
    assertThat(evaluated()).isZero();
  }

  @Test
  void tasklistsOwnEngineApiWithSessionAndCsrfEvaluatesNothingEither() throws Exception {
    for (String user : List.of("manager1", "curator1")) {
      WebappSession session = WebappSession.login(port, user, "tasklist");
      for (String address : taskQueryAddresses("/camunda/api/engine/engine/default")) {
        for (String body : bodiesWithExpressions()) {
          HttpResponse<String> response = session.post(address, body, "application/json");
          assertThat(response.statusCode()).as("%s POST %s %s", user, address, body).isBetween(400, 499);
        }
      }
    }
    assertThat(evaluated()).isZero();
  }

  @Test
  void aStoredFilterKeepsItsExpressionsButItsExtensionMayNotAddAny() throws Exception {
    Task mine = taskAssignedTo("manager1");
    Filter myTasks = filters.createFilterQuery().filterName("Мои задачи").singleResult();
    HttpClient client = HttpClient.newHttpClient();

    // «Мои задачи» is ${currentUser()}, stored by the application: it still finds manager1's task.
    HttpResponse<String> list =
        client.send(
            basic("/engine-rest/filter/" + myTasks.getId() + "/list", "manager1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"processInstanceId\":\"" + mine.getProcessInstanceId() + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(list.body()).findValuesAsText("id")).contains(mine.getId());

    WebappSession session = WebappSession.login(port, "manager1", "tasklist");
    for (String root : List.of("/engine-rest", "/camunda/api/engine/engine/default")) {
      for (String action : List.of("/list", "/count", "/singleResult", "/count;x", "/list/", "/%6Cist")) {
        for (String body : bodiesWithExpressions()) {
          String address = root + "/filter/" + myTasks.getId() + action;
          HttpResponse<String> response =
              root.startsWith("/engine-rest")
                  ? client.send(
                      basic(address, "manager1").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  : session.post(address, body, "application/json");
          assertThat(response.statusCode()).as("POST %s %s", address, body).isBetween(400, 499);
        }
      }
    }
    assertThat(evaluated()).isZero();
  }

  @Test
  void throughJavaTheEngineRefusesTooWhateverCallsIt() {
    identity.setAuthentication("manager1", List.of("managers"));
    TaskQuery orQuery = tasks.createTaskQuery().or().taskAssigneeExpression(PROBE).endOr();
    assertThatThrownBy(orQuery::count).isInstanceOf(BadUserRequestException.class).hasMessageContaining("Выражения");
    assertThatThrownBy(() -> tasks.createTaskQuery().taskCandidateUserExpression(PROBE).list()).isInstanceOf(BadUserRequestException.class);

    Filter myTasks = filters.createFilterQuery().filterName("Мои задачи").singleResult();
    TaskQuery extension = tasks.createTaskQuery().or().taskOwnerExpression(PROBE).endOr();
    assertThatThrownBy(() -> filters.list(myTasks.getId(), extension)).isInstanceOf(BadUserRequestException.class);

    // A school may let managers keep their own Tasklist filters; even then, none with an expression.
    identity.clearAuthentication();
    Authorization mayCreateFilters = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    mayCreateFilters.setUserId("manager1");
    mayCreateFilters.setResource(Resources.FILTER);
    mayCreateFilters.setResourceId(Authorization.ANY);
    mayCreateFilters.addPermission(Permissions.CREATE);
    authorizations.saveAuthorization(mayCreateFilters);
    try {
      identity.setAuthentication("manager1", List.of("managers"));
      Filter ownFilter = filters.newTaskFilter("Мой фильтр с выражением");
      ownFilter.setQuery(tasks.createTaskQuery().or().taskAssigneeExpression(PROBE).endOr());
      assertThatThrownBy(() -> filters.saveFilter(ownFilter)).isInstanceOf(BadUserRequestException.class);
      Filter plainFilter = filters.newTaskFilter("Мой фильтр без выражений");
      plainFilter.setQuery(tasks.createTaskQuery().taskAssignee("manager1"));
      filters.saveFilter(plainFilter);
      identity.clearAuthentication();
      assertThat(filters.createFilterQuery().filterName("Мой фильтр с выражением").count()).isZero();
      filters.deleteFilter(plainFilter.getId());
    } finally {
      identity.clearAuthentication();
      authorizations.deleteAuthorization(mayCreateFilters.getId());
    }
    assertThat(evaluated()).isZero();
  }

  @Test
  void anAdministratorsExpressionsAreEvaluatedSoTheProbeWouldHaveSeenAnyOther() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> response =
        client.send(
            basic("/engine-rest/task/count", "admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bodiesWithExpressions().get(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(evaluated()).isEqualTo(1);

    identity.setAuthentication("admin", List.of("camunda-admin", "admins"));
    Filter adminFilter = filters.newTaskFilter("Фильтр администратора с выражением");
    adminFilter.setQuery(tasks.createTaskQuery().or().taskAssigneeExpression(PROBE).endOr());
    filters.saveFilter(adminFilter);
    identity.clearAuthentication();
    try {
      assertThat(filters.count(adminFilter.getId())).isZero();
      assertThat(evaluated()).isEqualTo(2);
    } finally {
      filters.deleteFilter(adminFilter.getId());
    }
  }

  private Task taskAssignedTo(String assignee) {
    long contact = deals.createContact(new NewContact("Клиент", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance =
        runtime.startProcessInstanceByKey("stage-listener-test", String.valueOf(deal), Map.of("responsible", assignee)).getId();
    return tasks.createTaskQuery().processInstanceId(instance).singleResult();
  }

  private HttpRequest.Builder basic(String path, String user) {
    String credentials = Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + credentials);
  }
}
