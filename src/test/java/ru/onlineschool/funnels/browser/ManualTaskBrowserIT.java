package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Поставить задачу» in the deal's tab: manager1, with the browser in UTC, sets a task for tomorrow
 * 10:00 on his deal in «Ведётся переписка» and finds it in «Мои задачи» due at 10:00 Moscow time.
 */
@ApplicationTest
class ManualTaskBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");
  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void setUp() throws Exception {
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager1"), "test", Instant.now()));
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
    if (driver != null) {
      driver.quit();
    }
  }

  /** A lead of manager1 whose first call ended in a messenger chat: stage «Ведётся переписка». */
  private long dealInChat(String name) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body = "{\"name\":\"" + name + "\",\"phone\":\"" + TestPhones.unique() + "\",\"course\":\"Аналитик данных\"}";
    ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long dealId = Long.parseLong(response.getBody().replaceAll(".*\"dealId\"\\s*:\\s*(\\d+).*", "$1"));
    Task processLead = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult();
    tasks.complete(processLead.getId(), Map.of("outcome", "CHAT", "result", "Клиентка ответила в Telegram"));
    MessageJobs.run(management, processLead.getProcessInstanceId());
    assertThat(deals.currentStage(dealId).map(Stage::code)).contains("CHAT");
    return dealId;
  }

  @Test
  void theManagerSetsATaskForTomorrowAt10AndFindsItInHisTasksDueAt10MoscowTime() throws Exception {
    long dealId = dealInChat("Инна Планова");
    String chatTask = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).taskDefinitionKey("Activity_ChatNextStep").singleResult().getId();
    LocalDate tomorrow = LocalDate.now(MOSCOW).plusDays(1);
    String shownDay = tomorrow.format(DateTimeFormatter.ofPattern("dd.MM.yyyy"));

    Browser.logInToTasklist(driver, wait, port, "manager1");
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + chatTask);
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='Сделка']"))).click();
    WebElement open = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".school-deal-card[data-deal-id='" + dealId + "'] .school-manual-open")));
    assertThat(open.getText()).isEqualTo("Поставить задачу");
    open.click();

    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-manual-task-form")));
    assertThat(form.getText()).contains("Что сделать", "Дата", "Время (по Москве)");
    WebElement date = form.findElement(By.cssSelector("input.school-manual-date"));
    WebElement time = form.findElement(By.cssSelector("input.school-manual-time"));
    // The form offers tomorrow 10:00 in the school's zone, though the browser runs in UTC.
    assertThat(date.getAttribute("value")).isEqualTo(tomorrow.toString());
    assertThat(time.getAttribute("value")).isEqualTo("10:00");
    // The empty text is refused in the browser, before any request.
    form.findElement(By.cssSelector(".school-manual-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Заполните, что сделать, дату и время."));

    form.findElement(By.cssSelector("textarea.school-manual-text")).sendKeys("Перезвонить: обещала решить до обеда");
    form.findElement(By.cssSelector(".school-manual-submit")).click();

    WebElement done = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-manual-task .alert-success")));
    assertThat(done.getText())
        .isEqualTo("Задача «По договорённости: Перезвонить: обещала решить до обеда» поставлена на " + shownDay
            + " 10:00 — она в «Мои задачи» у ответственного.");
    WebElement card = driver.findElement(By.cssSelector(".school-deal-card[data-deal-id='" + dealId + "']"));
    wait.until(ExpectedConditions.textToBePresentInElement(card, "Поставлена задача на " + shownDay + " 10:00: «Перезвонить: обещала решить до обеда»"));
    Browser.screenshot(driver, "manual-task-set");

    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();
    WebElement item =
        wait.until(ExpectedConditions.visibilityOfElementLocated(
            By.xpath("//li[contains(@class,'task')][.//h4[contains(., 'По договорённости: Перезвонить: обещала решить до обеда')]]")));
    assertThat(item.getText()).contains("Инна Планова");
    String tooltip = item.findElement(By.cssSelector(".due-date [am-time-ago]")).getAttribute("uib-tooltip");
    String expected = tomorrow.atTime(10, 0).format(DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy, HH:mm", Locale.forLanguageTag("ru")));
    assertThat(tooltip).isEqualTo(expected);
    Browser.screenshot(driver, "manual-task-in-my-tasks");

    Task manual = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).taskDefinitionKey("Activity_ManualTask").singleResult();
    assertThat(manual.getAssignee()).isEqualTo("manager1");
    assertThat(manual.getDueDate().toInstant()).isEqualTo(tomorrow.atTime(10, 0).atZone(MOSCOW).toInstant());
  }
}
