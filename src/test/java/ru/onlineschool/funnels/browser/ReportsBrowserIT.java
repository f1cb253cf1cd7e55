package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** The head of sales, signed in to Tasklist, opens /reports and sees the charts. */
@ApplicationTest
class ReportsBrowserIT {

  @LocalServerPort int port;
  @Autowired DealStore deals;
  private ChromeDriver driver;
  private WebDriverWait wait;

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

  private void logInToTasklist(String user) {
    Browser.logInToTasklist(driver, wait, port, user);
  }

  /** A won, a lost and an open deal of today, so that every chart has something to draw. */
  private void dealsOfToday() {
    Instant now = Instant.now();
    for (String outcome : List.of("WON", "LOST")) {
      long contact = deals.createContact(new NewContact("Клиент Отчётов", TestPhones.unique(), null, null), now);
      long deal = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), now);
      deals.setResponsible(deal, "manager1");
      for (String stage : List.of("NEW", "ACCEPTED", "QUALIFIED", outcome)) {
        deals.enterStage(deal, new Stage(stage, stage), now);
        deals.appendTimeline(deal, now, TimelineKind.STAGE, stage, "Этап: " + stage, null);
      }
      deals.appendTimeline(deal, now.plusSeconds(300), TimelineKind.TASK_RESULT, null, "«Обработать заявку»: готово", "manager1");
      deals.close(deal, outcome, "LOST".equals(outcome) ? "Дорого" : null, now);
    }
    // A repeated lead closed as «Дубль»: never a sale, the reports show it apart.
    long twice = deals.createContact(new NewContact("Клиент Дважды", TestPhones.unique(), null, null), now);
    long repeated = deals.createDeal(new NewDeal("course-sale", twice, "Python", null, null), now);
    deals.setResponsible(repeated, "manager1");
    for (String stage : List.of("NEW", "LOST")) {
      deals.enterStage(repeated, new Stage(stage, stage), now);
      deals.appendTimeline(repeated, now, TimelineKind.STAGE, stage, "Этап: " + stage, null);
    }
    deals.close(repeated, "LOST", "Дубль", now);
    long contact = deals.createContact(new NewContact("Клиент На Доске", TestPhones.unique(), null, null), now);
    long open = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), now);
    deals.setResponsible(open, "manager2");
    deals.enterStage(open, new Stage("QUALIFIED", "Квалифицирован"), now);
    // Where it came from (issue 19): a Tilda form with UTM marks.
    deals.recordLeadSource(open, new ru.onlineschool.funnels.deal.LeadSource("TILDA", null, "form1", "tilda", "yandex", "cpc", "python_весна", null, null, null));
  }

  @Test
  void theHeadOfSalesSeesWhereDealsStandWhereTheyAreLostAndWhoKeepsTheFifteenMinuteRule() throws Exception {
    dealsOfToday();

    // Without a session /reports sends to Tasklist's login and, once signed in, back to the report (issue 16).
    driver.get("http://localhost:" + port + "/reports");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm'] input[type='text']"))).sendKeys("rop");
    driver.findElement(By.cssSelector("form[name='signinForm'] input[type='password']")).sendKeys("demo");
    driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
    wait.until(ExpectedConditions.urlContains("/reports"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

    String text = driver.findElement(By.tagName("body")).getText();
    assertThat(text)
        .contains(
            "Отчёты РОП",
            "Ольга Орлова",
            "Сделки по этапам сейчас",
            "Конверсия за период",
            "Причины отказа за период",
            "Первый контакт за 15 минут",
            "Нагрузка на сегодня",
            "Анна Смирнова");
    for (String chart : List.of("chart-board", "chart-conversion", "chart-losses", "chart-sla")) {
      assertThat(driver.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
      Long painted =
          (Long)
              driver.executeScript(
                  "const c = document.querySelector('#' + arguments[0] + ' canvas');"
                      + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                      + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;",
                  chart);
      assertThat(painted).as(chart + " painted pixels").isGreaterThan(500L);
    }
    // Duplicates, tests and spam are not lost sales: a line of their own under the conversion and the loss reasons.
    assertThat(driver.findElement(By.id("conversion-not-sale-label")).getText()).isEqualTo("Не продажи: дубль, тест, спам");
    assertThat(Long.parseLong(driver.findElement(By.id("conversion-not-sale")).getText())).isPositive();
    assertThat(driver.findElement(By.id("losses-not-sale")).getText()).startsWith("Не продажи: дубль, тест, спам — ").contains("Дубль — ");
    assertThat(driver.findElement(By.cssSelector("#table-conversion thead")).getText()).contains("Не продажи");
    // Leads by source: the Tilda form's row with its UTM marks; duplicates apart under the table.
    assertThat(text).contains("Источники заявок");
    assertThat(driver.findElement(By.cssSelector("#table-sources tbody")).getText()).contains("Tilda yandex python_весна 1 1 0 0 0,0 %");
    assertThat(driver.findElement(By.id("sources-total")).getText()).startsWith("Всего заявок: ").contains("Не продажи (дубль, тест, спам): ");
    assertThat(driver.findElements(By.cssSelector("a.csv")).get(0).isDisplayed()).isTrue();
    driver.manage().window().setSize(new Dimension(1400, 1900));
    Browser.screenshot(driver, "reports-rop");
  }

  @Test
  void aManagerSeesHerOwnFiguresWithoutExport() throws Exception {
    logInToTasklist("manager1");
    driver.get("http://localhost:" + port + "/reports");
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

    assertThat(driver.findElement(By.tagName("body")).getText()).contains("Вы видите только свои сделки и задачи.");
    assertThat(driver.findElements(By.cssSelector("a.csv"))).allSatisfy(link -> assertThat(link.isDisplayed()).isFalse());
    assertThat(driver.findElements(By.cssSelector("#table-workload tbody tr"))).hasSize(1);
    Browser.screenshot(driver, "reports-manager1");
  }
}
