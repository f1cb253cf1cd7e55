package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** A manager and the head of sales log into the real Tasklist in Chromium. */
@ApplicationTest
class TasklistBrowserIT {

  private static JsonNode russian;

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void deployTestProcess(@Autowired RepositoryService repository) {
    repository
        .createDeployment()
        .name("stage-listener-test")
        .addClasspathResource("bpmn-test/stage-listener-test.bpmn")
        .enableDuplicateFiltering(true)
        .deploy();
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
    assertThat(text).contains("Мои задачи", "Задачи группы", "Просроченные", "На сегодня");
    assertThat(text).doesNotContain("Все задачи отдела");
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
    tasks.saveTask(task);

    logIn("manager2");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".tasks-list .task a"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".task-details, [cam-tasklist-task]"), "Обработать заявку"));
    Browser.screenshot(driver, "tasklist-due-date");

    String shown = (String) driver.executeScript("return document.body.innerHTML;");
    java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("tasklist-due-date.html"), shown);
    // The task list shows "через …" and the exact due date in its tooltip.
    assertThat(shown).contains("14 марта 2031, 12:00").doesNotContain("14 марта 2031, 09:00");
  }

  @Test
  void theHeadOfSalesAlsoSeesAllTasksOfTheDepartment() throws Exception {
    logIn("rop");

    assertThat(bodyText()).contains("Все задачи отдела", "Мои задачи");
    Browser.screenshot(driver, "tasklist-rop");
  }
}
