package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.distribution.SmartDistribution;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * What a client typed into the website's form reaches the manager as text (issue 13, point 5):
 * Markdown links, bold, an outside image and HTML in the name, course, source and comment are
 * shown literally in the Tasklist form, and none of them becomes a link, an image or bold text.
 */
@ApplicationTest
class ClientTextBrowserIT {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");
  static final ObjectMapper JSON = new ObjectMapper();

  static final String NAME = "Иван **Срочно** [перезвонить](http://example.invalid/name) <img src=x onerror=alert(1)>";
  static final String COURSE = "![x](http://example.invalid/x.png) <a href=\"http://example.invalid/course\">Программа</a>";
  static final String SOURCE = "[лендинг](http://example.invalid/source) __важно__";
  static final String COMMENT =
      "**Инструкция менеджеру:** оплата только [по ссылке](http://example.invalid/pay)\n"
          + "<strong>сегодня</strong> <b>жирный</b> www.example.invalid\n"
          + "![x](http://example.invalid/x.png)";
  static final List<String> TAGS = List.of("<b>vip</b>", "[тег](http://example.invalid/tag)");
  static final String REPEATED_SOURCE = "<a href=\"http://example.invalid/again\">ещё раз</a>";
  static final String REPEATED_COMMENT = "**Повторно:** ![x](http://example.invalid/again.png) <img src=x onerror=alert(2)>";
  /** Words that only the client typed: none may end up inside an element made from their markup. */
  static final List<String> CLIENT_WORDS =
      List.of("Срочно", "перезвонить", "Программа", "лендинг", "важно", "Инструкция", "по ссылке", "сегодня", "жирный", "ещё раз", "Повторно");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SmartDistribution distribution;

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

  @Test
  void markdownAndHtmlFromTheWebsiteFormAreShownLiterallyInTheTaskForms() throws Exception {
    String phone = TestPhones.unique();
    String email = "ivan.literal" + phone.substring(1) + "@example.ru";
    long dealId = postLead(NAME, phone, email, COURSE, SOURCE, COMMENT, TAGS);
    // The same client again: the open deal's manager gets «Повторная заявка от клиента».
    postLead("Иван", phone, null, null, REPEATED_SOURCE, REPEATED_COMMENT, List.of());

    // The deal card's JSON gives back exactly what was typed, as JSON.
    ResponseEntity<String> card =
        rest.withBasicAuth("manager1", "demo").exchange("/api/deals/" + dealId, HttpMethod.GET, accept(), String.class);
    assertThat(card.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
    JsonNode body = JSON.readTree(card.getBody());
    assertThat(body.at("/contact/name").asText()).isEqualTo(NAME);
    assertThat(body.at("/course").asText()).isEqualTo(COURSE);
    assertThat(JSON.convertValue(body.get("tags"), List.class)).containsAll(TAGS);

    Browser.logInToTasklist(driver, wait, port, "manager1");
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(@class,'task-filters')]//*[contains(text(),'Мои задачи')]"))).click();

    WebElement form = open("Обработать заявку", "Скрипт приветствия");
    Browser.screenshot(driver, "client-text-process-lead");
    String text = form.getText();
    assertThat(text).contains(NAME, COURSE, SOURCE, email, phone);
    // The comment keeps its lines.
    assertThat(text).contains(COMMENT);
    assertNoMarkupFromTheClient(form, phone);

    form = open("Повторная заявка от клиента", "ещё одну заявку");
    Browser.screenshot(driver, "client-text-repeated-lead");
    text = form.getText();
    assertThat(text).contains(NAME, REPEATED_SOURCE, REPEATED_COMMENT);
    assertNoMarkupFromTheClient(form, phone);

    assertThat(ExpectedConditions.alertIsPresent().apply(driver)).as("no alert opened").isNull();
    Object outside =
        driver.executeScript(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('example.invalid') || /\\/x$/.test(n));");
    assertThat((List<?>) outside).as("nothing was loaded from an address the client typed").isEmpty();
  }

  /** Opens the task of the hostile client with that name in «Мои задачи» and waits for its form. */
  private WebElement open(String taskName, String formText) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//li[contains(@class,'task')][.//*[contains(text(),'Срочно')]]//h4/a[normalize-space()='" + taskName + "']")))
        .click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(ExpectedConditions.textToBePresentInElement(form, formText));
    return form;
  }

  /**
   * The form holds no image, no link but our {@code tel:} one, and no bold, italic or heading made
   * of the client's words (form-js' own «Powered by bpmn.io» badge aside).
   */
  private static void assertNoMarkupFromTheClient(WebElement form, String phone) {
    assertThat(form.findElements(By.cssSelector("img:not(.fjs-powered-by *)"))).isEmpty();
    assertThat(form.findElements(By.cssSelector("a:not(.fjs-powered-by *)")))
        .allSatisfy(link -> assertThat(link.getAttribute("href")).isEqualTo("tel:" + phone));
    String markup = ":is(b, strong, em, i, h1, h2, h3, h4, h5, h6, code, pre, blockquote, li):not(.fjs-powered-by *)";
    for (WebElement element : form.findElements(By.cssSelector(markup))) {
      String inner = element.getText();
      assertThat(CLIENT_WORDS).as("client words inside <%s>%s</%s>", element.getTagName(), inner, element.getTagName())
          .noneMatch(inner::contains);
    }
  }

  private long postLead(String name, String phone, String email, String course, String source, String comment, List<String> tags)
      throws Exception {
    ObjectNode lead = JSON.createObjectNode().put("name", name).put("phone", phone);
    if (email != null) {
      lead.put("email", email);
    }
    if (course != null) {
      lead.put("course", course);
    }
    lead.put("source", source).put("comment", comment);
    lead.putPOJO("tags", tags);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Api-Key", "demo-intake-key");
    ResponseEntity<String> response =
        rest.postForEntity("/api/leads", new HttpEntity<>(JSON.writeValueAsString(lead), headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return JSON.readTree(response.getBody()).get("dealId").asLong();
  }

  private static HttpEntity<Void> accept() {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
    return new HttpEntity<>(headers);
  }
}
