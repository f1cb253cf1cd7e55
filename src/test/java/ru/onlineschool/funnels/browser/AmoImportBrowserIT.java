package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import ru.onlineschool.funnels.migration.AmoExports;
import ru.onlineschool.funnels.migration.AmoImporter;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The administrator moves the school in from amoCRM on the page /import, reached from Camunda
 * Admin's dashboard: uploads an export, reads the dry run with the refused line and its Russian
 * reason, imports and watches the bar reach 100 %, reads the report. A manager is refused.
 */
@ApplicationTest
class AmoImportBrowserIT {

  private static final int GOOD_DEALS = 120;

  @LocalServerPort int port;
  @Autowired AmoImporter importer;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(120));
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void theAdministratorSeesTheDryRunThenImportsWithAProgressBarAndReadsTheReport(@TempDir Path dir) throws Exception {
    long base = ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L) * 10;
    List<String> ids = new ArrayList<>();
    AmoExports file = AmoExports.deals();
    for (int i = 0; i < GOOD_DEALS; i++) {
      String id = String.valueOf(base + i);
      ids.add(id);
      String stage = i % 3 == 0 ? "Квалифицирован" : i % 3 == 1 ? "Счет выставлен" : "Закрыто не реализовано";
      file.deal(id, "Сделка " + id, "30 000", "Анна Смирнова", "01.11.2026 10:00:00", "Продажа курса", stage, "",
          stage.startsWith("Закрыто") ? "Дорого" : "", "Клиент Переезда " + i, "", TestPhones.unique(), "", "Из браузера");
    }
    // Line GOOD_DEALS + 2 (after the header): a stage our funnel does not have.
    file.deal(String.valueOf(base + GOOD_DEALS), "Сделка с чужим этапом", "", "Анна Смирнова", "01.11.2026", "Продажа курса", "Думает", "", "",
        "Клиент Чужой", "", TestPhones.unique(), "", "");
    Path export = dir.resolve("amocrm_сделки.csv");
    Files.write(export, file.csvUtf8WithBom(';'));

    // From Camunda Admin's dashboard to the page.
    // Signed in once (Tasklist's form), the administrator is signed in to Admin as well.
    Browser.logInToTasklist(driver, wait, port, "admin");
    driver.get("http://localhost:" + port + "/camunda/app/admin/default/");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Переезд из amoCRM"));
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.school-import-link"))).click();
    wait.until(ExpectedConditions.urlContains("/import"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Переезд из amoCRM");

    assertThat(driver.findElement(By.id("chosen")).getText()).isEqualTo("Файлы не выбраны");
    assertThat(driver.findElement(By.cssSelector("label.pick")).getText()).isEqualTo("Выбрать файлы…");
    driver.findElement(By.id("files")).sendKeys(export.toAbsolutePath().toString());
    assertThat(driver.findElement(By.id("chosen")).getText()).isEqualTo(export.getFileName().toString());
    driver.findElement(By.id("check")).click();
    wait.until(d -> d.findElement(By.id("step-dry")).isDisplayed() || d.findElement(By.id("error")).isDisplayed());
    assertThat(driver.findElement(By.id("error")).isDisplayed()).as(() -> driver.findElement(By.id("error")).getText() + " " + Browser.consoleErrors(driver)).isFalse();
    WebElement drySummary = driver.findElement(By.cssSelector("#dry-reports .summary"));
    assertThat(drySummary.getText()).startsWith("Будет создано: " + GOOD_DEALS + "; пропущено: 0; отклонено: 1;");
    WebElement refused = driver.findElement(By.cssSelector("#dry-reports tr.REFUSE"));
    assertThat(refused.getText())
        .contains(String.valueOf(GOOD_DEALS + 2), "отклонена", "этап «Думает» воронки «Продажа курса» не сопоставлен с этапом школы");
    assertThat(driver.findElement(By.cssSelector("#dry-reports tr.CREATE")).getText()).as("the funnel by its name").contains("Продажа курса / ").doesNotContain("course-sale");
    assertThat(importer.importedDeal(ids.get(0))).as("the dry run writes nothing").isEmpty();
    Browser.screenshot(driver, "amocrm-import-dry-run");

    // Every value the bar shows on its way, to check it only grows and ends at 100.
    driver.executeScript(
        "window.barValues = [];"
            + "new MutationObserver(() => window.barValues.push(Number(document.getElementById('bar').getAttribute('aria-valuenow'))))"
            + ".observe(document.getElementById('bar'), { attributes: true, attributeFilter: ['aria-valuenow'] });");
    driver.findElement(By.id("start")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-run")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-done")));

    assertThat(driver.findElement(By.id("bar")).getAttribute("aria-valuenow")).isEqualTo("100");
    assertThat(driver.findElement(By.id("run-state")).getText()).isEqualTo("Готово: 100 %.");
    @SuppressWarnings("unchecked")
    List<Long> values = (List<Long>) driver.executeScript("return window.barValues.slice(1);");
    assertThat(values).isSortedAccordingTo(Long::compare).last().isEqualTo(100L);
    assertThat(driver.findElement(By.cssSelector("#final-reports .summary")).getText())
        .startsWith("Создано: " + GOOD_DEALS + "; пропущено: 0; отклонено: 1;");
    assertThat(driver.findElement(By.cssSelector("#final-reports tr.REFUSE")).getText()).contains("этап «Думает»");
    assertThat(driver.findElements(By.cssSelector("#final-reports tr.CREATE"))).hasSize(GOOD_DEALS);
    for (String id : ids) {
      assertThat(importer.importedDeal(id)).as(id).isPresent();
    }
    Browser.screenshot(driver, "amocrm-import-done");

    // The same file again: everything is skipped as imported before.
    driver.findElement(By.id("check")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#dry-reports .summary"), "пропущено: " + GOOD_DEALS));
    assertThat(driver.findElement(By.cssSelector("#dry-reports .summary")).getText()).startsWith("Будет создано: 0; пропущено: " + GOOD_DEALS + ";");
    // Admin's dashboard section and the page left nothing in the browser's console.
    assertThat(Browser.consoleErrors(driver)).isEmpty();
  }

  @Test
  void aManagerIsRefusedBothThePageAndTheImport() throws Exception {
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
    Browser.logInToTasklist(driver, wait, port, "manager1");

    driver.get("http://localhost:" + port + "/import");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Импорт из amoCRM запускают только администраторы."));
    assertThat(driver.findElements(By.id("files"))).isEmpty();

    // Her session has no page token to get, and sending a file with the session's CSRF token (read
    // where the webapps keep it, on a Tasklist page) is refused by the server as well.
    driver.get("http://localhost:" + port + "/import/token");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Импорт из amoCRM запускают только администраторы."));
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Мои задачи"));
    Object status =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));"
                + "fetch('/api/admin/import/amocrm?dryRun=true', { method: 'POST', credentials: 'same-origin',"
                + " headers: { 'Content-Type': 'application/octet-stream', 'X-XSRF-TOKEN': cookie ? decodeURIComponent(cookie.substring(11)) : 'нет' },"
                + " body: 'ID;Воронка;Этап сделки\\r\\n' })"
                + ".then((r) => r.json().then((b) => done(r.status + ' ' + b.detail))).catch((e) => done('failed ' + e));");
    assertThat(status).isEqualTo("403 Импорт из amoCRM запускают только администраторы.");
  }
}
