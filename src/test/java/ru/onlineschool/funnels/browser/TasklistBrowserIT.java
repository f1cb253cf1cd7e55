package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.BulkTasks;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.TestProcess;

/** A manager and the head of sales log into the real Tasklist in Chromium. */
@ApplicationTest
class TasklistBrowserIT {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

  private static JsonNode russian;

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;
  @Autowired AuthorizationService authorizations;
  @Autowired JdbcTemplate jdbc;
  @Autowired RepositoryService repository;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void deployTestProcess(@Autowired RepositoryService repository, @Autowired AuthorizationService authorizations) {
    TestProcess.deploy(repository, authorizations);
  }

  @BeforeAll
  static void readTranslation() throws Exception {
    try (InputStream in =
        TasklistBrowserIT.class.getResourceAsStream("/META-INF/resources/webjars/camunda/app/tasklist/locales/ru.json")) {
      russian = new ObjectMapper().readTree(in).get("labels");
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  private void logIn(String user) {
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm'] input[type='text']")));
    WebElement password = driver.findElement(By.cssSelector("form[name='signinForm'] input[type='password']"));
    WebElement signIn = driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']"));
    assertThat(username.getAttribute("placeholder")).isEqualTo(label("PAGE_LOGIN_USERNAME"));
    assertThat(password.getAttribute("placeholder")).isEqualTo(label("PAGE_LOGIN_PASSWORD"));
    assertThat(signIn.getText()).isEqualTo(label("PAGE_LOGIN_SIGN_IN_ACTION")).isNotEqualTo("Log in");
    username.sendKeys(user);
    password.sendKeys("demo");
    signIn.click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Мои задачи"));
  }

  private static String label(String key) {
    return russian.get(key).asText();
  }

  private String bodyText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  @Test
  void aManagerSeesTasklistInRussianWithHerFiltersAndNoEndOfLifeBanner() throws Exception {
    logIn("manager1");

    String text = bodyText();
    // Seed 003 (issue 15): the department's filter too — a manager sees a colleague's tasks.
    assertThat(text).contains("Мои задачи", "Задачи группы", "Просроченные", "На сегодня", "Все задачи отдела");
    assertThat(text).doesNotContain("It is time to migrate", "Camunda 8");
    assertThat(driver.findElements(By.cssSelector(".ce-eol-banner")))
        .allSatisfy(banner -> assertThat(banner.isDisplayed()).isFalse());
    assertThat(text).doesNotContain("Filters", "Tasks", "Start process");
    Browser.screenshot(driver, "tasklist-manager1");
  }

  @Test
  void datesAreShownInTheSchoolsTimeZoneWhateverTheBrowsersZone() throws Exception {
    long contact = deals.createContact(new NewContact("Пётр Часовой", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance =
        runtime.startProcessInstanceByKey("stage-listener-test", String.valueOf(deal), Map.of("responsible", "manager2")).getId();
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    // 09:00 UTC is 12:00 in Moscow; the browser itself runs in UTC.
    task.setDueDate(Date.from(Instant.parse("2031-03-14T09:00:00Z")));
    // A follow-up an hour ago: "час назад" and overdue, whichever zone the wall clock is read in.
    Instant followUp = Instant.now().minus(Duration.ofMinutes(70)).truncatedTo(ChronoUnit.MINUTES);
    task.setFollowUpDate(Date.from(followUp));
    tasks.saveTask(task);
    String followUpInMoscow = ", " + HOURS_MINUTES.format(followUp.atZone(MOSCOW));
    String followUpInUtc = ", " + HOURS_MINUTES.format(followUp.atZone(ZoneOffset.UTC));

    logIn("manager2");
    WebElement listDue =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tasks-list .task .due-date [am-time-ago]")));
    WebElement listFollowUp = driver.findElement(By.cssSelector(".tasks-list .task .followup-date [am-time-ago]"));
    // The task list shows "через …" and the exact due date in its tooltip.
    assertThat(listDue.getAttribute("uib-tooltip")).isEqualTo("пятница, 14 марта 2031, 12:00");
    assertThat(listFollowUp.getAttribute("uib-tooltip")).endsWith(followUpInMoscow).doesNotEndWith(followUpInUtc);
    assertThat(listFollowUp.getText()).isEqualTo("час назад");
    assertThat(driver.findElement(By.cssSelector(".tasks-list .task .followup-date")).getAttribute("class")).contains("overdue");
    // Read now: opening the task may redraw the list, and the element would be gone.
    String listDueText = listDue.getText();

    driver.findElement(By.cssSelector(".tasks-list .task a")).click();
    // The task's header: the same dates, but Tasklist turns them into wall-clock strings for its date picker.
    WebElement detailDue =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasklist-task-meta] .due-date [am-time-ago]")));
    WebElement detailFollowUp = driver.findElement(By.cssSelector("[cam-tasklist-task-meta] .followup-date [am-time-ago]"));
    Browser.screenshot(driver, "tasklist-due-date");
    String shown = (String) driver.executeScript("return document.body.innerHTML;");
    java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("tasklist-due-date.html"), shown);
    assertThat(detailDue.getAttribute("uib-tooltip")).isEqualTo("пятница, 14 марта 2031, 12:00");
    assertThat(detailDue.getText()).isEqualTo(listDueText);
    assertThat(detailFollowUp.getAttribute("uib-tooltip")).endsWith(followUpInMoscow).doesNotEndWith(followUpInUtc);
    assertThat(detailFollowUp.getText()).isEqualTo("час назад");
    assertThat(driver.findElement(By.cssSelector("[cam-tasklist-task-meta] .followup-date")).getAttribute("class"))
        .contains("overdue");
    assertThat(driver.findElement(By.cssSelector("[cam-tasklist-task-meta] .due-date")).getAttribute("class"))
        .doesNotContain("overdue");
    assertThat(shown).doesNotContain("14 марта 2031, 09:00");

    // The date picker opens at 12:00 Moscow time; 13:30 picked there is saved as 13:30 Moscow time.
    // Managers only work tasks (TASK_WORK); changing a due date needs UPDATE, granted here for this task.
    Authorization update = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    update.setUserId("manager2");
    update.setResource(Resources.TASK);
    update.setResourceId(task.getId());
    update.addPermission(Permissions.UPDATE);
    authorizations.saveAuthorization(update);
    detailDue.click();
    WebElement hours =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".cam-widget-inline-field.field-control .uib-time.hours input")));
    WebElement minutes = driver.findElement(By.cssSelector(".cam-widget-inline-field.field-control .uib-time.minutes input"));
    assertThat(hours.getAttribute("value")).isEqualTo("12");
    assertThat(minutes.getAttribute("value")).isEqualTo("00");
    hours.clear();
    hours.sendKeys("13");
    minutes.clear();
    minutes.sendKeys("30");
    driver.findElement(By.cssSelector(".cam-widget-inline-field.btn-group button[ng-click^='applyChange']")).click();
    wait.until(
        d -> Instant.parse("2031-03-14T10:30:00Z").equals(tasks.createTaskQuery().taskId(task.getId()).singleResult().getDueDate().toInstant()));
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("[cam-tasklist-task-meta] .due-date [am-time-ago]"), "uib-tooltip", "пятница, 14 марта 2031, 13:30"));
    // Saving the due date sends the follow-up date back too; it must not move.
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getFollowUpDate().toInstant()).isEqualTo(followUp);
    Browser.screenshot(driver, "tasklist-due-date-edited");
  }

  @Test
  void theListIsInTheRegulationsOrderTheLabelSaysSoAndAnOverdueTaskIsMarked() throws Exception {
    long contact = deals.createContact(new NewContact("Пётр Просрочкин", TestPhones.unique(), null, null), Instant.now());
    long deal = deals.createDeal(new NewDeal("course-sale", contact, null, null, null), Instant.now());
    String instance =
        runtime
            .startProcessInstanceByKey("stage-listener-test", String.valueOf(deal), Map.of("responsible", "manager3", "clientName", "Пётр Просрочкин"))
            .getId();
    Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    task.setPriority(1000);
    task.setDueDate(Date.from(Instant.now().minus(Duration.ofHours(2))));
    tasks.saveTask(task);

    logIn("manager3");

    WebElement sorting = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-sorting-choices]")));
    wait.until(ExpectedConditions.textToBePresentInElement(sorting, label("PRIORITY")));
    assertThat(sorting.getText()).contains(label("PRIORITY"), label("DUE_DATE")).doesNotContain(label("CREATION_DATE"));
    WebElement first = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tasks-list .task")));
    wait.until(ExpectedConditions.textToBePresentInElement(first, "Пётр Просрочкин"));
    WebElement due = first.findElement(By.cssSelector(".due-date"));
    assertThat(due.getAttribute("class")).contains("overdue");
    assertThat(due.getCssValue("color")).isEqualTo("rgba(198, 40, 40, 1)");
    assertThat(first.getCssValue("border-left-color")).isEqualTo("rgba(198, 40, 40, 1)");
    Browser.screenshot(driver, "tasklist-order-overdue");
  }

  @Test
  void theHeadOfSalesAlsoSeesAllTasksOfTheDepartment() throws Exception {
    logIn("rop");

    assertThat(bodyText()).contains("Все задачи отдела", "Мои задачи");
    Browser.screenshot(driver, "tasklist-rop");
  }

  @Test
  void aFilterWithMoreThanAThousandTasksSaysSoInItsBadgeAndStillShowsTheFirstPage() throws Exception {
    // Issue 15: a filter counts up to 1,001 (engine/FilterCountBound); the badge says «1000+».
    BulkTasks bulk = new BulkTasks(jdbc, repository);
    try {
      bulk.write(1_050, "manager2", Instant.now().plus(Duration.ofDays(1)));

      logIn("manager2");

      // The badge of the filter shown («Мои задачи»); the other filters' badges are hidden.
      WebElement counter = wait.until(d -> d.findElements(By.cssSelector(".counter")).stream()
          .filter(WebElement::isDisplayed).filter(e -> e.getText().equals("1000+")).findFirst().orElse(null));
      assertThat(counter.getAttribute("title")).contains("больше 1000");
      // The search bar over the list shows the same total.
      assertThat(driver.findElement(By.cssSelector(".total-results")).getText()).isEqualTo("1000+");
      // The first page in the regulation's order, and a pager over the 1,001 counted.
      assertThat(driver.findElements(By.cssSelector(".tasks-list > li.task"))).hasSize(15);
      assertThat(driver.findElements(By.cssSelector("ul.pagination li"))).isNotEmpty();
      Browser.screenshot(driver, "tasklist-more-than-a-thousand");
    } finally {
      bulk.remove();
    }
  }
}
