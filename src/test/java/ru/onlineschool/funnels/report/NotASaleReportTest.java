package ru.onlineschool.funnels.report;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * «Reports count sales, not noise» (issue 17): deals closed as «Дубль», «Тест» or «Спам» never
 * were a sale; the conversion and the loss-reason reports show them apart, under the line «Не
 * продажи: дубль, тест, спам», and count neither their stage entries nor their losses. Which
 * reasons those are is the process owner's table «Не продажи» ({@code bpmn/not-a-sale.dmn}).
 * A prepared October 2017 of «Продажа курса» (no other test writes there), counted by hand:
 *
 * <pre>
 * deal manager   stages (October 2017, Moscow)                          closed as
 * S1   manager1  NEW, ACCEPTED 02.10 → QUALIFIED → WON 05.10             won
 * S2   manager1  NEW, ACCEPTED 03.10 → QUALIFIED → LOST 06.10            «Дорого»
 * S3   manager2  NEW, ACCEPTED 03.10 → NOT_REACHED → LOST 07.10          «Не дозвонились»
 * S4   manager2  NEW, ACCEPTED 09.10 → LOST 10.10                         «Не оставлял заявку»
 * N1   manager1  NEW 04.10 → LOST 04.10                                   «Дубль»
 * N2   manager2  NEW, ACCEPTED 05.10 → LOST 05.10                         «Дубль»
 * N3   manager2  NEW, ACCEPTED 06.10 → QUALIFIED → LOST 08.10            «Тест»
 * N4   manager1  NEW 07.10 → LOST 07.10                                   «Спам»
 * </pre>
 */
@ApplicationTest
class NotASaleReportTest {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final String OCTOBER = "funnel=course-sale&from=2017-10-01&to=2017-10-31";
  private static final String NOT_SALE = "Не продажи: дубль, тест, спам";

  @Autowired TestRestTemplate rest;

