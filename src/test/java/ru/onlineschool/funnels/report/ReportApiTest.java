package ru.onlineschool.funnels.report;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * The reports on a prepared history in February 2021 (no other test writes there), with
 * answers counted by hand:
 *
 * <pre>
 * deal manager   created        first contact   stages (times in Moscow)
 * D1   manager1  01.02 10:00    10 min (task)   NEW, ACCEPTED 01.02 10:00 → QUALIFIED 10:10 → INVOICE_SENT 03.02 → WON 05.02
 * D2   manager1  02.02 12:00    30 min (call)   NEW, ACCEPTED 02.02 12:00 → NOT_REACHED 12:30 → LOST 04.02 «Не дозвонились»
 * D3   manager2  03.02 09:00     5 min (task)   NEW, ACCEPTED 03.02 09:00 → QUALIFIED 09:05 → LOST 10.02 «Дорого»
 * D4   manager2  04.02 09:00    20 min (task)   NEW, ACCEPTED 04.02 09:00 → QUALIFIED 09:20 (still there)
 * D5   manager2  05.02 09:00    never           NEW, ACCEPTED 05.02 09:00 (still there)
 * D6   manager1  31.01 10:00    before Feb      NEW, ACCEPTED 31.01 → QUALIFIED 01.02 12:00 → WON 05.03 (after the period)
 * </pre>
 */
@ApplicationTest
class ReportApiTest {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final String FEBRUARY = "funnel=course-sale&from=2021-02-01&to=2021-02-28";

  @Autowired TestRestTemplate rest;

  @BeforeAll
  static void prepareHistory(@Autowired DealStore deals, @Autowired JdbcTemplate jdbc) {
    Long earlier =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM timeline_entry WHERE occurred_at >= ? AND occurred_at < ?",
            Long.class,
            at(2021, 1, 1, 0, 0).atOffset(java.time.ZoneOffset.UTC),
            at(2021, 4, 1, 0, 0).atOffset(java.time.ZoneOffset.UTC));
    assertThat(earlier).as("no other test writes into early 2021").isZero();
    long d1 = deal(deals, "manager1", at(2021, 2, 1, 10, 0));
    stage(deals, d1, "NEW", at(2021, 2, 1, 10, 0));
    stage(deals, d1, "ACCEPTED", at(2021, 2, 1, 10, 0));
    deals.appendTimeline(d1, at(2021, 2, 1, 10, 10), TimelineKind.TASK_RESULT, null, "«Обработать заявку»: квалифицирован", "manager1");
    stage(deals, d1, "QUALIFIED", at(2021, 2, 1, 10, 10));
    stage(deals, d1, "INVOICE_SENT", at(2021, 2, 3, 15, 0));
    stage(deals, d1, "WON", at(2021, 2, 5, 11, 0));
    deals.close(d1, "WON", null, at(2021, 2, 5, 11, 0));

    long d2 = deal(deals, "manager1", at(2021, 2, 2, 12, 0));
    stage(deals, d2, "NEW", at(2021, 2, 2, 12, 0));
    stage(deals, d2, "ACCEPTED", at(2021, 2, 2, 12, 0));
    deals.appendTimeline(d2, at(2021, 2, 2, 12, 30), TimelineKind.CALL, null, "Недозвон: попытка 1", "manager1");
    stage(deals, d2, "NOT_REACHED", at(2021, 2, 2, 12, 30));
    stage(deals, d2, "LOST", at(2021, 2, 4, 18, 0));
    deals.close(d2, "LOST", "Не дозвонились", at(2021, 2, 4, 18, 0));

    long d3 = deal(deals, "manager2", at(2021, 2, 3, 9, 0));
    stage(deals, d3, "NEW", at(2021, 2, 3, 9, 0));
    stage(deals, d3, "ACCEPTED", at(2021, 2, 3, 9, 0));
    deals.appendTimeline(d3, at(2021, 2, 3, 9, 5), TimelineKind.TASK_RESULT, null, "«Обработать заявку»: квалифицирован", "manager2");
    stage(deals, d3, "QUALIFIED", at(2021, 2, 3, 9, 5));
    stage(deals, d3, "LOST", at(2021, 2, 10, 13, 0));
    deals.close(d3, "LOST", "Дорого", at(2021, 2, 10, 13, 0));

    long d4 = deal(deals, "manager2", at(2021, 2, 4, 9, 0));
    stage(deals, d4, "NEW", at(2021, 2, 4, 9, 0));
    stage(deals, d4, "ACCEPTED", at(2021, 2, 4, 9, 0));
    deals.appendTimeline(d4, at(2021, 2, 4, 9, 20), TimelineKind.TASK_RESULT, null, "«Обработать заявку»: квалифицирован", "manager2");
    stage(deals, d4, "QUALIFIED", at(2021, 2, 4, 9, 20));

