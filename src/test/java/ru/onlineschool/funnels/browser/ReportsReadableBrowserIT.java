package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
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

/**
 * /reports as the head of sales and as a manager read it (issue 18): the funnel's labels are
 * readable on every segment, a tiny one included; a manager gets her own figures under her own
 * name; dates are shown and typed as дд.мм.гггг in a browser whose language is English.
 */
@ApplicationTest
class ReportsReadableBrowserIT {

  private static final DateTimeFormatter RUSSIAN = DateTimeFormatter.ofPattern("dd.MM.yyyy");

  /** The funnel's labels as drawn: text and box in the chart's pixels, and the segments' corners. */
  private static final String FUNNEL_LAYOUT =
      """
      const chart = echarts.getInstanceByDom(document.getElementById('chart-conversion'));
      const data = chart.getModel().getSeriesByIndex(0).getData();
      const box = (el) => { const r = el.getBoundingRect().clone(); r.applyTransform(el.getComputedTransform()); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
      const corners = (el) => { const m = el.getComputedTransform() || [1, 0, 0, 1, 0, 0]; return el.shape.points.map((p) => [m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5]]); };
      const labels = [], segments = [];
      for (let i = 0; i < data.count(); i++) {
        const segment = data.getItemGraphicEl(i);
        segments.push(corners(segment));
        const label = segment.getTextContent();
        labels.push(Object.assign({ text: label.style.text, shown: !label.ignore && !label.invisible }, box(label)));
      }
      return { width: chart.getWidth(), height: chart.getHeight(), labels: labels, segments: segments };
      """;

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

  /**
   * A funnel of today with one wide and several tiny segments: 30 new deals of Анна Смирнова, 12 of
   * them qualified, ONE taken to a trial and won; and two deals of Игорь Петров.
   */
  private void aFunnelWithATinySegment() {
    Instant now = Instant.now();
    for (int i = 0; i < 30; i++) {
      List<String> path = i == 0 ? List.of("NEW", "ACCEPTED", "QUALIFIED", "TRIAL_SCHEDULED", "TRIAL_HELD", "INVOICE_SENT", "WON") : i < 12 ? List.of("NEW", "ACCEPTED", "QUALIFIED") : List.of("NEW", "ACCEPTED");
      deal("manager1", path, now);
    }
    deal("manager2", List.of("NEW", "ACCEPTED", "QUALIFIED"), now);
    deal("manager2", List.of("NEW"), now);
  }

