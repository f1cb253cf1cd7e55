package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.http.HttpStatus;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The administrator and the head of sales in Cockpit, Admin and on the welcome page, in a
 * browser that runs in UTC and asks for English: everything is in Russian, there is no
 * Camunda 8 banner, and Cockpit shows times in the school's zone.
 */
@ApplicationTest
class RussianWebappsBrowserIT {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  /** Cockpit's 'normal' date as the school writes it (school-time-zone.js replaces the bundle's ISO «2026-12-04T20:44:51»). */
  private static final DateTimeFormatter COCKPIT_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;
  private ChromeDriver driver;
  private WebDriverWait wait;

  private void openBrowser(String timeZone, String language) throws Exception {
    driver = Browser.start(timeZone, language);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** In a browser on UTC in English and in one on Moscow time in Russian: the same Russian, the school's time. */
  @ParameterizedTest(name = "{0}, {1}, {2}")
  @CsvSource({"admin, UTC, en-US", "admin, Europe/Moscow, ru-RU", "rop, UTC, en-US", "rop, Europe/Moscow, ru-RU"})
  void cockpitAdminAndTheWelcomePageSpeakRussianAndShowTheSchoolsTime(String user, String timeZone, String language) throws Exception {
    openBrowser(timeZone, language);
    // A fresh lead: the newest instance of «Продажа курса», first in Cockpit's list.
    assertThat(postWithKey(rest, "/api/leads", json(lead("Вера Часовая", TestPhones.unique(), "course", "SQL"))).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    String definitionId =
        repository.createProcessDefinitionQuery().processDefinitionKey("course-sale").latestVersion().singleResult().getId();
    HistoricProcessInstance newest =
        history.createHistoricProcessInstanceQuery()
            .processDefinitionId(definitionId)
            .unfinished()
            .orderByProcessInstanceStartTime()
            .desc()
            .listPage(0, 1)
            .get(0);
    String startedInMoscow = COCKPIT_DATE.format(newest.getStartTime().toInstant().atZone(MOSCOW));
    String startedInUtc = COCKPIT_DATE.format(newest.getStartTime().toInstant().atZone(ZoneOffset.UTC));

    logInToCockpit(user);

    open("/camunda/app/cockpit/default/#/dashboard");
    waitForText("Выполняющиеся экземпляры процессов");
    assertThat(bodyText()).contains("Процессы", "Решения", "Открытые инциденты", "Определения процессов");
    assertRussianWithoutBanner(user + "-cockpit-dashboard");

    open("/camunda/app/cockpit/default/#/process-definition/" + definitionId + "/runtime");
    WebElement started = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("td.start-time")));
    wait.until(d -> !started.getText().isBlank());
    assertThat(started.getText().trim()).isEqualTo(startedInMoscow).isNotEqualTo(startedInUtc);
    assertThat(bodyText()).contains("Продажа курса", "Экземпляры процессов", "Время запуска", "Москва (UTC+3)");
    assertRussianWithoutBanner(user + "-cockpit-process-definition");

    open("/camunda/app/admin/default/#/users");
    if (user.equals("admin")) {
      waitForText("Список пользователей");
      // The header comes before the list: wait for the list itself to replace «Загрузка…».
      waitForText("Орлова");
      assertThat(bodyText()).contains("Пользователи", "Группы", "Авторизации", "Ольга", "Орлова").doesNotContain("Загрузка…");
    } else {
      // The head of sales has no access to Admin: she lands on Welcome and is told so in Russian.
      waitForText("У вас нет доступа к приложению «Admin (администрирование)»");
      assertThat(driver.getCurrentUrl()).contains("/camunda/app/welcome/default/");
    }
    assertRussianWithoutBanner(user + "-admin-users");

    open("/camunda/app/welcome/default/");
    waitForText("Приложения");
    assertThat(bodyText()).contains("Cockpit", "Задачи", "Профиль", "Сменить пароль", "Москва (UTC+3)");
    assertRussianWithoutBanner(user + "-welcome");
  }

  private void logInToCockpit(String user) {
    open("/camunda/app/cockpit/default/");
    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm'] input[type='text']")));
    assertThat(driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).getText()).isEqualTo("Войти");
    username.sendKeys(user);
    driver.findElement(By.cssSelector("form[name='signinForm'] input[type='password']")).sendKeys("demo");
    driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[cam-widget-header] .navbar-brand")));
    waitForText("Процессы");
  }

  private void open(String path) {
    driver.get("http://localhost:" + port + path);
  }

  private void waitForText(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  private String bodyText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  private void assertRussianWithoutBanner(String screenshot) throws Exception {
    Browser.screenshot(driver, "webapps-" + screenshot);
    Browser.assertNoEnglish(driver, screenshot, Browser.ENGLISH_WEBAPPS);
    assertThat(driver.findElements(By.cssSelector(".ce-eol-banner")))
        .as(screenshot + ": the Camunda 8 banner")
        .allSatisfy(banner -> assertThat(banner.isDisplayed()).isFalse());
  }
}
