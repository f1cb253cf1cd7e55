package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.CourseDeliveries;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Every page a manager, a curator, the head of sales and the administrator open — the login page,
 * Tasklist with a task and each of its tabs, Cockpit and Admin where they have them (and where they
 * do not), the reports, Welcome — in a browser on UTC in English and on Moscow time in Russian —
 * leaves the browser's console free of errors: no failed request (404 of the login probe, of
 * /camunda-welcome, of the task's comments, of /favicon.ico, of the password policy, 403 of the
 * reports) and no script error. None of these pages shows one of Camunda's English labels.
 */
@ApplicationTest
class ConsoleErrorsBrowserIT {

  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;
  @Autowired TaskService tasks;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;

  private ChromeDriver driver;
  private WebDriverWait wait;
  private final List<String> errors = new ArrayList<>();

  private void openBrowser(String timeZone, String language) throws Exception {
    driver = Browser.start(timeZone, language);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** A student whose course dates the curator has to clarify: curator1's «Уточнить даты курса». */
  private String curatorTask(String student) {
    ProcessInstance delivery =
        CourseDeliveries.start(runtime, deals, student, TestPhones.unique(), null, "Python-разработчик", "ПР.01", null, null);
    Task task = tasks.createTaskQuery().processInstanceId(delivery.getId()).singleResult();
    assertThat(task.getAssignee()).as("the curator of %s", student).isEqualTo("curator1");
    return task.getId();
  }

  /** A fresh lead for manager1: its «Обработать заявку» task. */
  private String leadTask(String name) {
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager1"), "test", Instant.now()));
    try {
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      headers.set("X-Api-Key", "demo-intake-key");
      String body =
          "{\"name\":\"" + name + "\",\"phone\":\"" + TestPhones.unique() + "\",\"leadType\":\"С вебинара\",\"course\":\"Аналитик данных\",\"source\":\"вебинар\"}";
      ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      long dealId = Long.parseLong(response.getBody().replaceAll(".*\"dealId\"\\s*:\\s*(\\d+).*", "$1"));
      String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
      Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
      return task.getId();
    } finally {
      MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
    }
  }

  private void open(String path) {
    driver.get("http://localhost:" + port + path);
  }

  /**
   * Lets the page finish its requests — until no request has ended for {@link #QUIET_MILLIS}, at
   * most {@link #SETTLE_MAX_MILLIS} — then keeps what the console says under the page's name.
   */
  private void settle(String page) throws InterruptedException {
    wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    long deadline = System.currentTimeMillis() + SETTLE_MAX_MILLIS;
    long seen = -1;
    long quietSince = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      long requests = ((Number) driver.executeScript("return performance.getEntriesByType('resource').length")).longValue();
      if (requests != seen) {
        seen = requests;
        quietSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - quietSince >= QUIET_MILLIS) {
        break;
      }
      Thread.sleep(100);
    }
    Browser.consoleErrors(driver).forEach(error -> errors.add(page + ": " + error));
  }

  /** A page is done when no request of it has ended for this long (the webapps load in bursts). */
  private static final long QUIET_MILLIS = 1000;
  private static final long SETTLE_MAX_MILLIS = 8000;

  private void logIn(String user) {
    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm'] input[type='text']")));
    username.sendKeys(user);
    driver.findElement(By.cssSelector("form[name='signinForm'] input[type='password']")).sendKeys("demo");
    driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
  }

