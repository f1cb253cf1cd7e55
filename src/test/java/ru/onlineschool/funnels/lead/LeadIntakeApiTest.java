package ru.onlineschool.funnels.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.footprint;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** POST /api/leads over HTTP: the deal, the process, validation, idempotency and duplicates. */
@ApplicationTest
class LeadIntakeApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired DealStore deals;

  private ResponseEntity<String> postLead(Map<String, Object> lead) {
    return postWithKey(rest, "/api/leads", json(lead));
  }

  private ResponseEntity<String> postLead(Map<String, Object> lead, String idempotencyKey) {
    HttpHeaders headers = Api.keyHeader();
    headers.set("Idempotency-Key", idempotencyKey);
    return Api.post(rest, "/api/leads", json(lead), headers);
  }

  @Test
  void aLeadBecomesADealWhoseProcessWaitsForTheResponsibleManager() {
    String phone = TestPhones.unique();

    ResponseEntity<String> response =
        postLead(
            lead(
                "  Анна Иванова ",
                TestPhones.russianStyle(phone),
                "email",
                " Anna.Ivanova@Example.RU ",
                "course",
                "Python-разработчик",
                "source",
                "landing-python",
                "comment",
                "Позвоните <b>после 18:00</b>",
                "tags",
                List.of("весна", "весна", "скидка"),
                "referer",
                "https://school.example/python?utm=1"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
    JsonNode body = parse(response);
    long dealId = body.path("dealId").asLong();
    assertThat(body.path("funnel").asText()).isEqualTo("course-sale");
    assertThat(body.path("stage").path("code").asText()).isEqualTo("ACCEPTED");
    assertThat(body.path("stage").path("title").asText()).isEqualTo("Принято в работу");
    assertThat(body.path("responsible").asText()).startsWith("manager");
    assertThat(body.path("duplicateOf").isNull()).isTrue();

    Map<String, Object> contact =
        jdbc.queryForMap("SELECT c.name, c.phone, c.email FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?", dealId);
    assertThat(contact).containsEntry("NAME", "Анна Иванова").containsEntry("PHONE", phone).containsEntry("EMAIL", "anna.ivanova@example.ru");
    Map<String, Object> deal = jdbc.queryForMap("SELECT * FROM deal WHERE id = ?", dealId);
    assertThat(deal).containsEntry("FUNNEL", "course-sale").containsEntry("COURSE", "Python-разработчик").containsEntry("LEAD_TYPE", "С лендинга курса");
    assertThat(deal.get("PROCESS_INSTANCE_ID")).isNotNull();
    assertThat(deals.tags(dealId)).containsExactly("весна", "скидка");
    assertThat(deals.timeline(dealId).get(0).text())
        .isEqualTo("Заявка получена: источник landing-python, комментарий Позвоните <b>после 18:00</b>");

    String processInstanceId = (String) deal.get("PROCESS_INSTANCE_ID");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).processInstanceBusinessKey(String.valueOf(dealId)).count())
        .isEqualTo(1);
    Map<String, Object> variables = runtime.getVariables(processInstanceId);
    assertThat(variables)
        .containsEntry("dealId", dealId)
        .containsEntry("clientName", "Анна Иванова")
        .containsEntry("clientPhone", phone)
        .containsEntry("clientEmail", "anna.ivanova@example.ru")
        .containsEntry("course", "Python-разработчик")
        .containsEntry("leadType", "С лендинга курса")
        .containsEntry("source", "landing-python")
        .containsKey("duplicateOf")
        // The page the lead came from is the deal's (lead_source), not a process variable nobody reads (issue 21).
        .doesNotContainKey("referer");
    assertThat(variables.get("duplicateOf")).isNull();
    assertThat(jdbc.queryForObject("SELECT referer FROM lead_source WHERE deal_id = ?", String.class, dealId))
        .isEqualTo("https://school.example/python?utm=1");
    Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_ProcessLead");
    assertThat(task.getAssignee()).isEqualTo(body.path("responsible").asText());
    // The engine's licence-report row per task assignment is not written (issue 21).
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_TASK_METER_LOG", Long.class)).isZero();
  }

  @Test
  void absentFieldsAreStartedAsNullAndTheLeadTypeIsMatchedIgnoringCase() {
    ResponseEntity<String> response =
        postLead(lead("Игорь", null, "email", "igor-" + System.nanoTime() + "@example.ru", "leadType", "webinar-INTENTION"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long dealId = parse(response).path("dealId").asLong();
    String processInstanceId = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
    Map<String, Object> variables = runtime.getVariables(processInstanceId);
    assertThat(variables).containsEntry("leadType", "Webinar-Intention").containsEntry("clientPhone", null);
    assertThat(variables).containsKeys("course", "source", "comment", "duplicateOf");
    assertThat(deals.timeline(dealId).get(0).text()).isEqualTo("Заявка получена: источник не указан, комментарий не оставлен");
  }

  @Test
  void everyBadFieldIsNamedInRussianAndNothingIsStored() {
    Map<String, Long> before = footprint(jdbc);
    String longText = "я".repeat(2001);

    ResponseEntity<String> response =
        postLead(
            lead(
                " ",
                "12345",
                "email",
                "не-почта",
                "leadType",
                "Холодная",
                "course",
                "к".repeat(201),
                "source",
                "строка\u0007",
                "comment",
                longText,
                "tags",
                Collections.nCopies(21, "т"),
                "referer",
                "r".repeat(1001)));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(errors(response))
        .containsEntry("name", "Обязательное поле")
        .containsEntry("phone", "Некорректный номер телефона")
        .containsEntry("email", "Некорректный адрес e-mail")
        .containsEntry("course", "Не длиннее 200 символов")
        .containsEntry("source", "Содержит управляющие символы")
        .containsEntry("comment", "Не длиннее 2000 символов")
        .containsEntry("tags", "Не больше 20 тегов")
        .containsEntry("referer", "Не длиннее 1000 символов");
    assertThat(errors(response).get("leadType"))
        .startsWith("Неизвестный тип заявки. Допустимые: ")
        .contains("С лендинга курса", "Intention", "Webinar-Intention", "С вебинара", "Reffection", "Вернувшиеся", "Productlive / Analyticslive");
    assertThat(parse(response).path("title").asText()).isEqualTo("Некорректный запрос");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void aLeadNeedsAPhoneOrAnEmailAndTagsAndNamesHaveLimits() {
    assertThat(errors(postLead(lead("Без контактов", null)))).containsEntry("phone", "Укажите телефон или e-mail");
    assertThat(errors(postLead(lead("и".repeat(201), TestPhones.unique())))).containsEntry("name", "Не длиннее 200 символов");
    assertThat(errors(postLead(lead("Теги", TestPhones.unique(), "tags", List.of("ok", "т".repeat(61), " ")))))
        .containsEntry("tags[1]", "Не длиннее 60 символов")
        .containsEntry("tags[2]", "Пустой тег");
    assertThat(errors(postLead(lead("Почта", null, "email", "a".repeat(250) + "@x.ru")))).containsEntry("email", "Не длиннее 254 символов");
    assertThat(errors(postLead(lead("Имя\nс переводом", TestPhones.unique())))).containsEntry("name", "Содержит управляющие символы");
  }

  /** The client's time zone and convenient time of a lead, as the contact keeps them: zone, window «с» and «до». */
  private String clientTime(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
    return jdbc.queryForObject(
        "SELECT COALESCE(c.time_zone, '-') || ' ' || COALESCE(c.convenient_from, '-') || ' ' || COALESCE(c.convenient_to, '-')"
            + " FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ?",
        String.class,
        parse(response).path("dealId").asLong());
  }

  /**
   * Issue 17, «The client's time»: the zone comes from {@code timeZone}, else the city, else the
   * region (a table in {@code time-zones/russia.csv}); an unknown city is no error, the client keeps
   * the school's zone; the convenient time is «с» and «до» in HH:mm.
   */
  @Test
  void theClientsZoneComesFromTheZoneTheCityOrTheRegionAndHisConvenientTimeIsKept() {
    assertThat(clientTime(postLead(lead("Пояс", TestPhones.unique(), "timeZone", "Asia/Vladivostok", "city", "Калининград", "convenientFrom", "18:00"))))
        .isEqualTo("Asia/Vladivostok 18:00 -");
    assertThat(clientTime(postLead(lead("Город", TestPhones.unique(), "city", "г. Екатеринбург", "region", "Приморский край", "convenientTo", "12:30"))))
        .isEqualTo("Asia/Yekaterinburg - 12:30");
    assertThat(clientTime(postLead(lead("Регион", TestPhones.unique(), "city", "Урюпинск-на-Марсе", "region", "Приморский край"))))
        .isEqualTo("Asia/Vladivostok - -");
    assertThat(clientTime(postLead(lead("Неизвестный", TestPhones.unique(), "city", "Урюпинск-на-Марсе", "convenientFrom", "10:00", "convenientTo", "12:00"))))
        .as("an unknown city: the school's zone, no error")
        .isEqualTo("- 10:00 12:00");
  }

  @Test
  void aBadZoneOrConvenientTimeIsNamedInRussianAndNothingIsStored() {
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> response =
        postLead(lead("Плохой пояс", TestPhones.unique(), "timeZone", "Moscow", "convenientFrom", "25:00", "convenientTo", "после обеда в пятницу"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(errors(response).get("timeZone")).startsWith("Неизвестный часовой пояс. Допустимые: Europe/Kaliningrad, Europe/Moscow,").contains("Asia/Vladivostok");
    assertThat(errors(response))
        .containsEntry("convenientFrom", "Время — в виде ЧЧ:ММ, например 18:00")
        .containsEntry("convenientTo", "Время — в виде ЧЧ:ММ, например 18:00");
    assertThat(errors(postLead(lead("Наоборот", TestPhones.unique(), "convenientFrom", "18:00", "convenientTo", "10:00"))))
        .containsEntry("convenientTo", "Удобное время «до» должно быть позже, чем «с»");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void aCommentMayHaveLineBreaks() {
    ResponseEntity<String> response = postLead(lead("Многострочный", TestPhones.unique(), "comment", "строка 1\nстрока 2"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void malformedJsonUnknownFieldsWrongTypesAndWrongContentTypeAreClientErrors() {
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> malformed = postWithKey(rest, "/api/leads", "{\"name\": \"Анна\", ");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(parse(malformed).path("detail").asText()).isEqualTo("Тело запроса — некорректный JSON.");

    ResponseEntity<String> unknown = postWithKey(rest, "/api/leads", "{\"name\":\"Анна\",\"phon\":\"+79161234567\"}");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(unknown)).containsEntry("phon", "Неизвестное поле");

    ResponseEntity<String> wrongType = postWithKey(rest, "/api/leads", "{\"name\":\"Анна\",\"phone\":\"+79161234567\",\"tags\":\"один\"}");
    assertThat(wrongType.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(wrongType)).containsEntry("tags", "Ожидается массив");

    ResponseEntity<String> objectForText = postWithKey(rest, "/api/leads", "{\"name\":{\"first\":\"Анна\"},\"phone\":\"+79161234567\"}");
    assertThat(errors(objectForText)).containsEntry("name", "Ожидается строка");

    ResponseEntity<String> notAnObject = postWithKey(rest, "/api/leads", "[1, 2]");
    assertThat(notAnObject.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<String> empty = postWithKey(rest, "/api/leads", "");
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    HttpHeaders text = Api.keyHeader();
    text.setContentType(MediaType.TEXT_PLAIN);
    ResponseEntity<String> plain = rest.exchange("/api/leads", HttpMethod.POST, new HttpEntity<>("name=Анна", text), String.class);
    assertThat(plain.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(parse(plain).path("detail").asText()).contains("application/json");

    for (ResponseEntity<String> response : List.of(malformed, unknown, wrongType, objectForText, notAnObject, empty, plain)) {
      assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
      assertThat(response.getBody()).doesNotContain("Exception", "at ru.", "at org.");
    }
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void aBodyOver64KbIsRefusedWith413() throws Exception {
    Map<String, Long> before = footprint(jdbc);
    String body = json(lead("Большой", TestPhones.unique(), "comment", "ы".repeat(40_000)));

    ResponseEntity<String> response = postWithKey(rest, "/api/leads", body);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(response).path("detail").asText()).contains("64 КБ");

    // Without Content-Length (chunked): the limit holds while reading.
    var client = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(rest.getRootUri() + "/api/leads"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", Api.INTAKE_KEY)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .build();
    var chunked = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void theSameRequestWithTheSameIdempotencyKeyCreatesOneDealAndGetsTheFirstAnswer() {
    String key = "site-" + System.nanoTime();
    Map<String, Object> lead = lead("Повторщик", TestPhones.unique(), "course", "Java");

    ResponseEntity<String> first = postLead(lead, key);
    Map<String, Long> afterFirst = footprint(jdbc);
    ResponseEntity<String> second = postLead(lead, key);

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(second.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(footprint(jdbc)).isEqualTo(afterFirst);

    Map<String, Long> beforeConflict = footprint(jdbc);
    ResponseEntity<String> other = postLead(lead("Другой", TestPhones.unique()), key);
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(other.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(other).path("detail").asText()).contains("Idempotency-Key");
    assertThat(footprint(jdbc)).isEqualTo(beforeConflict);
  }

  /**
   * A key row without an answer is never committed by the intake (key and answer are one
   * transaction); only a killed process leaves one behind (H2KillFaultIT saw a lead answered 5xx
   * for ever after the restart). The lead sent again with that key is accepted, once.
   */
  @Test
  void aKeyLeftWithoutAnAnswerByAKilledProcessDoesNotBlockTheLeadSentAgain() {
    String key = "killed-" + System.nanoTime();
    String phone = TestPhones.unique();
    Map<String, Object> lead = lead("Прерванный", phone);
    jdbc.update("INSERT INTO idempotency_request (idempotency_key, request_hash, created_at) VALUES (?, 'leftover', CURRENT_TIMESTAMP)", key);

    ResponseEntity<String> again = postLead(lead, key);
    ResponseEntity<String> replayed = postLead(lead, key);

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(replayed.getBody()).isEqualTo(again.getBody());
    assertThat(dealsOfPhone(phone)).hasSize(1);
  }

  @Test
  void aBadIdempotencyKeyIsRefused() {
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> response = postLead(lead("Ключ", TestPhones.unique()), "k".repeat(101));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(response)).containsEntry("Idempotency-Key", "Не длиннее 100 символов");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void concurrentIdenticalRequestsWithOneKeyCreateOneDeal() throws Exception {
    String key = "parallel-" + System.nanoTime();
    String phone = TestPhones.unique();
    Map<String, Object> lead = lead("Параллельный", phone);

    List<ResponseEntity<String>> responses = inParallel(8, i -> postLead(lead, key));

    assertThat(responses).allSatisfy(r -> assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CREATED));
    assertThat(responses.stream().map(ResponseEntity::getBody).distinct()).hasSize(1);
    assertThat(dealsOfPhone(phone)).hasSize(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_request WHERE idempotency_key = ?", Long.class, key)).isEqualTo(1);
  }

  @Test
  void aSecondLeadWhileTheFirstDealIsOpenIsADuplicateOfIt() {
    String phone = TestPhones.unique();
    String email = "dup-" + System.nanoTime() + "@example.ru";
    long first = parse(postLead(lead("Первый раз", phone, "email", email))).path("dealId").asLong();

    // Found by the e-mail alone, too.
    ResponseEntity<String> again = postLead(lead("Второй раз", null, "email", email.toUpperCase()));

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(again);
    long second = body.path("dealId").asLong();
    assertThat(body.path("duplicateOf").asLong()).isEqualTo(first);
    Map<String, Object> duplicate = jdbc.queryForMap("SELECT * FROM deal WHERE id = ?", second);
    assertThat(duplicate).containsEntry("DUPLICATE_OF", first).containsEntry("LOSS_REASON", "Дубль").containsEntry("OUTCOME", "LOST");
    assertThat(duplicate.get("CLOSED_AT")).isNotNull();
    assertThat(body.path("stage").path("code").asText()).isEqualTo("LOST");
    assertThat(jdbc.queryForObject("SELECT closed_at FROM deal WHERE id = ?", Object.class, first)).isNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE phone = ?", Long.class, phone)).isEqualTo(1);
  }

  @Test
  void aLeadOfAClientWhoseDealIsClosedIsAReturningClient() {
    String phone = TestPhones.unique();
    long first = parse(postLead(lead("Клиент", phone))).path("dealId").asLong();
    deals.close(first, "LOST", "Дорого", Instant.now().minusSeconds(60));

    ResponseEntity<String> returning = postLead(lead("Клиент снова", TestPhones.russianStyle(phone)));

    assertThat(returning.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long second = parse(returning).path("dealId").asLong();
    assertThat(parse(returning).path("duplicateOf").isNull()).isTrue();
    Map<String, Object> deal = jdbc.queryForMap("SELECT parent_deal_id, lead_type, closed_at FROM deal WHERE id = ?", second);
    assertThat(deal).containsEntry("PARENT_DEAL_ID", first).containsEntry("LEAD_TYPE", "Вернувшиеся");
    assertThat(deal.get("CLOSED_AT")).isNull();

    // A type the sender names wins over «Вернувшиеся».
    deals.close(second, "LOST", "Отложили", Instant.now());
    long third = parse(postLead(lead("Клиент в третий раз", phone, "leadType", "с вебинара"))).path("dealId").asLong();
    assertThat(jdbc.queryForMap("SELECT parent_deal_id, lead_type FROM deal WHERE id = ?", third))
        .containsEntry("PARENT_DEAL_ID", second)
        .containsEntry("LEAD_TYPE", "С вебинара");
  }

  @Test
  void twentyParallelFirstLeadsOfOnePhoneGiveOneOpenDealAndNineteenDuplicates() throws Exception {
    String phone = TestPhones.unique();

    List<ResponseEntity<String>> responses = inParallel(20, i -> postLead(lead("Нетерпеливый " + i, phone)));

    assertThat(responses).allSatisfy(r -> assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.CREATED));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE phone = ?", Long.class, phone)).isEqualTo(1);
    List<Map<String, Object>> all = dealsOfPhone(phone);
    assertThat(all).hasSize(20);
    List<Map<String, Object>> originals = all.stream().filter(d -> d.get("DUPLICATE_OF") == null).toList();
    assertThat(originals).hasSize(1);
    Object original = originals.get(0).get("ID");
    assertThat(originals.get(0).get("CLOSED_AT")).isNull();
    List<Map<String, Object>> duplicates = all.stream().filter(d -> d.get("DUPLICATE_OF") != null).toList();
    assertThat(duplicates)
        .hasSize(19)
        .allSatisfy(d -> {
          assertThat(d.get("DUPLICATE_OF")).isEqualTo(original);
          assertThat(d.get("LOSS_REASON")).isEqualTo("Дубль");
          assertThat(d.get("CLOSED_AT")).isNotNull();
        });
    assertThat(all.stream().filter(d -> d.get("CLOSED_AT") == null)).hasSize(1);
  }

  private List<Map<String, Object>> dealsOfPhone(String phone) {
    return jdbc.queryForList(
        "SELECT d.id, d.duplicate_of, d.closed_at, d.loss_reason FROM deal d JOIN contact c ON c.id = d.contact_id WHERE c.phone = ?",
        phone);
  }

  interface Call {
    ResponseEntity<String> call(int i) throws Exception;
  }

  /** Starts all calls at the same moment and waits (bounded) for every answer. */
  static List<ResponseEntity<String>> inParallel(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ResponseEntity<String>>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        Callable<ResponseEntity<String>> task =
            () -> {
              start.await();
              return call.call(n);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<ResponseEntity<String>> responses = new ArrayList<>();
      for (Future<ResponseEntity<String>> future : futures) {
        responses.add(future.get(120, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void utmMarksAndTheRefererAreKeptWithTheDealAndShownInItsCard() {
    ResponseEntity<String> response =
        postLead(
            lead(
                "Игорь Метков",
                TestPhones.unique(),
                "source",
                "landing-python",
                "referer",
                "https://school.example/python?utm_source=yandex",
                "utmSource",
                " yandex ",
                "utmMedium",
                "cpc",
                "utmCampaign",
                "python_весна",
                "utmContent",
                "banner_1",
                "utmTerm",
                "курс python"));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long dealId = parse(response).path("dealId").asLong();
    assertThat(jdbc.queryForMap("SELECT * FROM lead_source WHERE deal_id = ?", dealId))
        .containsEntry("CHANNEL", "API")
        .containsEntry("SOURCE", "landing-python")
        .containsEntry("UTM_SOURCE", "yandex")
        .containsEntry("UTM_MEDIUM", "cpc")
        .containsEntry("UTM_CAMPAIGN", "python_весна")
        .containsEntry("UTM_CONTENT", "banner_1")
        .containsEntry("UTM_TERM", "курс python")
        .containsEntry("REFERER", "https://school.example/python?utm_source=yandex");
    JsonNode card = Api.parse(rest.withBasicAuth("rop", "demo").getForEntity("/api/deals/" + dealId, String.class));
    JsonNode source = card.path("leadSource");
    assertThat(source.path("channel").asText()).isEqualTo("API");
    assertThat(source.path("channelTitle").asText()).isEqualTo("API (сайт, колл-центр)");
    assertThat(source.path("utmSource").asText()).isEqualTo("yandex");
    assertThat(source.path("utmCampaign").asText()).isEqualTo("python_весна");
    assertThat(source.path("referer").asText()).isEqualTo("https://school.example/python?utm_source=yandex");
  }

  @Test
  void tooLongUtmMarksAreRefusedLikeEveryField() {
    ResponseEntity<String> response = postLead(lead("Игорь Длинный", TestPhones.unique(), "utmCampaign", "я".repeat(201)));

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(response)).containsEntry("utmCampaign", "Не длиннее 200 символов");
  }
}
