package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
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
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.MessageJobs;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** A lead from the website reaches manager1's Tasklist, and she works it in Russian. */
@ApplicationTest
class LeadInTasklistBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired ManagementService management;
  @Autowired WorkingTime workingTime;
  @Autowired JdbcTemplate jdbc;

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

  private long postLead(String name) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body =
        "{\"name\":\"" + name + "\",\"phone\":\"" + TestPhones.unique() + "\",\"leadType\":\"С вебинара\",\"course\":\"Аналитик данных\",\"source\":\"вебинар\"}";
    ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return Long.parseLong(response.getBody().replaceAll(".*\"dealId\"\\s*:\\s*(\\d+).*", "$1"));
  }

  @Test
  void theManagerReadsTheGreetingChoosesNotReachedAndTheRecallIsPlannedOnWorkingTime() throws Exception {
    long dealId = postLead("Тамара Звонкова");
    // A name with markup is a name (issue 9): shown as literal text, never run or inserted as elements.
    String hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>Злой Клиент";
    postLead(hostile);

    Browser.logInToTasklist(driver, wait, port, "manager1");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();

    WebElement hostileItem =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'Злой Клиент')]]")));
    assertThat(hostileItem.getText()).contains(hostile);
    assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    assertThat(hostileItem.findElements(By.tagName("script"))).isEmpty();
    assertThat((Boolean) driver.executeScript("try { return window.switchedToAlert === undefined && !document.querySelector('li.task img'); } catch (e) { return false; }")).isTrue();
    assertThat(ExpectedConditions.alertIsPresent().apply(driver)).as("no alert opened").isNull();

    // The list shows the client's name in the «Клиент» column; open her task.
    WebElement item =
        wait.until(ExpectedConditions.elementToBeClickable(
            By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'Тамара Звонкова')]]//h4/a")));
    assertThat(item.getText()).isEqualTo("Обработать заявку");
    item.click();

    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Скрипт приветствия"));
    assertThat(form.getText()).contains("Мне передали, что вы интересовались нашим курсом", "Тамара Звонкова", "Аналитик данных");
    Browser.screenshot(driver, "lead-form-manager1");

    driver.findElement(By.xpath("//label[contains(., 'Не дозвонился')]")).click();
    WebElement result = driver.findElement(By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'Результат')]]//textarea"));
    result.sendKeys("Не взяла трубку, перезвоню по регламенту");
    Instant completedAround = Instant.now();
    driver.findElement(By.xpath("//button[normalize-space()='Завершить']")).click();

    wait.until(driver -> deals.currentStage(dealId).map(Stage::code).orElse("").equals("NOT_REACHED"));
    assertThat(deals.currentStage(dealId)).contains(new Stage("NOT_REACHED", "Не дозвонились"));
    String processInstance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    // «Сообщение клиенту: не смогли дозвониться» runs in a job of its own (the executor is off in tests).
    MessageJobs.run(management, processInstance);
    Job recall = management.createJobQuery().processInstanceId(processInstance).activityId("Event_RecallDue").singleResult();
    assertThat(recall).isNotNull();
    Instant expected = workingTime.plus(completedAround, "PT3H");
    assertThat(Duration.between(expected, recall.getDuedate().toInstant()).abs()).isLessThan(Duration.ofMinutes(2));
    assertThat(deals.timeline(dealId)).extracting(e -> e.text()).contains("«Обработать заявку»: Не взяла трубку, перезвоню по регламенту");
    Browser.screenshot(driver, "lead-completed-manager1");
  }
}
