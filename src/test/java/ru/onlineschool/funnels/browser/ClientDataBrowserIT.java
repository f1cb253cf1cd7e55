package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.springframework.jdbc.core.JdbcTemplate;
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
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Личные данные» and «Компания» in the deal card: manager1 enters his client's passport and the
 * paying company, with the server's Russian errors under the fields; the passport stays a mask
 * until «показать»; a colleague sees no digit of it and no buttons to change anything.
 */
@ApplicationTest
class ClientDataBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired DealStore deals;
  @Autowired SmartDistribution distribution;
  @Autowired TaskService tasks;
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

  private WebElement openCard(String taskId) {
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + taskId);
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='Сделка']"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-deal-card[data-deal-id]"), "Компания"));
    return driver.findElement(By.cssSelector(".school-deal-card[data-deal-id]"));
  }

  private WebElement section(String css) {
    return driver.findElement(By.cssSelector(".school-deal-card[data-deal-id] " + css));
  }

  private void fill(WebElement form, Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          WebElement input = form.findElement(By.cssSelector("input[name='" + name + "']"));
          input.clear();
          input.sendKeys(value);
        });
  }

  private String fieldError(WebElement form, String field) {
    return form.findElement(By.cssSelector(".school-field-error[data-field='" + field + "']")).getText();
  }

  @Test
  void managerEntersPassportAndCompanyThePassportStaysMaskedUntilShownAndAColleagueSeesNoDigit() throws Exception {
    long dealId = postLead("Ирина Реквизитова", TestPhones.unique());
    String taskId = tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).singleResult().getId();

    Browser.logInToTasklist(driver, wait, port, "manager1");
    WebElement card = openCard(taskId);
    assertThat(card.getText()).contains("Личные данные", "Паспорт", "не внесён", "Платит сам клиент: компания не указана.");

    // The passport, first with a typo in the series: the server's message under the field.
    section(".school-edit-passport").click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-personal-data form")));
    fill(form, Map.of("series", "456", "number", "183552", "issuedOn", "12.11.21", "issuedBy", "МВД по г. Москва", "divisionCode", "340-234"));
    form.findElement(By.xpath(".//button[normalize-space()='Сохранить']")).click();
    wait.until(d -> fieldError(form, "series").equals("Серия паспорта — 4 цифры, например 4562"));
    assertThat(fieldError(form, "issuedOn")).isEqualTo("Дата в формате ДД.ММ.ГГГГ, например 10.11.1999");
    assertThat(fieldError(form, "number")).isEmpty();
    fill(form, Map.of("series", "4562", "issuedOn", "12.11.2021"));
    form.findElement(By.xpath(".//button[normalize-space()='Сохранить']")).click();

    // Saved: the card shows a mask and the history says it was entered, with no number.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-personal-data"), "•••• ••3552"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-deal-card ol.school-history"), "Паспортные данные клиента внесены"));
    card = driver.findElement(By.cssSelector(".school-deal-card[data-deal-id]"));
    assertThat(card.getText()).doesNotContain("183552").doesNotContain("4562");
    section(".school-passport-show").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".school-passport"), "серия 4562 № 183552, выдан 12.11.2021, МВД по г. Москва, код подразделения 340-234"));
    assertThat(section(".school-passport-show").getText()).isEqualTo("скрыть");
    Browser.screenshot(driver, "client-data-passport-shown");
    section(".school-passport-show").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-passport"), "•••• ••3552"));
    assertThat(deals.timeline(dealId)).anySatisfy(e -> assertThat(e.text()).isEqualTo("Паспортные данные клиента просмотрены"));

    // The company: a settlement account that does not match the БИК is refused in Russian, then fixed.
    section(".school-edit-company").click();
    WebElement company = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".school-company form")));
    fill(
        company,
        Map.of(
            "name", "ООО «Ромашка»", "inn", "7707083893", "kpp", "773601001", "ogrn", "1027700132195", "director", "Александров Михаил Иванович",
            "legalAddress", "г. Москва, ул. Пушкина, д. 13, оф. 342", "bankName", "ПАО Сбербанк", "bik", "044525225",
            "correspondentAccount", "30101810400000000225", "settlementAccount", "40702810938000000002"));
    company.findElement(By.xpath(".//button[normalize-space()='Сохранить']")).click();
    wait.until(d -> fieldError(company, "settlementAccount").equals("Расчётный счёт не сходится с БИК: проверьте счёт и БИК"));
    assertThat(fieldError(company, "inn")).isEmpty();
    fill(company, Map.of("settlementAccount", "40702810938000000001"));
    company.findElement(By.xpath(".//button[normalize-space()='Сохранить']")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-company-requisites"), "40702810938000000001"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".school-deal-card ol.school-history"), "Платит компания: ООО «Ромашка», ИНН 7707083893"));
    String requisites = section(".school-company-requisites").getText();
    assertThat(requisites).contains("ООО «Ромашка»", "ИНН", "7707083893", "КПП", "773601001", "БИК", "044525225", "Александров Михаил Иванович");
    Browser.screenshot(driver, "client-data-company");

    // A colleague opens the same deal: the passport is dots only, nothing to change.
    driver.manage().deleteAllCookies();
    Browser.logInToTasklist(driver, wait, port, "manager2");
    card = openCard(taskId);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-company"), "ООО «Ромашка»"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".school-personal-data"), "•••• ••••••"));
    card = driver.findElement(By.cssSelector(".school-deal-card[data-deal-id]"));
    assertThat(card.getText()).contains("виден ответственному менеджеру, РОП и администратору").doesNotContain("3552");
    assertThat(driver.findElements(By.cssSelector(".school-passport-show, .school-edit-passport, .school-edit-personal, .school-edit-company"))).isEmpty();
    Browser.screenshot(driver, "client-data-colleague");
  }

  private void complete(long dealId, String activity, Map<String, Object> variables) {
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    tasks.complete(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(activity).singleResult().getId(), variables);
  }

  private String awaitPaymentTask(long dealId) {
    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Activity_AwaitPayment").singleResult().getId();
  }

  @Test
  void theInvoiceTaskShowsWhichCompanyTheInvoiceIsMadeOutTo() throws Exception {
    long dealId = postLead("Пётр Счетов", TestPhones.unique());
    long privateClient = postLead("Павел Сам", TestPhones.unique());
    for (long deal : List.of(dealId, privateClient)) {
      complete(deal, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Интерес подтверждён"));
      complete(
          deal,
          "Activity_PrepareOffer",
          Map.of("outcome", "INVOICE", "course", "Аналитик данных", "budget", 64900, "invoiceDeadline", "2099-12-31", "result", "Счёт выслан"));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth("manager1", "demo");
    String company =
        "{\"name\":\"ООО «Ромашка»\",\"inn\":\"7707083893\",\"kpp\":\"773601001\",\"bik\":\"044525225\","
            + "\"correspondentAccount\":\"30101810400000000225\",\"settlementAccount\":\"40702810938000000001\"}";
    ResponseEntity<String> linked =
        rest.exchange("/api/deals/" + dealId + "/company", org.springframework.http.HttpMethod.PUT, new HttpEntity<>(company, headers), String.class);
    assertThat(linked.getStatusCode()).isEqualTo(HttpStatus.OK);

    Browser.logInToTasklist(driver, wait, port, "manager1");
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + awaitPaymentTask(dealId));
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, "Счёт — на компанию:"));
    assertThat(form.getText())
        .contains(
            "Счёт — на компанию: ООО «Ромашка», ИНН 7707083893, КПП 773601001, р/с 40702810938000000001, БИК 044525225,"
                + " к/с 30101810400000000225");
    Browser.screenshot(driver, "client-data-invoice-task");

    // A client who pays himself: no company line in his task.
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + awaitPaymentTask(privateClient));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), "Павел Сам"));
    assertThat(driver.findElement(By.cssSelector(".fjs-container")).getText()).doesNotContain("Счёт — на компанию");
  }
}
