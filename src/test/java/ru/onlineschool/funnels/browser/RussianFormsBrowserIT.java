package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
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
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.CourseDeliveries;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * A manager works a form in a browser whose clock is on UTC and whose language is English
 * ({@link Browser}): the form speaks Russian, the calendar is Russian and starts on Monday, and
 * «18:00» typed for a call-back is 18:00 in Moscow, the school's zone. A curator's task of «Ведение
 * курса» the same: Russian, its due date in Moscow time, the days he types kept as typed.
 */
@ApplicationTest
class RussianFormsBrowserIT {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final DateTimeFormatter TYPED_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  /** Tasklist's tooltip of a due date: «пятница, 14 марта 2031, 12:00». */
  private static final DateTimeFormatter TASKLIST_DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy, HH:mm", Locale.forLanguageTag("ru"));
  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;

  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void setUp() throws Exception {
    MANAGERS.forEach(m -> distribution.setAvailability(m, m.equals("manager1"), "test", Instant.now()));
  }

  private void openBrowser(String timeZone, String language) throws Exception {
    driver = Browser.start(timeZone, language);
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

  private WebElement field(String label, String input) {
    return driver.findElement(By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'" + label + "')]]//" + input));
  }

  /** The date or the time input of the call-back field. */
  private WebElement callBack(String picker) {
    return driver.findElement(
        By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'Когда перезвонить')]]//div[contains(@class,'" + picker + "')]//input"));
  }

  private String formText() {
    return driver.findElement(By.cssSelector(".fjs-container")).getText();
  }

  /**
   * The same form in a browser on UTC in English, on Moscow time in Russian and on Vladivostok time
   * (Moscow + 7) in Russian: «18:00» is 18:00 in Moscow every time.
   */
  @ParameterizedTest(name = "{1}, {2}")
  @CsvSource({"Вера Часовая, UTC, en-US", "Вера Московская, Europe/Moscow, ru-RU", "Вера Восточная, Asia/Vladivostok, ru-RU"})
  void aCallBackTypedInAnyBrowserIsScheduledInMoscowTimeAndTheFormSpeaksRussian(String client, String timeZone, String language)
      throws Exception {
    openBrowser(timeZone, language);
    long dealId = postLead(client);
    Browser.logInToTasklist(driver, wait, port, "manager1");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'" + client + "')]]//h4/a"))).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Скрипт приветствия"));

    // Checkbox labels lead with Russian; the tag follows in parentheses.
    assertThat(formText()).contains("пробный урок выдан (trial_lesson)").doesNotContain("trial_lesson —");

    // Completing with nothing filled in: form-js's own checks, in Russian.
    driver.findElement(By.xpath("//button[normalize-space()='Завершить']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form-field-error")));
    wait.until(d -> formText().contains("Поле обязательно для заполнения."));
    assertThat(formText()).doesNotContain("Field is required", "Field must");
    Browser.screenshot(driver, "forms-required-ru");
    // A fresh form for the rest, as after opening the task again.
    driver.navigate().refresh();
    form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Скрипт приветствия"));

    driver.findElement(By.xpath("//label[contains(., 'Просил перезвонить в другое время')]")).click();
    WebElement date = wait.until(d -> callBack("fjs-datepicker"));
    WebElement time = callBack("fjs-timepicker");
    assertThat(date.getAttribute("placeholder")).isEqualTo("дд.мм.гггг");
    assertThat(time.getAttribute("placeholder")).isEqualTo("чч:мм");

    // The calendar: Russian months and days, the week starts on Monday.
    date.click();
    WebElement calendar = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-datepicker .flatpickr-calendar.open, .flatpickr-calendar.open")));
    List<String> weekdays =
        calendar.findElements(By.cssSelector(".flatpickr-weekday")).stream().map(e -> e.getText().strip()).toList();
    assertThat(weekdays).containsExactly("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс");
    // The month shown is the browser's today; around midnight Moscow and the browser may differ by a day, not by a month name's language.
    String month = calendar.findElement(By.cssSelector(".flatpickr-monthDropdown-months option:checked")).getText();
    String browsersMonth = LocalDate.now(ZoneId.of(timeZone)).getMonth().getDisplayName(TextStyle.FULL_STANDALONE, Locale.forLanguageTag("ru"));
    assertThat(month).isEqualToIgnoringCase(browsersMonth);
    Browser.screenshot(driver, "forms-calendar-ru");

    // A date and no time yet: the field's own check, in Russian.
    LocalDate tomorrow = LocalDate.now(MOSCOW).plusDays(1);
    date.sendKeys(TYPED_DATE.format(tomorrow));
    time.click();
    field("Результат", "textarea").click();
    By callBackError = By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'Когда перезвонить')]]//div[contains(@class,'fjs-form-field-error')]");
    wait.until(d -> d.findElements(callBackError).stream().anyMatch(e -> e.getText().contains("Поле обязательно для заполнения.")));
    assertThat(date.getAttribute("value")).isEqualTo(TYPED_DATE.format(tomorrow));

    // A call-back at 18:00 tomorrow, typed in a browser on UTC, means 18:00 in Moscow.
    time.click();
    time.sendKeys("18:00");
    time.sendKeys(Keys.TAB);
    field("Результат", "textarea").sendKeys("Просила перезвонить завтра вечером");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Завершить']"))).click();

    String processInstance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    Instant expected = tomorrow.atTime(18, 0).atZone(MOSCOW).toInstant();
    Job recall;
    try {
      recall = wait.until(d -> management.createJobQuery().processInstanceId(processInstance).activityId("Event_RecallDue").singleResult());
    } catch (org.openqa.selenium.TimeoutException notCompleted) {
      Browser.screenshot(driver, "forms-call-back-not-completed");
      throw new AssertionError("the task was not completed; the page says:\n" + driver.findElement(By.tagName("body")).getText(), notCompleted);
    }
    assertThat(recall.getDuedate().toInstant()).isEqualTo(expected);
    assertThat(deals.timeline(dealId)).extracting(e -> e.text()).anyMatch(text -> text.contains("Перезвон назначен на") && text.contains("18:00"));
    Browser.screenshot(driver, "forms-call-back-scheduled");
  }

  /**
   * The curator in a browser on UTC in English and in one on Moscow time in Russian: his own task of
   * «Ведение курса» speaks Russian, its due date is shown in Moscow time, and the start date he
   * types is the day he typed, whatever the browser's zone.
   */
  @ParameterizedTest(name = "{1}, {2}")
  @CsvSource({"Кира Кураторская, UTC, en-US", "Кира Московская, Europe/Moscow, ru-RU"})
  void aCuratorWorksHisDeliveryTaskInRussianAndInTheSchoolsTime(String student, String timeZone, String language) throws Exception {
    openBrowser(timeZone, language);
    ProcessInstance delivery =
        CourseDeliveries.start(runtime, deals, student, TestPhones.unique(), null, "Python-разработчик", "ПР.01", null, null);
    Task clarify = tasks.createTaskQuery().processInstanceId(delivery.getId()).singleResult();
    assertThat(clarify.getName()).isEqualTo("Уточнить даты курса");
    assertThat(clarify.getAssignee()).isEqualTo("curator1");
    ZonedDateTime due = clarify.getDueDate().toInstant().atZone(MOSCOW);

    Browser.logInToTasklist(driver, wait, port, "curator1");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'" + student + "')]]//h4/a"))).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Уточните даты и группу"));
    assertThat(formText()).contains("Ученик: " + student, "Курс: Python-разработчик", "Преподаватель: Михайлова Ирина", "Начало: не указано · Окончание: не указано", "Даты уточнены", "Результат");

    // The due date: the school's time in the tooltip, whichever zone the browser is in.
    WebElement shownDue =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-tasklist-task-meta] .due-date [am-time-ago]")));
    wait.until(d -> shownDue.getAttribute("uib-tooltip") != null && !shownDue.getAttribute("uib-tooltip").isBlank());
    assertThat(shownDue.getAttribute("uib-tooltip")).isEqualTo(TASKLIST_DATE.format(due));
    if (!timeZone.equals("Europe/Moscow")) {
      assertThat(shownDue.getAttribute("uib-tooltip")).isNotEqualTo(TASKLIST_DATE.format(due.withZoneSameInstant(ZoneId.of(timeZone))));
    }

    // Completing with nothing filled in: form-js's own checks, in Russian.
    driver.findElement(By.xpath("//button[normalize-space()='Завершить']")).click();
    wait.until(d -> formText().contains("Поле обязательно для заполнения."));
    Browser.assertNoEnglish(driver, "curator-task-" + timeZone, Browser.ENGLISH_TASKLIST);
    Browser.screenshot(driver, "forms-curator-" + language);

    // The dates are clarified: typed as дд.мм.гггг, kept as the same days.
    driver.findElement(By.xpath("//label[contains(., 'Даты уточнены')]")).click();
    WebElement start = wait.until(d -> dateField("Дата начала обучения"));
    WebElement end = dateField("Дата окончания обучения");
    assertThat(start.getAttribute("placeholder")).isEqualTo("дд.мм.гггг");
    LocalDate startDay = LocalDate.now(MOSCOW).plusDays(30);
    LocalDate endDay = startDay.plusMonths(3);
    start.sendKeys(TYPED_DATE.format(startDay));
    start.sendKeys(Keys.TAB);
    end.sendKeys(TYPED_DATE.format(endDay));
    end.sendKeys(Keys.TAB);
    field("Группа", "input").sendKeys("ПР.02");
    field("Результат", "textarea").sendKeys("Созвонились, ученик начинает со следующим потоком");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Завершить']"))).click();

    try {
      wait.until(d -> tasks.createTaskQuery().taskId(clarify.getId()).count() == 0);
    } catch (org.openqa.selenium.TimeoutException notCompleted) {
      Browser.screenshot(driver, "forms-curator-not-completed");
      throw new AssertionError("the task was not completed; the page says:\n" + driver.findElement(By.tagName("body")).getText(), notCompleted);
    }
    assertThat(runtime.getVariable(delivery.getId(), "startDate")).isEqualTo(startDay.toString());
    assertThat(runtime.getVariable(delivery.getId(), "endDate")).isEqualTo(endDay.toString());
    long dealId = Long.parseLong(delivery.getBusinessKey());
    assertThat(deals.currentStage(dealId)).map(Stage::code).contains("SCHEDULED");
    assertThat(Browser.consoleErrors(driver)).as("errors in the curator's console").isEmpty();
  }

  /** The input of a date field, found by its label. */
  private WebElement dateField(String label) {
    return driver.findElement(
        By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'" + label + "')]]//div[contains(@class,'fjs-datepicker')]//input"));
  }

  @Test
  void aRefusedCompletionShowsItsReasonWithoutCoveringTheButtons() throws Exception {
    openBrowser("UTC", "en-US");
    postLead("Глеб Поздний");
    Browser.logInToTasklist(driver, wait, port, "manager1");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'Глеб Поздний')]]//h4/a"))).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Скрипт приветствия"));

    // A call-back yesterday: the form accepts it, the server refuses it.
    driver.findElement(By.xpath("//label[contains(., 'Просил перезвонить в другое время')]")).click();
    WebElement date = wait.until(d -> callBack("fjs-datepicker"));
    date.sendKeys(TYPED_DATE.format(LocalDate.now(MOSCOW).minusDays(1)));
    WebElement time = callBack("fjs-timepicker");
    time.click();
    time.sendKeys("10:00");
    time.sendKeys(Keys.TAB);
    field("Результат", "textarea").sendKeys("Просил перезвонить");
    driver.findElement(By.xpath("//button[normalize-space()='Завершить']")).click();

    WebElement toast = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".page-notifications .alert")));
    wait.until(d -> toast.getText().contains("Время перезвона уже прошло"));
    Browser.screenshot(driver, "forms-refused-toast");
    Rectangle shown = driver.findElement(By.cssSelector(".page-notifications")).getRect();
    for (String button : List.of("Сохранить", "Завершить")) {
      Rectangle r = driver.findElement(By.xpath("//button[normalize-space()='" + button + "']")).getRect();
      boolean overlaps =
          shown.x < r.x + r.width && r.x < shown.x + shown.width && shown.y < r.y + r.height && r.y < shown.y + shown.height;
      assertThat(overlaps).as("the toast %s covers «%s» %s", shown, button, r).isFalse();
    }
    // The buttons are still there to be pressed.
    assertThat(driver.findElement(By.xpath("//button[normalize-space()='Завершить']")).isDisplayed()).isTrue();
  }
}