  private void deal(String manager, List<String> path, Instant now) {
    long contact = deals.createContact(new NewContact("Клиент Воронки", TestPhones.unique(), null, null), now);
    long deal = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), now);
    deals.setResponsible(deal, manager);
    for (String stage : path) {
      deals.enterStage(deal, new Stage(stage, stage), now);
      deals.appendTimeline(deal, now, TimelineKind.STAGE, stage, "Этап: " + stage, null);
    }
    if (path.contains("WON")) {
      deals.close(deal, "WON", null, now);
    }
  }

  private void openReportsAs(String user) {
    Browser.logInToTasklist(driver, wait, port, user);
    driver.get("http://localhost:" + port + "/reports");
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
  }

  @SuppressWarnings("unchecked")
  private void assertFunnelLabelsAreReadable(String who) {
    Map<String, Object> layout = (Map<String, Object>) driver.executeScript(FUNNEL_LAYOUT);
    double width = ((Number) layout.get("width")).doubleValue();
    double height = ((Number) layout.get("height")).doubleValue();
    List<Map<String, Object>> labels = (List<Map<String, Object>>) layout.get("labels");
    List<List<List<Number>>> segments = (List<List<List<Number>>>) layout.get("segments");
    List<String> texts = labels.stream().map(l -> (String) l.get("text")).toList();
    // Other tests of the shared application add deals of today too: the labels are compared with
    // what the server reports for the same period (this browser's session, so the same scope).
    List<Map<String, Object>> stages = conversionStages();
    assertThat(texts).as(who + ": the funnel's labels").containsExactlyElementsOf(stages.stream().map(s -> s.get("title") + " — " + s.get("entered")).toList());
    long widest = stages.stream().mapToLong(s -> ((Number) s.get("entered")).longValue()).max().orElseThrow();
    long narrowest = stages.stream().mapToLong(s -> ((Number) s.get("entered")).longValue()).min().orElseThrow();
    assertThat(narrowest * 10).as(who + ": the funnel has a tiny segment (" + narrowest + " of " + widest + ")").isLessThanOrEqualTo(widest);
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> label : labels) {
      String text = (String) label.get("text");
      if (!Boolean.TRUE.equals(label.get("shown"))) {
        problems.add("«" + text + "» hidden");
      }
      if (x(label) < 0 || y(label) < 0 || x(label) + w(label) > width || y(label) + h(label) > height) {
        problems.add("«" + text + "» cut by the chart's edge: " + label + " in " + width + "×" + height);
      }
      for (Map<String, Object> other : labels) {
        if (other != label && overlap(label, other)) {
          problems.add("«" + text + "» over «" + other.get("text") + "»");
        }
      }
      for (List<List<Number>> segment : segments) {
        if (overlap(corners(label), segment)) {
          problems.add("«" + text + "» drawn over a segment " + segment + ": " + label);
        }
      }
    }
    assertThat(problems).as(who + ": unreadable labels of the funnel").isEmpty();
  }

  /** The stages the funnel draws, as the server reports them for the page's default period. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> conversionStages() {
    return (List<Map<String, Object>>)
        driver.executeAsyncScript(
            "const done = arguments[0];"
                + "fetch('/reports/api/conversion?funnel=course-sale').then(r => r.json())"
                + ".then(b => done(b.stages.filter(s => s.code !== 'LOST' && s.entered > 0)));");
  }

  private static double x(Map<String, Object> box) {
    return ((Number) box.get("x")).doubleValue();
  }

  private static double y(Map<String, Object> box) {
    return ((Number) box.get("y")).doubleValue();
  }

  private static double w(Map<String, Object> box) {
    return ((Number) box.get("width")).doubleValue();
  }

  private static double h(Map<String, Object> box) {
    return ((Number) box.get("height")).doubleValue();
  }

  private static List<List<Number>> corners(Map<String, Object> box) {
    return List.of(
        List.of(x(box), y(box)), List.of(x(box) + w(box), y(box)), List.of(x(box) + w(box), y(box) + h(box)), List.of(x(box), y(box) + h(box)));
  }

  /**
   * Whether two convex polygons (a label's box, a segment's trapezoid) share any area: they do not
   * when the projections on the normal of one of their edges are apart (separating axis theorem).
   */
  private static boolean overlap(List<List<Number>> a, List<List<Number>> b) {
    for (List<List<Number>> polygon : List.of(a, b)) {
      for (int i = 0; i < polygon.size(); i++) {
        List<Number> p = polygon.get(i);
        List<Number> q = polygon.get((i + 1) % polygon.size());
        double nx = q.get(1).doubleValue() - p.get(1).doubleValue();
        double ny = p.get(0).doubleValue() - q.get(0).doubleValue();
        double[] ra = project(a, nx, ny);
        double[] rb = project(b, nx, ny);
        if (ra[1] <= rb[0] + 1e-6 || rb[1] <= ra[0] + 1e-6) {
          return false;
        }
      }
    }
    return true;
  }

  private static double[] project(List<List<Number>> polygon, double nx, double ny) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (List<Number> point : polygon) {
      double value = point.get(0).doubleValue() * nx + point.get(1).doubleValue() * ny;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new double[] {min, max};
  }

  private static boolean overlap(Map<String, Object> a, Map<String, Object> b) {
    return x(a) < x(b) + w(b) && x(b) < x(a) + w(a) && y(a) < y(b) + h(b) && y(b) < y(a) + h(a);
  }

  private String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  @Test
  void theHeadOfSalesReadsEveryLabelOfTheFunnelAndTypesDatesTheRussianWay() throws Exception {
    aFunnelWithATinySegment();
    openReportsAs("rop");

    assertThat(driver.findElement(By.id("page-title")).getText()).isEqualTo("Отчёты РОП");
    assertThat(driver.getTitle()).startsWith("Отчёты РОП");
    assertThat(text()).contains("Ольга Орлова", "Анна Смирнова", "Игорь Петров").doesNotContain("Мои показатели");
    assertFunnelLabelsAreReadable("rop");
    Browser.screenshot(driver, "reports-funnel-rop");

    // The period in the Russian format, although the browser speaks English; it ends today at the school.
    LocalDate today = LocalDate.now();
    WebElement from = driver.findElement(By.id("from"));
    WebElement to = driver.findElement(By.id("to"));
    assertThat(to.getAttribute("value")).isEqualTo(today.format(RUSSIAN));
    assertThat(from.getAttribute("value")).isEqualTo(today.minusDays(29).format(RUSSIAN));
    assertThat(from.getAttribute("placeholder")).isEqualTo("дд.мм.гггг");

    // A date that does not exist is refused in Russian, and nothing is asked of the server.
    from.clear();
    from.sendKeys("31.02.2026");
    driver.findElement(By.cssSelector("#filters button[type='submit']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(driver.findElement(By.id("error")).getText())
        .isEqualTo("Отчёт не построен: дата «с» — «31.02.2026»: введите её в виде дд.мм.гггг, например 01.12.2026.");

    // A period typed the Russian way is the period of the reports: yesterday alone has none of today's deals.
    from.clear();
    from.sendKeys(today.minusDays(1).format(RUSSIAN));
    to.clear();
    to.sendKeys(today.minusDays(1).format(RUSSIAN));
    driver.findElement(By.cssSelector("#filters button[type='submit']")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
    String conversionCsv = driver.findElement(By.cssSelector("a.csv[data-report='conversion']")).getAttribute("href");
    assertThat(conversionCsv).contains("from=" + today.minusDays(1) + "&to=" + today.minusDays(1));

    // The calendar under a date field speaks Russian and starts the week on Monday.
    driver.findElement(By.id("page-title")).click();
    driver.findElement(By.id("to")).click();
    WebElement calendar = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".calendar")));
    String month = today.minusDays(1).getMonth().getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, java.util.Locale.forLanguageTag("ru")).toLowerCase(java.util.Locale.ROOT);
    assertThat(calendar.findElement(By.cssSelector(".calendar-title")).getText()).isEqualTo(month + " " + today.minusDays(1).getYear());
    assertThat(calendar.findElements(By.cssSelector(".calendar-weekday")).stream().map(WebElement::getText).toList())
        .containsExactly("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс");
    Browser.screenshot(driver, "reports-calendar-rop");
    LocalDate first = today.minusDays(1).withDayOfMonth(1);
    // The first day stands under its weekday: as many empty cells before it as days from Monday.
    assertThat(calendar.findElements(By.cssSelector(".calendar-days > span:not(.calendar-weekday)"))).hasSize(first.getDayOfWeek().getValue() - 1);
    calendar.findElement(By.cssSelector("button[data-date='" + first + "']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".calendar")));
    assertThat(driver.findElement(By.id("to")).getAttribute("value")).isEqualTo(first.format(RUSSIAN));
  }

  @Test
  void aManagerGetsHerOwnFiguresUnderHerOwnName() throws Exception {
    aFunnelWithATinySegment();
    openReportsAs("manager1");

    assertThat(driver.findElement(By.id("page-title")).getText()).isEqualTo("Мои показатели — Анна Смирнова");
    assertThat(driver.getTitle()).startsWith("Мои показатели — Анна Смирнова");
    assertThat(text()).doesNotContain("Отчёты РОП", "Игорь Петров", "Мария Кузнецова").contains("Вы видите только свои сделки и задачи.");
    // No way to Cockpit, which a manager does not have; Tasklist stays.
    assertThat(driver.findElement(By.tagName("nav")).getText()).isEqualTo("Tasklist");
    // Her charts are drawn from her deals (at least the 30 new ones of today), with readable labels.
    assertFunnelLabelsAreReadable("manager1");
    assertThat(((Number) conversionStages().get(0).get("entered")).longValue()).isGreaterThanOrEqualTo(30);
    assertThat(driver.findElement(By.cssSelector("#table-workload tbody")).getText()).doesNotContain("Игорь Петров");
    // The server, not the page, decides: asked directly, it answers with her figures only.
    @SuppressWarnings("unchecked")
    List<String> managers =
        (List<String>)
            driver.executeAsyncScript(
                "const done = arguments[0];"
                    + "fetch('/reports/api/workload?funnel=course-sale').then(r => r.json()).then(b => done(b.managers.map(m => m.manager)));");
    assertThat(managers).containsExactly("manager1");
    assertThat(driver.findElements(By.cssSelector("a.csv"))).allSatisfy(link -> assertThat(link.isDisplayed()).isFalse());
    driver.manage().window().setSize(new Dimension(1400, 1900));
    Browser.screenshot(driver, "reports-funnel-manager1");
  }
}
