package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * Issue 13 point 2: a stranger guessing a colleague's password slows himself down and locks her
 * out for minutes at most, through every login the school has — Basic on /engine-rest and /api,
 * and Tasklist's login form. Time is the engine's clock, moved by the test. Clients at different
 * addresses speak through X-Forwarded-For (the test profile trusts the loopback as our proxy).
 */
@ApplicationTest
class LoginThrottleTest {

  private static final String PASSWORD = "Верный-пароль-7";
  private static final String ATTACKER = "203.0.113.66";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired IdentityService identity;
  @Autowired SmartDistribution distribution;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** A manager of her own (ids sort first, so distribution would pick her among equals). */
  private final String victim = "aavictim" + ThreadLocalRandom.current().nextInt(1_000_000);
  private final String colleague = "aacolleague" + ThreadLocalRandom.current().nextInt(1_000_000);
  /** The victim's own office, the colleague's, another network. */
  private final String victimOffice = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 250);
  private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void staff() {
    ClockUtil.setCurrentTime(Date.from(now));
    for (String user : new String[] {victim, colleague}) {
      var account = identity.newUser(user);
      account.setFirstName("Тест");
      account.setLastName("Блокировка");
      account.setPassword(PASSWORD);
      identity.saveUser(account);
      identity.createMembership(user, SchoolGroup.MANAGERS.id());
    }
  }

  @AfterEach
  void leaveAsFound() {
    ClockUtil.reset();
    for (String user : new String[] {victim, colleague}) {
      // Unlock also forgives the test's addresses that failed against the account.
      identity.unlockUser(user);
      identity.deleteMembership(user, SchoolGroup.MANAGERS.id());
      identity.deleteUser(user);
      jdbc.update("DELETE FROM manager_availability WHERE user_id = ?", user);
    }
  }

  private void later(Duration duration) {
    now = now.plus(duration);
    ClockUtil.setCurrentTime(Date.from(now));
  }

  // ---------------------------------------------------------------- the three login paths

  private HttpResponse<String> engineRest(String user, String password, String from) throws Exception {
    return http.send(basic("/engine-rest/task/count", user, password, from).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String user, String password, String from) throws Exception {
    return http.send(
        basic("/api/reports/viewer", user, password, from).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder basic(String path, String user, String password, String from) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + credentials)
        .header("X-Forwarded-For", from);
  }

  /** Tasklist's login page: a GET hands out the CSRF cookie, the form posts username and password. */
  private HttpResponse<String> tasklistLogin(String user, String password, String from) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
    browser.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/camunda/app/tasklist/default/"))
            .header("X-Forwarded-For", from)
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpRequest.Builder login =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/camunda/api/admin/auth/user/default/login/tasklist"))
            .timeout(Duration.ofSeconds(30))
            .header("X-Forwarded-For", from)
            .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
    for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
      if (cookie.getName().equals("XSRF-TOKEN")) {
        login.header("X-XSRF-TOKEN", cookie.getValue());
      }
    }
    String form =
        "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return browser.send(login.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static void assertThrottled(HttpResponse<String> response, String message) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(message).startsWith("Слишком много неудачных попыток входа. Повторите вход через ");
  }

  // ---------------------------------------------------------------- the tests

  @Test
  void aStrangerGuessingForHoursNeverLocksTheAccountForGood() throws Exception {
    // Before issue 13 the tenth wrong password (the engine's login-max-attempts) locked her for good.
    for (int guess = 0; guess < 15; guess++) {
      HttpResponse<String> response = engineRest(victim, "guess" + guess, ATTACKER);
      assertThat(response.statusCode()).isIn(401, 429);
      later(Duration.ofMinutes(6));
    }

    assertThat(engineRest(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
    assertThat(api(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
    assertThat(tasklistLogin(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsLockTheAccountForSecondsThenMinutesOnEveryPath() throws Exception {
    for (int typo = 0; typo < 3; typo++) {
      assertThat(engineRest(victim, "typo" + typo, ATTACKER).statusCode()).as("free failure %d", typo).isEqualTo(401);
    }
    assertThat(tasklistLogin(victim, "fourth", ATTACKER).statusCode()).isEqualTo(401);

    // Locked for 5 s: even the right password, from her own office, waits; no path is a way round.
    HttpResponse<String> engine = engineRest(victim, PASSWORD, victimOffice);
    assertThrottled(engine, body(engine).path("message").asText());
    assertThat(engine.headers().firstValue("Retry-After")).contains("5");
    HttpResponse<String> api = api(victim, PASSWORD, victimOffice);
    assertThrottled(api, body(api).path("detail").asText());
    assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(body(api).path("status").asInt()).isEqualTo(429);
    HttpResponse<String> form = tasklistLogin(victim, PASSWORD, victimOffice);
    // Tasklist's form shows the answer's «message» under «Вход не выполнен».
    assertThrottled(form, body(form).path("message").asText());

    later(Duration.ofSeconds(5));
    assertThat(api(victim, "fifth", ATTACKER).statusCode()).isEqualTo(401);
    HttpResponse<String> doubled = engineRest(victim, PASSWORD, victimOffice);
    assertThat(doubled.statusCode()).isEqualTo(429);
    assertThat(doubled.headers().firstValue("Retry-After")).contains("10");

    // The lock ends by itself; the right password works and starts the count again.
    later(Duration.ofSeconds(10));
    assertThat(tasklistLogin(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
    assertThat(engineRest(victim, "one-typo", victimOffice).statusCode()).isEqualTo(401);
    assertThat(engineRest(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
  }

  @Test
  void theLockNeverLastsLongerThanFiveMinutes() throws Exception {
    for (int guess = 0; guess < 30; guess++) {
      engineRest(victim, "guess" + guess, ATTACKER);
      later(Duration.ofMinutes(5));
    }
    HttpResponse<String> locked = engineRest(victim, "again", "192.0.2.7");
    assertThat(locked.statusCode()).isEqualTo(401);
    HttpResponse<String> refused = engineRest(victim, PASSWORD, victimOffice);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);

    later(Duration.ofMinutes(5));
    assertThat(api(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
  }

  @Test
  void anAddressThatGuessesIsSlowedDownForEveryAccountButNobodyElseIs() throws Exception {
    // 20 wrong passwords from one machine cost nothing more than the account's own lock …
    for (int guess = 0; guess < 20; guess++) {
      assertThat(engineRest(victim, "spray" + guess, ATTACKER).statusCode()).isEqualTo(401);
      later(Duration.ofMinutes(5));
    }
    // … the 21st locks the machine itself: now it cannot even try a colleague's account …
    assertThat(engineRest(victim, "spray20", ATTACKER).statusCode()).isEqualTo(401);
    HttpResponse<String> sprayed = api(colleague, "Qwerty123", ATTACKER);
    assertThrottled(sprayed, body(sprayed).path("detail").asText());
    assertThat(tasklistLogin(colleague, PASSWORD, ATTACKER).statusCode()).isEqualTo(429);

    // … while the colleague, from her own desk, logs in as usual.
    assertThat(tasklistLogin(colleague, PASSWORD, "198.51.100.250").statusCode()).isEqualTo(200);

    // The machine's lock doubles as it keeps failing, and ends by itself.
    later(Duration.ofSeconds(5));
    assertThat(engineRest(colleague, "spray21", ATTACKER).statusCode()).isEqualTo(401);
    HttpResponse<String> doubled = engineRest(colleague, PASSWORD, ATTACKER);
    assertThat(doubled.headers().firstValue("Retry-After")).contains("10");
    later(Duration.ofSeconds(10));
    assertThat(engineRest(colleague, PASSWORD, ATTACKER).statusCode()).isEqualTo(200);
  }

  @Test
  void anAdministratorUnlocksAtOnceEvenTheSharedOfficeAddress() throws Exception {
    // Someone in her office guesses: her account and the office's address are both locked.
    for (int guess = 0; guess < 21; guess++) {
      engineRest(victim, "office" + guess, victimOffice);
      later(Duration.ofMinutes(5));
    }
    assertThat(engineRest(victim, "office-last", victimOffice).statusCode()).isEqualTo(401);
    assertThat(tasklistLogin(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(429);

    // What Camunda Admin's «Разблокировать» sends.
    HttpResponse<String> unlock =
        http.send(
            basic("/engine-rest/user/" + victim + "/unlock", "admin", "demo", "192.0.2.1")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(204);

    assertThat(tasklistLogin(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(200);
  }

  @Test
  void aBurstOfParallelGuessesFromManyAddressesGetsNoMoreTriesThanOneByOne() throws Exception {
    int parallel = 40;
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      burst.add(
          http.sendAsync(
              basic("/engine-rest/task/count", victim, "burst" + i, "192.0.2." + (i + 1)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    Map<Integer, Long> statuses = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> answer : burst) {
      statuses.merge(answer.get(60, TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
    }

    // Only a checked password answers 401: three free failures and the one that locks, never more.
    assertThat(statuses.keySet()).as("%s", statuses).containsOnly(401, 429);
    assertThat(statuses.get(401)).as("%s", statuses).isBetween(1L, 4L);
  }

  @Test
  void parallelRequestsWithTheRightPasswordAreNeverThrottled() throws Exception {
    // A REST client sends Basic with every request, many at once (the fault tests' engine client,
    // Camunda Modeler, a school's own scripts): none of them may wait for a «turn» as a guesser would.
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      burst.add(http.sendAsync(basic("/engine-rest/task/count", victim, PASSWORD, victimOffice).build(), HttpResponse.BodyHandlers.ofString()));
    }
    Map<Integer, Long> statuses = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> answer : burst) {
      statuses.merge(answer.get(60, TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
    }
    assertThat(statuses).isEqualTo(Map.of(200, 24L));
  }

  @Test
  void aSignedInColleagueCannotGuessThroughTheEngineRestPasswordCheck() throws Exception {
    // POST /engine-rest/identity/verify checks any user's password for any signed-in caller.
    for (int guess = 0; guess < 4; guess++) {
      HttpResponse<String> verify = verify(colleague, victim, "guess" + guess);
      assertThat(verify.statusCode()).isEqualTo(200);
      assertThat(body(verify).path("authenticated").asBoolean()).isFalse();
    }
    HttpResponse<String> refused = verify(colleague, victim, PASSWORD);
    assertThrottled(refused, body(refused).path("message").asText());
    assertThat(engineRest(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(429);
  }

  private HttpResponse<String> verify(String caller, String user, String password) throws Exception {
    String json = JSON.writeValueAsString(Map.of("username", user, "password", password));
    return http.send(
        basic("/engine-rest/identity/verify", caller, PASSWORD, "198.51.100.251")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLockedManagerGetsNoNewLeadsUntilTheLockEnds() throws Exception {
    String funnel = "t-lock-" + ThreadLocalRandom.current().nextInt(1_000_000);
    for (int guess = 0; guess < 4; guess++) {
      engineRest(victim, "guess" + guess, ATTACKER);
    }
    assertThat(engineRest(victim, PASSWORD, victimOffice).statusCode()).isEqualTo(429);

    assertThat(distribution.availableManagers()).doesNotContain(victim).contains(colleague);
    assertThat(distribution.pickManager(funnel, now)).isPresent().get().isNotEqualTo(victim);

    later(Duration.ofSeconds(5));
    assertThat(distribution.availableManagers()).contains(victim);
    assertThat(distribution.pickManager(funnel, now)).contains(victim);
  }
}