  /** Each role in a browser on UTC in English and in one on Moscow time in Russian. */
  @ParameterizedTest(name = "{0}, {1}, {2}")
  @CsvSource({
    "manager1, UTC, en-US",
    "manager1, Europe/Moscow, ru-RU",
    "rop, UTC, en-US",
    "rop, Europe/Moscow, ru-RU",
    "admin, Europe/Moscow, ru-RU",
    "admin, UTC, en-US",
    "curator1, UTC, en-US",
    "curator1, Europe/Moscow, ru-RU"
  })
  void noPageLeavesAnErrorInTheConsole(String user, String timeZone, String language) throws Exception {
    openBrowser(timeZone, language);
    boolean curator = user.equals("curator1");
    String task = curator ? curatorTask("Консоль " + user) : leadTask("Консоль " + user);

    open("/camunda/app/tasklist/default/");
    settle("вход в Tasklist");
    logIn(user);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[cam-widget-header] .navbar-brand")));
    settle("Tasklist, список задач");

    open("/camunda/app/tasklist/default/#/?task=" + task);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-details .nav-tabs, [cam-tasklist-task] .nav-tabs")));
    settle("Tasklist, задача");
    List<WebElement> tabs = driver.findElements(By.cssSelector(".task-details .nav-tabs > li > a, [cam-tasklist-task] .nav-tabs > li > a"));
    List<String> names = tabs.stream().map(WebElement::getText).filter(name -> !name.isBlank()).toList();
    assertThat(names).as("the task's tabs").hasSizeGreaterThanOrEqualTo(3);
    for (String name : names) {
      driver.findElement(By.xpath("//*[contains(@class,'nav-tabs')]/li/a[normalize-space()='" + name.strip() + "']")).click();
      settle("Tasklist, вкладка «" + name.strip() + "»");
      Browser.assertNoEnglish(driver, "Tasklist, вкладка «" + name.strip() + "»", Browser.ENGLISH_TASKLIST);
    }
    Browser.screenshot(driver, "console-" + user + "-task");

    // Each opens the applications she has (SPEC «Users»): Cockpit for the head of sales and the
    // administrator, Admin for the administrator. One she lacks lands her on Welcome with a notice.
    if (user.equals("manager1") || curator) {
      open("/camunda/app/cockpit/default/");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "У вас нет доступа к приложению «Cockpit"));
      settle("Cockpit без доступа");
      Browser.assertNoEnglish(driver, "Cockpit без доступа", Browser.ENGLISH_WEBAPPS);
      Browser.screenshot(driver, "console-" + user + "-no-cockpit");
    }
    if (user.equals("rop") || curator) {
      open("/camunda/app/admin/default/");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "У вас нет доступа к приложению «Admin"));
      settle("Admin без доступа");
      Browser.assertNoEnglish(driver, "Admin без доступа", Browser.ENGLISH_WEBAPPS);
    }
    if (user.equals("rop") || user.equals("admin")) {
      open("/camunda/app/cockpit/default/#/dashboard");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Процессы"));
      settle("Cockpit");
      open("/camunda/app/cockpit/default/#/processes");
      settle("Cockpit, процессы");
    }
    if (user.equals("admin")) {
      open("/camunda/app/admin/default/#/users");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Пользователи"));
      settle("Admin");
    }
    // The reports: the head of sales' and the administrator's, a manager's own figures under his
    // name; a curator has none and is told so, in Russian, without a refused request.
    open("/reports");
    String title = user.equals("manager1") ? "Мои показатели — Анна Смирнова" : curator ? "Отчёты" : "Отчёты РОП";
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-title"), title));
    if (curator) {
      wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "none"));
      assertThat(driver.findElement(By.id("no-reports")).getText())
          .isEqualTo("Отчёты доступны РОП, администраторам и менеджерам (свои показатели). Ваши задачи — в Tasklist.");
      assertThat(driver.findElement(By.id("viewer")).getText()).isEqualTo("Елена Васильева");
      assertThat(driver.findElement(By.id("filters")).isDisplayed()).as("the report filters").isFalse();
      assertThat(driver.findElement(By.id("reports")).isDisplayed()).as("the empty charts").isFalse();
      assertThat(driver.findElement(By.id("cockpit-link")).isDisplayed()).as("the link to Cockpit").isFalse();
    }
    settle("Отчёты");
    Browser.assertNoEnglish(driver, "Отчёты", Browser.ENGLISH_WEBAPPS);
    Browser.screenshot(driver, "console-" + user + "-reports");

    open("/camunda/app/welcome/default/");
    settle("Welcome");
    Browser.assertNoEnglish(driver, "Welcome", Browser.ENGLISH_WEBAPPS);
    Browser.screenshot(driver, "console-" + user + "-welcome");

    assertThat(errors).as("errors in the browser console of %s", user).isEmpty();
  }

  @Test
  void theSchoolHasAFavicon() {
    ResponseEntity<byte[]> icon = rest.getForEntity("/favicon.ico", byte[].class);
    assertThat(icon.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(icon.getHeaders().getContentType().toString()).startsWith("image/");
    // An ICO file: reserved 0, type 1 (icon).
    assertThat(icon.getBody()).startsWith(new byte[] {0, 0, 1, 0});
  }
}
