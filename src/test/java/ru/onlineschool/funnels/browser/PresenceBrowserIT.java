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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Seed 003 «Smart-распределение»: new leads go to those who are at work now. Manager1 leaves her
 * desk, switches herself to «Нет на месте» in Tasklist's header, and the next leads go to her
 * colleague; back, she switches to «На месте».
 */
@ApplicationTest
class PresenceBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;

  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void setUp() throws Exception {
    // Two managers take leads today; manager3 is on vacation (the head of sales' switch).
    MANAGERS.forEach(m -> {
      distribution.setAvailability(m, !m.equals("manager3"), "test", Instant.now());
      distribution.setPresence(m, true, "test", Instant.now());
    });
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    MANAGERS.forEach(m -> {
      distribution.setAvailability(m, true, "test", Instant.now());
      distribution.setPresence(m, true, "test", Instant.now());
    });
    if (driver != null) {
      driver.quit();
    }
  }

  /** A new lead from the website; its responsible. */
  private String postLead() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    String body = "{\"name\":\"Клиентка Сайта\",\"phone\":\"" + TestPhones.unique() + "\",\"course\":\"Аналитик данных\"}";
    ResponseEntity<String> response = rest.postForEntity("/api/leads", new HttpEntity<>(body, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return response.getBody().replaceAll(".*\"responsible\"\\s*:\\s*\"?([^\",}]*)\"?.*", "$1");
  }

  private WebElement control(String atWork) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-presence-control[data-at-work='" + atWork + "']")));
  }

  @Test
  void aManagerSwitchesHerselfAwayAndTheNextLeadsGoToHerColleague() throws Exception {
    Browser.logInToTasklist(driver, wait, port, "manager1");
    WebElement here = control("true");
    assertThat(here.getText()).contains("На месте");
    assertThat(here.findElement(By.cssSelector("input.school-presence-switch")).isSelected()).isTrue();
    Browser.screenshot(driver, "presence-here-manager1");

    here.findElement(By.cssSelector("input.school-presence-switch")).click();

    WebElement away = control("false");
    assertThat(away.getText()).contains("Нет на месте");
    assertThat(away.getAttribute("title")).contains("Новые заявки вам сейчас не приходят");
    assertThat(away.findElement(By.cssSelector("input.school-presence-switch")).isSelected()).isFalse();
    assertThat(distribution.presenceOf("manager1", Instant.now()).present()).isFalse();
    Browser.screenshot(driver, "presence-away-manager1");
    for (int i = 0; i < 3; i++) {
      assertThat(postLead()).isEqualTo("manager2");
    }

    // The header shows the server's state, also after a reload.
    driver.navigate().refresh();
    assertThat(control("false").getText()).contains("Нет на месте");

    control("false").findElement(By.cssSelector("input.school-presence-switch")).click();
    assertThat(control("true").getText()).contains("На месте");
    assertThat(distribution.isAvailable("manager1")).isTrue();
    assertThat(Browser.consoleErrors(driver)).isEmpty();
  }

  /** The head of sales takes no leads herself: her header has no such switch. */
  @Test
  void theHeadOfSalesHasNoSwitch() throws Exception {
    Browser.logInToTasklist(driver, wait, port, "rop");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.school-find-client")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.school-reports-link")));
    assertThat(driver.findElements(By.cssSelector(".school-presence-control"))).isEmpty();
  }
}
