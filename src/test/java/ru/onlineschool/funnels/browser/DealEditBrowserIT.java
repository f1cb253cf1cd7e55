package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
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
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Изменить» and the tags in the deal card: manager1 renames the client of his deal and sets and
 * removes a manual tag, reading each change in the history; a colleague sees the same card without
 * a single control to change it.
 */
@ApplicationTest
class DealEditBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");
  static final Path SHOTS = Path.of("/work/wt/shots");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired JdbcTemplate jdbc;

  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void setUp() throws Exception {
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager1"), "test", Instant.now()));
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // The card is drawn anew after every change: an element read during the redraw is gone.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void tearDown() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
    if (driver != null) {
      driver.quit();
    }
  }

  private long postLead(String name, String phone) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body = "{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\",\"course\":\"Аналитик данных\"}";
    ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return Long.parseLong(response.getBody().replaceAll(".*\"dealId\"\\s*:\\s*(\\d+).*", "$1"));
  }

  private void shot(String name) throws Exception {
    Path file = Browser.screenshot(driver, name);
    Files.createDirectories(SHOTS);
    Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private WebElement openDealTab(String taskId) {
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + taskId);
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='Сделка']"))).click();
    WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-deal-card[data-deal-id]")));
    wait.until(ExpectedConditions.textToBePresentInElement(card, "История"));
    return card;
  }

  private WebElement card() {
    return driver.findElement(By.cssSelector(".school-deal-card[data-deal-id]"));
  }

  private String newestHistoryLine() {
    return driver.findElement(By.cssSelector(".school-deal-card ol.school-history li")).getText();
  }

  @Test
  void theManagerRenamesHisClientAndSetsAndRemovesATagAColleagueSeesNoControls() throws Exception {
    long dealId = postLead("Лидия Старикова", TestPhones.unique());
    String taskId = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult().getId();
    assertThat(deals.responsible(dealId)).contains("manager1");

    Browser.logInToTasklist(driver, wait, port, "manager1");
    openDealTab(taskId);
    driver.findElement(By.cssSelector(".school-edit-button")).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-edit-form")));
    assertThat(form.getText())
        .contains("Имя", "Телефон", "E-mail", "Предпочитает", "Часовой пояс клиента", "Удобно звонить с (по времени клиента)", "Курс", "Бюджет, ₽", "Сохранить", "Отмена");

    // A wrong e-mail is refused by the server, in Russian, under its field; nothing is saved.
    WebElement name = form.findElement(By.name("name"));
    name.clear();
    name.sendKeys("Лидия Новикова");
    form.findElement(By.name("email")).sendKeys("лидия без собаки");
    form.findElement(By.cssSelector(".school-edit-save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-edit-form"), "Некорректный адрес e-mail"));
    assertThat(jdbc.queryForObject("SELECT c.name FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?", String.class, dealId))
        .isEqualTo("Лидия Старикова");
    shot("deal-edit-error");

    form.findElement(By.name("email")).clear();
    new Select(form.findElement(By.name("preferredChannel"))).selectByVisibleText("Telegram");
    // The client's time (issue 17): his zone from the list and the time that suits him.
    new Select(form.findElement(By.name("timeZone"))).selectByVisibleText("Владивосток (UTC+10)");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].value = '18:00'", form.findElement(By.name("convenientFrom")));
    form.findElement(By.cssSelector(".school-edit-save")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".school-edit-form")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-deal-card ol.school-history"), "Лидия Новикова"));
    assertThat(card().findElement(By.cssSelector("dl.school-client")).getText())
        .contains("Лидия Новикова", "Telegram", "Владивосток (UTC+10)", "с 18:00 по его времени")
        .doesNotContain("Старикова");
    assertThat(card().getText())
        .contains(
            "Анна Смирнова Имя клиента: «Лидия Старикова» → «Лидия Новикова»",
            "Анна Смирнова Предпочтительный канал связи: не указан → Telegram",
            "Анна Смирнова Часовой пояс клиента: пояс школы → Владивосток (UTC+10)",
            "Анна Смирнова Удобное время звонка: не указано → с 18:00");
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    assertThat(runtime.getVariable(instance, "clientName")).isEqualTo("Лидия Новикова");
    shot("deal-edit-saved");

    // A manual tag from the table, with its Russian title, then removed with ×.
    new Select(card().findElement(By.cssSelector(".school-tag-select"))).selectByVisibleText("Выдан пробный урок (trial_lesson)");
    card().findElement(By.cssSelector(".school-tag-add-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-tag .school-tag-remove")));
    wait.until(d -> newestHistoryLine().contains("Тег «trial_lesson» поставлен (Выдан пробный урок)"));
    assertThat(newestHistoryLine()).contains("Анна Смирнова");
    assertThat(card().findElement(By.cssSelector(".school-tags")).getText()).contains("trial_lesson");
    shot("deal-edit-tag");
    card().findElement(By.cssSelector(".school-tag .school-tag-remove")).click();
    wait.until(d -> newestHistoryLine().contains("Тег «trial_lesson» снят (Выдан пробный урок)"));
    assertThat(card().findElements(By.cssSelector(".school-tag"))).extracting(WebElement::getText).noneMatch(t -> t.contains("trial_lesson"));
    assertThat(deals.tags(dealId)).doesNotContain("trial_lesson");

    // A colleague reads the same card and finds nothing to change in it.
    driver.manage().deleteAllCookies();
    Browser.logInToTasklist(driver, wait, port, "manager2");
    WebElement colleagues = openDealTab(taskId);
    assertThat(colleagues.getText()).contains("Лидия Новикова", "Имя клиента: «Лидия Старикова» → «Лидия Новикова»");
    assertThat(driver.findElements(By.cssSelector(".school-edit-button"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector(".school-tag-select"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector(".school-tag-remove"))).isEmpty();
    assertThat(colleagues.getText()).doesNotContain("Изменить", "Добавить тег");
    shot("deal-edit-colleague");
  }

  /** The head of sales changes a manager's deal in its card (seed 003: РОП edits everything in sales). */
  @Test
  void theHeadOfSalesChangesAManagersDealInItsCard() throws Exception {
    long dealId = postLead("Роза Курсова", TestPhones.unique());
    String taskId = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult().getId();
    assertThat(deals.responsible(dealId)).contains("manager1");

    Browser.logInToTasklist(driver, wait, port, "rop");
    openDealTab(taskId);
    driver.findElement(By.cssSelector(".school-edit-button")).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-edit-form")));
    WebElement course = form.findElement(By.name("course"));
    course.clear();
    course.sendKeys("Python-разработчик");
    form.findElement(By.cssSelector(".school-edit-save")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".school-edit-form")));
    wait.until(d -> newestHistoryLine().contains("Python-разработчик"));
    assertThat(newestHistoryLine()).contains("Ольга Орлова", "Курс: «Аналитик данных» → «Python-разработчик»");
    assertThat(jdbc.queryForObject("SELECT course FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("Python-разработчик");
    // The deal stays the manager's: the head of sales changed its data, not its owner.
    assertThat(deals.responsible(dealId)).contains("manager1");
    shot("deal-edit-rop");
  }
}