  @BeforeAll
  static void prepareOctober(@Autowired DealStore deals, @Autowired JdbcTemplate jdbc) {
    Long earlier =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM timeline_entry WHERE occurred_at >= ? AND occurred_at < ?",
            Long.class,
            at(10, 1, 0).minusSeconds(86400 * 30).atOffset(ZoneOffset.UTC),
            at(10, 31, 0).plusSeconds(86400 * 60).atOffset(ZoneOffset.UTC));
    assertThat(earlier).as("no other test writes into autumn 2017").isZero();
    deal(deals, "manager1", 2, List.of("NEW", "ACCEPTED", "QUALIFIED"), "WON", null, 5);
    deal(deals, "manager1", 3, List.of("NEW", "ACCEPTED", "QUALIFIED"), "LOST", "Дорого", 6);
    deal(deals, "manager2", 3, List.of("NEW", "ACCEPTED", "NOT_REACHED"), "LOST", "Не дозвонились", 7);
    deal(deals, "manager2", 9, List.of("NEW", "ACCEPTED"), "LOST", "Не оставлял заявку", 10);
    deal(deals, "manager1", 4, List.of("NEW"), "LOST", "Дубль", 4);
    deal(deals, "manager2", 5, List.of("NEW", "ACCEPTED"), "LOST", "Дубль", 5);
    deal(deals, "manager2", 6, List.of("NEW", "ACCEPTED", "QUALIFIED"), "LOST", "Тест", 8);
    deal(deals, "manager1", 7, List.of("NEW"), "LOST", "Спам", 7);
  }

  /** A deal created on {@code day} that went through {@code path} that day, hour by hour, and closed on {@code closedOn}. */
  private static void deal(DealStore deals, String manager, int day, List<String> path, String outcome, String reason, int closedOn) {
    Instant created = at(10, day, 10);
    long contact = deals.createContact(new NewContact("Октябрьский Клиент", TestPhones.unique(), null, null), created);
    long deal = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), created);
    deals.setResponsible(deal, manager);
    for (int i = 0; i < path.size(); i++) {
      stage(deals, deal, path.get(i), created.plusSeconds(3600L * i));
    }
    Instant closed = at(10, closedOn, 18);
    stage(deals, deal, outcome, closed);
    deals.close(deal, outcome, reason, closed);
  }

  private static void stage(DealStore deals, long deal, String code, Instant at) {
    deals.enterStage(deal, new Stage(code, code), at);
    deals.appendTimeline(deal, at, TimelineKind.STAGE, code, "Этап: " + code, null);
  }

  private static Instant at(int month, int day, int hour) {
    return LocalDateTime.of(2017, month, day, hour, 0).atZone(MOSCOW).toInstant();
  }

  private ResponseEntity<String> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private static Map<String, JsonNode> byField(JsonNode array, String field) {
    Map<String, JsonNode> map = new HashMap<>();
    array.forEach(node -> map.put(node.path(field).asText(), node));
    return map;
  }

  /** «Дубль» → 2, in the report's order. */
  private static Map<String, Long> counts(JsonNode reasons) {
    Map<String, Long> counts = new LinkedHashMap<>();
    reasons.forEach(r -> counts.put(r.path("reason").asText(), r.path("deals").asLong()));
    return counts;
  }

  /** entered, movedOn, lost, won, wonPercent, notSale of a stage. */
  private static List<Object> figures(JsonNode stage) {
    return List.of(
        stage.path("entered").asLong(),
        stage.path("movedOn").asLong(),
        stage.path("lost").asLong(),
        stage.path("won").asLong(),
        stage.path("wonPercent").decimalValue().stripTrailingZeros().toPlainString(),
        stage.path("notSale").asLong());
  }

  @Test
  void conversionCountsOnlySalesAndShowsDuplicatesTestsAndSpamApart() {
    JsonNode report = parse(get("rop", "/api/reports/conversion?" + OCTOBER));

    Map<String, JsonNode> stages = byField(report.path("stages"), "code");
    // Four sales entered «Новая заявка», one of them won: 25 %, not 1 of 8; the four noise deals apart.
    assertThat(figures(stages.get("NEW"))).containsExactly(4L, 4L, 0L, 1L, "25", 4L);
    assertThat(figures(stages.get("ACCEPTED"))).containsExactly(4L, 3L, 1L, 1L, "25", 2L);
    assertThat(figures(stages.get("QUALIFIED"))).containsExactly(2L, 1L, 1L, 1L, "50", 1L);
    assertThat(figures(stages.get("NOT_REACHED"))).containsExactly(1L, 0L, 1L, 0L, "0", 0L);
    assertThat(stages.get("LOST").path("entered").asLong()).as("lost sales").isEqualTo(3);
    assertThat(stages.get("LOST").path("notSale").asLong()).isEqualTo(4);

    JsonNode notSale = report.path("notSale");
    assertThat(notSale.path("label").asText()).isEqualTo(NOT_SALE);
    assertThat(notSale.path("deals").asLong()).isEqualTo(4);
    assertThat(counts(notSale.path("reasons"))).containsExactly(Map.entry("Дубль", 2L), Map.entry("Спам", 1L), Map.entry("Тест", 1L));

    List<String> transitions = new ArrayList<>();
    report.path("transitions").forEach(t -> transitions.add(t.path("from").asText() + "→" + t.path("to").asText("") + " " + t.path("deals").asLong()));
    assertThat(transitions)
        .as("a duplicate closed right at «Новая заявка» is no NEW→LOST")
        .containsExactlyInAnyOrder(
            "NEW→ACCEPTED 4", "ACCEPTED→QUALIFIED 2", "ACCEPTED→NOT_REACHED 1", "ACCEPTED→LOST 1", "QUALIFIED→WON 1", "QUALIFIED→LOST 1",
            "NOT_REACHED→LOST 1");
  }

  @Test
  void lossReasonsAreLostSalesAndTheNoiseIsListedApart() {
    JsonNode report = parse(get("rop", "/api/reports/loss-reasons?" + OCTOBER));

    assertThat(report.path("total").asLong()).as("lost sales").isEqualTo(3);
    assertThat(counts(report.path("reasons"))).containsOnlyKeys("Дорого", "Не дозвонились", "Не оставлял заявку");
    assertThat(byField(report.path("reasons"), "reason").get("Дорого").path("percent").decimalValue()).isEqualByComparingTo("33.3");
    JsonNode notSale = report.path("notSale");
    assertThat(notSale.path("label").asText()).isEqualTo(NOT_SALE);
    assertThat(notSale.path("deals").asLong()).isEqualTo(4);
    assertThat(counts(notSale.path("reasons"))).containsExactly(Map.entry("Дубль", 2L), Map.entry("Спам", 1L), Map.entry("Тест", 1L));
    assertThat(byField(notSale.path("reasons"), "reason").get("Дубль").path("percent").decimalValue()).isEqualByComparingTo("50.0");
  }

  @Test
  void theCsvExportsShowTheNoiseApartToo() {
    String conversion = get("rop", "/api/reports/conversion.csv?" + OCTOBER).getBody();
    assertThat(conversion)
        .startsWith("\uFEFFЭтап;Код этапа;Вошли;Перешли дальше;Закрыты с этапа;Успешно реализованы;Дальше, %;В успех, %;Не продажи\r\n")
        .contains("Новая заявка;NEW;4;4;0;1;100,0;25,0;4\r\n")
        .endsWith(NOT_SALE + ";;;;;;;;4\r\n");

    ResponseEntity<String> losses = get("admin", "/api/reports/loss-reasons.csv?" + OCTOBER);
    assertThat(losses.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(losses.getBody())
        .startsWith("\uFEFFПричина отказа;Сделок;Доля, %;Учёт\r\n")
        .contains(
            "Дорого;1;33,3;Потерянные продажи\r\n",
            "Дубль;2;50,0;" + NOT_SALE + "\r\n",
            "Спам;1;25,0;" + NOT_SALE + "\r\n",
            "Тест;1;25,0;" + NOT_SALE + "\r\n");
    assertThat(losses.getBody().indexOf("Не дозвонились")).as("lost sales come first").isLessThan(losses.getBody().indexOf("Дубль"));
  }

  @Test
  void aManagerSeesHerOwnNoiseApart() {
    JsonNode conversion = parse(get("manager1", "/api/reports/conversion?" + OCTOBER));
    JsonNode newLeads = byField(conversion.path("stages"), "code").get("NEW");
    assertThat(newLeads.path("entered").asLong()).isEqualTo(2);
    assertThat(newLeads.path("notSale").asLong()).isEqualTo(2);

    JsonNode losses = parse(get("manager1", "/api/reports/loss-reasons?" + OCTOBER));
    assertThat(counts(losses.path("reasons"))).containsExactly(Map.entry("Дорого", 1L));
    assertThat(counts(losses.path("notSale").path("reasons"))).containsOnly(Map.entry("Дубль", 1L), Map.entry("Спам", 1L));
  }

  /** A client leaves a second lead while the first is open: the process closes it as «Дубль», and the reports show it apart. */
  @Test
  void aRepeatedLeadClosedByTheProcessAsDuplicateIsNoLostSale() {
    String today = "funnel=course-sale&from=" + java.time.LocalDate.now(MOSCOW) + "&to=" + java.time.LocalDate.now(MOSCOW);
    JsonNode conversionBefore = parse(get("rop", "/api/reports/conversion?" + today));
    JsonNode lossesBefore = parse(get("rop", "/api/reports/loss-reasons?" + today));

    String phone = TestPhones.unique();
    long first = parse(postWithKey(rest, "/api/leads", json(lead("Дважды Пишущий", phone)))).path("dealId").asLong();
    JsonNode again = parse(postWithKey(rest, "/api/leads", json(lead("Дважды Пишущий", phone))));
    assertThat(again.path("duplicateOf").asLong()).isEqualTo(first);

    JsonNode conversion = parse(get("rop", "/api/reports/conversion?" + today));
    assertThat(entered(conversion, "NEW") - entered(conversionBefore, "NEW")).as("only the first lead is a new sale").isEqualTo(1);
    assertThat(entered(conversion, "LOST") - entered(conversionBefore, "LOST")).as("no lost sale").isZero();
    assertThat(conversion.path("notSale").path("deals").asLong() - conversionBefore.path("notSale").path("deals").asLong()).isEqualTo(1);
    assertThat(conversion.path("notSale").path("label").asText()).isEqualTo(NOT_SALE);

    JsonNode losses = parse(get("rop", "/api/reports/loss-reasons?" + today));
    assertThat(losses.path("total").asLong()).isEqualTo(lossesBefore.path("total").asLong());
    assertThat(counts(losses.path("reasons"))).doesNotContainKey("Дубль");
    assertThat(counts(losses.path("notSale").path("reasons")).get("Дубль") - counts(lossesBefore.path("notSale").path("reasons")).getOrDefault("Дубль", 0L))
        .isEqualTo(1);
  }

  private static long entered(JsonNode conversion, String stage) {
    return byField(conversion.path("stages"), "code").get(stage).path("entered").asLong();
  }

  @Test
  void theProcessOwnerAddsAReasonToTheTableAndTheReportsFollowWithoutAJavaChange(@Autowired RepositoryService repository) {
    repository.createDeployment().name("not a sale: no lead too").addClasspathResource("dmn-test/not-a-sale-no-lead-too.dmn").deploy();
    try {
      // The reports read a new table within a minute of its deployment.
      ClockUtil.setCurrentTime(Date.from(Instant.now().plusSeconds(120)));

      JsonNode losses = parse(get("rop", "/api/reports/loss-reasons?" + OCTOBER));
      assertThat(losses.path("total").asLong()).isEqualTo(2);
      assertThat(counts(losses.path("reasons"))).containsOnlyKeys("Дорого", "Не дозвонились");
      assertThat(losses.path("notSale").path("label").asText()).isEqualTo("Не продажи: дубль, тест, спам, не оставлял заявку");
      assertThat(counts(losses.path("notSale").path("reasons"))).containsEntry("Не оставлял заявку", 1L).hasSize(4);

      JsonNode conversion = parse(get("rop", "/api/reports/conversion?" + OCTOBER));
      JsonNode newLeads = byField(conversion.path("stages"), "code").get("NEW");
      assertThat(newLeads.path("entered").asLong()).isEqualTo(3);
      assertThat(newLeads.path("notSale").asLong()).isEqualTo(5);
      assertThat(newLeads.path("wonPercent").decimalValue()).isEqualByComparingTo("33.3");
    } finally {
      repository.createDeployment().name("default not a sale").addClasspathResource("bpmn/not-a-sale.dmn").deploy();
      ClockUtil.reset();
    }
    assertThat(parse(get("rop", "/api/reports/loss-reasons?" + OCTOBER)).path("total").asLong()).as("the shipped table again").isEqualTo(3);
  }
}