    long d5 = deal(deals, "manager2", at(2021, 2, 5, 9, 0));
    stage(deals, d5, "NEW", at(2021, 2, 5, 9, 0));
    stage(deals, d5, "ACCEPTED", at(2021, 2, 5, 9, 0));

    long d6 = deal(deals, "manager1", at(2021, 1, 31, 10, 0));
    stage(deals, d6, "NEW", at(2021, 1, 31, 10, 0));
    stage(deals, d6, "ACCEPTED", at(2021, 1, 31, 10, 0));
    deals.appendTimeline(d6, at(2021, 1, 31, 10, 3), TimelineKind.TASK_RESULT, null, "«Обработать заявку»: перезвонить", "manager1");
    stage(deals, d6, "QUALIFIED", at(2021, 2, 1, 12, 0));
    stage(deals, d6, "WON", at(2021, 3, 5, 12, 0));
    deals.close(d6, "WON", null, at(2021, 3, 5, 12, 0));
  }

  private static long deal(DealStore deals, String manager, Instant created) {
    long contact = deals.createContact(new NewContact("Отчётный Клиент", TestPhones.unique(), null, null), created);
    long deal = deals.createDeal(new NewDeal("course-sale", contact, "Python", null, null), created);
    deals.setResponsible(deal, manager);
    return deal;
  }

  private static void stage(DealStore deals, long deal, String code, Instant at) {
    deals.enterStage(deal, new Stage(code, code), at);
    deals.appendTimeline(deal, at, TimelineKind.STAGE, code, "Этап: " + code, null);
  }

  private static Instant at(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(MOSCOW).toInstant();
  }

  private ResponseEntity<String> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private static Map<String, JsonNode> byField(JsonNode array, String field) {
    Map<String, JsonNode> map = new HashMap<>();
    array.forEach(node -> map.put(node.path(field).asText(), node));
    return map;
  }

  @Test
  void conversionComesFromTheTimelineOfTheDealsThatEnteredEachStageInThePeriod() {
    ResponseEntity<String> response = get("rop", "/api/reports/conversion?" + FEBRUARY);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode report = parse(response);
    assertThat(report.path("funnel").path("title").asText()).isEqualTo("Продажа курса");
    assertThat(report.path("from").asText()).isEqualTo("2021-02-01");
    Map<String, JsonNode> stages = byField(report.path("stages"), "code");
    assertThat(stages.get("NEW").path("title").asText()).isEqualTo("Новая заявка");
    assertStage(stages.get("NEW"), 5, 5, 0, 1, "100.0", "20.0");
    assertStage(stages.get("ACCEPTED"), 5, 4, 0, 1, "80.0", "20.0");
    assertStage(stages.get("NOT_REACHED"), 1, 0, 1, 0, "0.0", "0.0");
    // D1, D3, D4 and D6 (created in January, qualified on 1 February, won in March).
    assertStage(stages.get("QUALIFIED"), 4, 2, 1, 2, "50.0", "50.0");
    assertStage(stages.get("INVOICE_SENT"), 1, 1, 0, 1, "100.0", "100.0");
    assertStage(stages.get("WON"), 1, 0, 0, 1, "0.0", "100.0");
    assertStage(stages.get("LOST"), 2, 0, 0, 0, "0.0", "0.0");
    assertStage(stages.get("CHAT"), 0, 0, 0, 0, "0.0", "0.0");

    Map<String, Long> transitions = new HashMap<>();
    report.path("transitions").forEach(t -> transitions.put(t.path("from").asText() + "→" + t.path("to").asText(""), t.path("deals").asLong()));
    assertThat(transitions)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "NEW→ACCEPTED", 5L,
                "ACCEPTED→QUALIFIED", 3L,
                "ACCEPTED→NOT_REACHED", 1L,
                "ACCEPTED→", 1L,
                "NOT_REACHED→LOST", 1L,
                "QUALIFIED→INVOICE_SENT", 1L,
                "QUALIFIED→LOST", 1L,
                "QUALIFIED→WON", 1L,
                "QUALIFIED→", 1L,
                "INVOICE_SENT→WON", 1L));
  }

  private static void assertStage(JsonNode stage, long entered, long movedOn, long lost, long won, String movedOnPercent, String wonPercent) {
    assertThat(stage.path("entered").asLong()).as(stage.path("code") + " entered").isEqualTo(entered);
    assertThat(stage.path("movedOn").asLong()).as(stage.path("code") + " movedOn").isEqualTo(movedOn);
    assertThat(stage.path("lost").asLong()).as(stage.path("code") + " lost").isEqualTo(lost);
    assertThat(stage.path("won").asLong()).as(stage.path("code") + " won").isEqualTo(won);
    assertThat(stage.path("movedOnPercent").decimalValue()).isEqualByComparingTo(movedOnPercent);
    assertThat(stage.path("wonPercent").decimalValue()).isEqualByComparingTo(wonPercent);
  }

  @Test
  void aShorterPeriodCountsOnlyItsOwnStageEntries() {
    JsonNode report = parse(get("rop", "/api/reports/conversion?funnel=course-sale&from=2021-02-03&to=2021-02-04"));

    Map<String, JsonNode> stages = byField(report.path("stages"), "code");
    assertThat(stages.get("NEW").path("entered").asLong()).isEqualTo(2);
    assertThat(stages.get("QUALIFIED").path("entered").asLong()).isEqualTo(2);
    assertThat(stages.get("INVOICE_SENT").path("entered").asLong()).isEqualTo(1);
    assertThat(stages.get("LOST").path("entered").asLong()).isEqualTo(1);
  }

  @Test
  void lossReasonsOfThePeriod() {
    JsonNode report = parse(get("rop", "/api/reports/loss-reasons?" + FEBRUARY));

    assertThat(report.path("total").asLong()).isEqualTo(2);
    Map<String, JsonNode> reasons = byField(report.path("reasons"), "reason");
    assertThat(reasons).containsOnlyKeys("Не дозвонились", "Дорого");
    assertThat(reasons.get("Дорого").path("deals").asLong()).isEqualTo(1);
    assertThat(reasons.get("Дорого").path("percent").decimalValue()).isEqualByComparingTo("50.0");
  }

  @Test
  void firstContactWithinFifteenMinutesAndTheMedianPerManager() {
    JsonNode report = parse(get("rop", "/api/reports/first-contact?" + FEBRUARY));

    assertThat(report.path("slaMinutes").asLong()).isEqualTo(15);
    Map<String, JsonNode> managers = byField(report.path("managers"), "manager");
    assertThat(managers).containsOnlyKeys("manager1", "manager2");
    JsonNode anna = managers.get("manager1");
    assertThat(anna.path("name").asText()).isEqualTo("Анна Смирнова");
    assertThat(anna.path("leads").asLong()).isEqualTo(2);
    assertThat(anna.path("answered").asLong()).isEqualTo(2);
    assertThat(anna.path("withinSla").asLong()).isEqualTo(1);
    assertThat(anna.path("withinSlaPercent").decimalValue()).isEqualByComparingTo("50.0");
    assertThat(anna.path("medianMinutes").decimalValue()).isEqualByComparingTo("20.0");
    JsonNode igor = managers.get("manager2");
    assertThat(igor.path("leads").asLong()).isEqualTo(3);
    assertThat(igor.path("answered").asLong()).isEqualTo(2);
    assertThat(igor.path("withinSla").asLong()).isEqualTo(1);
    assertThat(igor.path("withinSlaPercent").decimalValue()).isEqualByComparingTo("33.3");
    assertThat(igor.path("medianMinutes").decimalValue()).isEqualByComparingTo("12.5");
  }

  @Test
  void aManagerSeesOnlyHerOwnFigures() {
    JsonNode sla = parse(get("manager1", "/api/reports/first-contact?" + FEBRUARY));
    assertThat(byField(sla.path("managers"), "manager")).containsOnlyKeys("manager1");

    JsonNode conversion = parse(get("manager1", "/api/reports/conversion?" + FEBRUARY));
    Map<String, JsonNode> stages = byField(conversion.path("stages"), "code");
    assertThat(stages.get("NEW").path("entered").asLong()).isEqualTo(2);
    assertThat(stages.get("QUALIFIED").path("entered").asLong()).isEqualTo(2);
    assertThat(stages.get("QUALIFIED").path("won").asLong()).isEqualTo(2);

    JsonNode losses = parse(get("manager2", "/api/reports/loss-reasons?" + FEBRUARY));
    assertThat(byField(losses.path("reasons"), "reason")).containsOnlyKeys("Дорого");

    JsonNode workload = parse(get("manager2", "/api/reports/workload?funnel=course-sale"));
    assertThat(byField(workload.path("managers"), "manager")).containsOnlyKeys("manager2");
  }

  @Test
  void theHeadOfSalesExportsCsvAManagerMayNot() {
    ResponseEntity<byte[]> csv =
        rest.withBasicAuth("rop", "demo").getForEntity("/api/reports/first-contact.csv?" + FEBRUARY, byte[].class);

    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
    assertThat(csv.getHeaders().getContentDisposition().getFilename()).isEqualTo("first-contact-course-sale-2021-02-01-2021-02-28.csv");
    String text = new String(csv.getBody(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFFМенеджер;Логин;Заявок;Отвечено;В срок;В срок, %;Медиана, мин\r\n");
    assertThat(text).contains("Анна Смирнова;manager1;2;2;1;50,0;20,0\r\n", "Игорь Петров;manager2;3;2;1;33,3;12,5\r\n");

    ResponseEntity<String> refused = get("manager1", "/api/reports/first-contact.csv?" + FEBRUARY);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(refused).path("detail").asText()).isEqualTo("Выгрузка отчётов доступна только РОП и администраторам.");

    assertThat(get("admin", "/api/reports/loss-reasons.csv?" + FEBRUARY).getBody()).contains("Дорого;1;50,0");
  }

  @Test
  void curatorsAndStrangersGetNoReports() {
    ResponseEntity<String> curator = get("curator1", "/api/reports/board?funnel=course-sale");
    assertThat(curator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(curator).path("title").asText()).isEqualTo("Доступ запрещён");
    // Asked who he is, the curator learns he reads no reports (the page says so instead of failing).
    ResponseEntity<String> curatorViewer = get("curator1", "/api/reports/viewer");
    assertThat(curatorViewer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(curatorViewer).path("name").asText()).isEqualTo("Елена Васильева");
    assertThat(parse(curatorViewer).path("mayRead").asBoolean(true)).isFalse();
    assertThat(parse(curatorViewer).path("canExport").asBoolean(true)).isFalse();
    assertThat(parse(curatorViewer).path("funnels")).isEmpty();
    assertThat(parse(get("manager1", "/api/reports/viewer")).path("mayRead").asBoolean(false)).isTrue();

    ResponseEntity<String> nobody = rest.getForEntity("/api/reports/board", String.class);
    assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(get("rop", "/api/reports/board?funnel=course-delivery").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get("admin", "/api/reports/board?funnel=course-delivery").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void thePageAndItsDataNeedTheWebappLoginAndOnlyRead() throws Exception {
    // Without a session the page sends to Tasklist's login, which brings the user back (issue 16).
    java.net.http.HttpResponse<String> page =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(rest.getRootUri() + "/reports?funnel=webinar")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .contains("/camunda/app/tasklist/default/?school-return=" + java.net.URLEncoder.encode("/reports?funnel=webinar", java.nio.charset.StandardCharsets.UTF_8));

    ResponseEntity<String> data = rest.getForEntity("/reports/api/board", String.class);
    assertThat(data.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(data.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    // Basic is for /api; the page's addresses take only the webapps' session.
    assertThat(get("rop", "/reports/api/board").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.postForEntity("/reports/api/board", "", String.class).getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);

    ResponseEntity<String> charts = rest.getForEntity("/webjars/echarts/5.3.1/dist/echarts.min.js", String.class);
    assertThat(charts.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(charts.getBody()).contains("echarts");
  }

  @Test
  void badFunnelsAndPeriodsAreExplained() {
    ResponseEntity<String> funnel = get("rop", "/api/reports/board?funnel=roofing");
    assertThat(funnel.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(funnel)).containsEntry("funnel", "Неизвестная воронка: roofing");

    ResponseEntity<String> backwards = get("rop", "/api/reports/conversion?funnel=course-sale&from=2021-03-01&to=2021-02-01");
    assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(backwards)).containsEntry("to", "Конец периода раньше начала");

    ResponseEntity<String> notADate = get("rop", "/api/reports/conversion?from=1.02.2021");
    assertThat(notADate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(notADate)).containsKey("from");
  }

  @Test
  void theBoardCountsOpenDealsAtTheirCurrentStage(@Autowired DealStore deals) {
    long before = trialHeld();
    long deal = deal(deals, "manager3", Instant.now());
    deals.enterStage(deal, new Stage("TRIAL_HELD", "Пробный урок проведен"), Instant.now());

    JsonNode board = parse(get("rop", "/api/reports/board?funnel=course-sale"));
    assertThat(board.path("stages").get(0).path("code").asText()).isEqualTo("NEW");
    assertThat(byField(board.path("stages"), "code")).doesNotContainKeys("WON", "LOST");
    assertThat(trialHeld()).isEqualTo(before + 1);
  }

  private long trialHeld() {
    JsonNode board = parse(get("rop", "/api/reports/board?funnel=course-sale"));
    JsonNode stage = byField(board.path("stages"), "code").get("TRIAL_HELD");
    assertThat(stage.path("title").asText()).isEqualTo("Пробный урок проведен");
    return stage.path("deals").asLong();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "course-sale     | NEW ACCEPTED NOT_REACHED CHAT QUALIFIED TRIAL_SCHEDULED TRIAL_HELD INVOICE_SENT",
        "course-delivery | SCHEDULED NOTIFIED IN_PROGRESS FINISHED CERT_SENT",
        "webinar         | REGISTERED INVITED ATTENDED NEED_IDENTIFIED",
        "reanimation     | COLD_CALL NOT_REACHED CONTACTED NEED_IDENTIFIED"
      })
  void everyBoardListsItsStagesInTheModelsOrder(String funnel, String codes) {
    List<String> expected = List.of(codes.split(" "));
    List<String> board = codes(parse(get("admin", "/api/reports/board?funnel=" + funnel)).path("stages"));
    // Deals other tests left at codes the model does not have come after the model's stages.
    assertThat(board.subList(0, Math.min(expected.size(), board.size()))).containsExactlyElementsOf(expected);
  }

  @Test
  void theWebinarBoardHasTheModelsTitlesAndItsClosingStagesComeLastInConversion() {
    JsonNode board = parse(get("rop", "/api/reports/board?funnel=webinar"));
    assertThat(board.path("stages").get(1).path("title").asText()).isEqualTo("Приглашение выслано");
    JsonNode conversion = parse(get("rop", "/api/reports/conversion?funnel=course-sale&from=2021-02-01&to=2021-02-28"));
    List<String> stages = codes(conversion.path("stages"));
    assertThat(stages.subList(stages.indexOf("INVOICE_SENT"), stages.indexOf("INVOICE_SENT") + 3)).containsExactly("INVOICE_SENT", "WON", "LOST");
  }

  @Test
  void aStageAddedInModelerShowsInTheReportsWithoutAJavaChange(@Autowired RepositoryService repository) {
    assertThat(codes(parse(get("rop", "/api/reports/board?funnel=webinar")).path("stages"))).doesNotContain("CONFIRMED");

    String deployment =
        repository.createDeployment().name("webinar-with-confirmed-stage").addClasspathResource("bpmn-test/webinar-with-confirmed-stage.bpmn").deploy().getId();
    try {
      JsonNode board = parse(get("rop", "/api/reports/board?funnel=webinar"));
      assertThat(codes(board.path("stages"))).startsWith("REGISTERED", "CONFIRMED", "INVITED", "ATTENDED", "NEED_IDENTIFIED");
      assertThat(board.path("stages").get(1).path("title").asText()).isEqualTo("Регистрация подтверждена");
      assertThat(board.path("stages").get(1).path("deals").asLong()).isZero();
      JsonNode conversion = parse(get("rop", "/api/reports/conversion?funnel=webinar&from=2021-02-01&to=2021-02-28"));
      assertThat(codes(conversion.path("stages"))).startsWith("REGISTERED", "CONFIRMED", "INVITED");
    } finally {
      // The shared context's other tests run the webinar model of bpmn/: it is the latest again.
      repository.deleteDeployment(deployment, true);
    }
    assertThat(codes(parse(get("rop", "/api/reports/board?funnel=webinar")).path("stages"))).doesNotContain("CONFIRMED");
  }

  private static List<String> codes(JsonNode stages) {
    List<String> codes = new ArrayList<>();
    stages.forEach(stage -> codes.add(stage.path("code").asText()));
    return codes;
  }

  @Test
  void theWorkloadEstimateSpeaksRussian() {
    assertThat(ReportService.estimate(45, 3)).isEqualTo("45 задач ≈ 2 ч 15 мин");
    assertThat(ReportService.estimate(1, 3)).isEqualTo("1 задача ≈ 3 мин");
    assertThat(ReportService.estimate(22, 3)).isEqualTo("22 задачи ≈ 1 ч 6 мин");
    assertThat(ReportService.estimate(12, 5)).isEqualTo("12 задач ≈ 1 ч 0 мин");
    assertThat(ReportService.estimate(0, 3)).isEqualTo("0 задач ≈ 0 мин");

    JsonNode workload = parse(get("rop", "/api/reports/workload?funnel=course-sale"));
    assertThat(workload.path("minutesPerTask").asInt()).isEqualTo(3);
    assertThat(byField(workload.path("managers"), "manager")).containsKeys("manager1", "manager2", "manager3");
  }
}
