package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The select «Причина отказа» in Tasklist shows the reasons of the table «Причины отказа»: the
 * form has no list of its own, Tasklist's form-js reads the task's variable ({@code valuesKey}),
 * and the chosen reason closes the deal.
 */
@ApplicationTest
class LossReasonsBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

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

  /** Clicks the element once it is there and clickable; Tasklist re-renders lists and forms as data arrives. */
  private void click(By locator) {
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(d);
              if (element == null) {
                return false;
              }
              element.click();
              return true;
            });
  }

  @Test
  void theManagerChoosesAReasonFromTheTableAndTheDealClosesWithIt() throws Exception {
    var response = Api.postWithKey(rest, "/api/leads", Api.json(Api.lead("Римма Отказова", TestPhones.unique(), "course", "Аналитик данных")));
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    long dealId = Api.parse(response).path("dealId").asLong();

    Browser.logInToTasklist(driver, wait, port, "manager1");
    click(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"));
    click(By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'Римма Отказова')]]//h4/a"));
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Итог звонка"));

    click(By.xpath("//label[contains(., 'Отказ')]"));
    click(By.xpath("//div[contains(@class,'fjs-form-field-select')][.//label[contains(.,'Причина отказа')]]//*[contains(@class,'fjs-input-group')]"));
    By items = By.cssSelector(".fjs-dropdownlist .fjs-dropdownlist-item");
    List<String> offered =
        wait.until(
            d -> {
              List<String> texts = d.findElements(items).stream().map(item -> item.getAttribute("textContent").strip()).toList();
              return texts.isEmpty() ? null : texts;
            });
    Browser.screenshot(driver, "loss-reasons-select");
    assertThat(offered)
        .containsExactly(
            "Перестал выходить на связь", "Дорого", "Выбрали других", "Не доработали сами", "Отложили", "Спам", "Некорректные данные",
            "Не оставлял заявку", "Хотел только часть программы", "Не подошла программа", "Не подошла форма обучения", "Уже учится у нас",
            "Нет денег", "Тест", "Без причины");

    click(By.xpath("//div[contains(@class,'fjs-dropdownlist')]//div[contains(@class,'fjs-dropdownlist-item')][normalize-space()='Выбрали других']"));
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.xpath("//div[contains(@class,'fjs-form-field')][.//label[contains(.,'Результат')]]//textarea"))
                  .sendKeys("Выбрала курс в другой школе");
              return true;
            });
    Browser.screenshot(driver, "loss-reasons-chosen");
    click(By.xpath("//button[normalize-space()='Завершить']"));

    wait.until(d -> "LOST".equals(jdbc.queryForObject("SELECT outcome FROM deal WHERE id = ?", String.class, dealId)));
    assertThat(jdbc.queryForObject("SELECT loss_reason FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("Выбрали других");
  }
}
