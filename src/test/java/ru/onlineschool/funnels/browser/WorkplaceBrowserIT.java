package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.engine.ModelStages;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * A client calls: the manager (and the head of sales) finds her in Tasklist's header by the number
 * as the caller dictates it, sees her deal's stage and responsible, and opens the board of the funnel.
 */
@ApplicationTest
class WorkplaceBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;
  @Autowired ModelStages models;
  @Autowired DealStore deals;
  @Autowired org.camunda.bpm.engine.RepositoryService repository;

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

  /** A lead for manager1; returns its deal id. */
  private long postLead(String name, String phone) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body = "{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\",\"course\":\"Аналитик данных\"}";
    ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getBody()).contains("\"responsible\":\"manager1\"");
    return Long.parseLong(response.getBody().replaceAll(".*\"dealId\"\\s*:\\s*(\\d+).*", "$1"));
  }

  /** Deals further down the funnel, one of them standing too long in its stage. */
  private long dealsOnTheBoard() {
    Instant now = Instant.now();
    long stalled = 0;
    String[][] rows = {
      {"Ирина Долгова", "CHAT", "manager2", "Python", "45000", "12"},
      {"Олег Неспешный", "TRIAL_SCHEDULED", "manager3", "Аналитик данных", "60000", "3"},
      {"Светлана Решаева", "INVOICE_SENT", "manager1", "SQL", "32000", "1"}
    };
    for (String[] row : rows) {
      long contact = deals.createContact(new NewContact(row[0], TestPhones.unique(), null, null), now);
      long deal = deals.createDeal(new NewDeal("course-sale", contact, row[3], null, null), now);
      deals.setResponsible(deal, row[2]);
      deals.updateCourseAndBudget(deal, row[3], new BigDecimal(row[4]));
      deals.enterStage(deal, new Stage(row[1], row[1]), now.minus(Long.parseLong(row[5]), ChronoUnit.DAYS));
      if (stalled == 0) {
        stalled = deal;
        deals.addTag(deal, "подвисла", true, now);
      }
    }
    return stalled;
  }

  private String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Opens «Найти клиента», types the query and waits until the client appears. */
  private WebElement search(String query, String expectedName) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.school-find-client"))).click();
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("school-client-query")));
    input.sendKeys(query);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-search-results"), expectedName));
    return driver.findElement(By.cssSelector(".school-search-results"));
  }

  private void openBoard() {
    driver.findElement(By.cssSelector("a.school-board-link")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-ready='true'] .school-board-columns")));
  }

  private List<String> columnTitles() {
    return driver.findElements(By.cssSelector(".school-board-column h4 span:first-child")).stream().map(WebElement::getText).toList();
  }

  private List<String> modelTitles() {
    return models.of("course-sale").stream()
        .filter(s -> !s.code().equals(ModelStages.WON) && !s.code().equals(ModelStages.LOST))
        .map(Stage::title)
        .toList();
  }

  /** The deal's card on the board, scrolled into view as a person would scroll the column to read it. */
  private WebElement card(long dealId) {
    WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".school-board-card[data-deal-id='" + dealId + "']")));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", card);
    wait.until(ExpectedConditions.visibilityOf(card));
    return card;
  }

  @Test
  void theManagerFindsTheCallerByAnotherWayOfWritingHerNumberAndSeesHerOwnBoard() throws Exception {
    String phone = TestPhones.unique();
    String digits = phone.substring(2);
    long dealId = postLead("Вероника Позвонившая", phone);

    Browser.logInToTasklist(driver, wait, port, "manager1");
    String dictated = "+7 (" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6, 8) + "-" + digits.substring(8);
    WebElement results = search(dictated, "Вероника Позвонившая");
    assertThat(results.getText()).contains(phone, "Сделка № " + dealId, "Продажа курса", "Принято в работу", "Анна Смирнова", "Аналитик данных");
    assertThat(results.getText()).doesNotContain("manager1");
    Browser.screenshot(driver, "search-board-find-manager1");

    // The deal opens in the deal card's window over Tasklist.
    results.findElement(By.cssSelector("a.school-open-deal[data-deal-id='" + dealId + "']")).click();
    WebElement window = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-deal-dialog")));
    wait.until(ExpectedConditions.textToBePresentInElement(window, "Вероника Позвонившая"));
    assertThat(window.getText()).contains("Сделка №" + dealId, "Принято в работу", "Анна Смирнова", "Следующая задача: «Обработать заявку»");
    Browser.screenshot(driver, "search-board-card-manager1");
    window.findElement(By.cssSelector("button.school-deal-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".school-deal-dialog")));

    openBoard();
    assertThat(columnTitles()).isEqualTo(modelTitles());
    assertThat(new Select(driver.findElement(By.name("responsible"))).getFirstSelectedOption().getText()).isEqualTo("Анна Смирнова (мои)");
    WebElement card = card(dealId);
    assertThat(card.getText()).contains("Вероника Позвонившая", "Аналитик данных", "Анна Смирнова", "В этапе с сегодняшнего дня", "Обработать заявку — ");
    // Every card on her board is hers; cards outside the visible part of a column count too
    // (Selenium's getText() is empty for them), so the card's text is read from the page.
    assertThat(driver.findElements(By.cssSelector(".school-board-card")))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getDomProperty("textContent")).contains("Анна Смирнова"));
    Browser.screenshot(driver, "search-board-board-manager1");
  }

  @Test
  void theHeadOfSalesFindsTheCallerAndSeesEveryonesBoard() throws Exception {
    String phone = TestPhones.unique();
    String digits = phone.substring(2);
    long dealId = postLead("Жанна Перезвонова", phone);
    long stalled = dealsOnTheBoard();

    Browser.logInToTasklist(driver, wait, port, "rop");
    String dictated = digits.substring(0, 3) + " " + digits.substring(3, 6) + "-" + digits.substring(6, 8) + "-" + digits.substring(8);
    WebElement results = search(dictated, "Жанна Перезвонова");
    assertThat(results.getText()).contains("Продажа курса", "Принято в работу", "Анна Смирнова");
    Browser.screenshot(driver, "search-board-find-rop");

    // A query too short for the search gets a word, not an error page.
    WebElement input = driver.findElement(By.name("school-client-query"));
    input.clear();
    input.sendKeys("916 12");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-search-status"), "не распознан"));
    driver.findElement(By.cssSelector(".school-find-client-modal .modal-footer button")).click();

    openBoard();
    assertThat(columnTitles()).isEqualTo(modelTitles());
    assertThat(new Select(driver.findElement(By.name("responsible"))).getFirstSelectedOption().getText()).isEqualTo("Все ответственные");
    assertThat(text()).contains("Доска сделок", "Продажа курса");
    // The newest lead stands last in «Принято в работу»; «ещё» brings it if the first page is full.
    By cardOfDeal = By.cssSelector(".school-board-card[data-deal-id='" + dealId + "']");
    WebElement accepted = driver.findElement(By.cssSelector(".school-board-column[data-stage='ACCEPTED']"));
    while (driver.findElements(cardOfDeal).isEmpty()) {
      WebElement more = accepted.findElement(By.cssSelector("button.school-more"));
      assertThat(more.isDisplayed()).as("«ещё» while the deal is not shown").isTrue();
      int before = accepted.findElements(By.cssSelector(".school-board-card")).size();
      more.click();
      wait.until(d -> accepted.findElements(By.cssSelector(".school-board-card")).size() > before);
    }
    assertThat(card(dealId).getText()).contains("Жанна Перезвонова", "Анна Смирнова");
    assertThat(card(stalled).getText()).contains("Ирина Долгова", "Python · 45 000 ₽", "Игорь Петров", "В этапе 12 дней", "подвисла");
    Browser.screenshot(driver, "search-board-board-rop");
  }

  /**
   * Tasklist offers «Создать задачу» and «Запустить процесс» to everyone, and the engine refuses a
   * manager both: a task without a deal and a funnel started by hand are not his to make (tasks on
   * a deal are set in its card). The header shows only what the engine allows the user and what
   * has something to offer.
   */
  @Test
  void theHeaderOffersOnlyWhatTheEngineAllowsTheUser() throws Exception {
    Browser.logInToTasklist(driver, wait, port, "manager1");
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "data-school-navbar", "checked"));
    assertThat(driver.findElement(By.cssSelector("a.school-find-client")).isDisplayed()).isTrue();
    assertThat(driver.findElements(By.cssSelector(".create-task-action, .start-process-action")))
        .isNotEmpty()
        .allSatisfy(action -> assertThat(action.isDisplayed()).as(action.getText()).isFalse());
    assertThat(driver.findElement(By.cssSelector("[cam-widget-header]")).getText()).doesNotContain("Создать задачу", "Запустить процесс");
    Browser.screenshot(driver, "navbar-manager1");

    driver.manage().deleteAllCookies();
    Browser.logInToTasklist(driver, wait, port, "admin");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".create-task-action")));
    // The administrator may create a task. «Запустить процесс» only if some deployed process may be
    // started from Tasklist: none of the school's funnels (isStartableInTasklist is false, deals come
    // from intake), though a test's own process may be deployed beside them.
    String header = driver.findElement(By.cssSelector("[cam-widget-header]")).getText();
    assertThat(header).contains("Создать задачу");
    boolean startable = repository.createProcessDefinitionQuery().latestVersion().active().startableInTasklist().count() > 0;
    assertThat(header.contains("Запустить процесс")).as("«Запустить процесс» for the administrator").isEqualTo(startable);
    assertThat(repository.createProcessDefinitionQuery().latestVersion().startableInTasklist().list())
        .noneMatch(definition -> List.of("course-sale", "course-delivery", "webinar", "reanimation", "stalled-deals").contains(definition.getKey()));
  }
}
