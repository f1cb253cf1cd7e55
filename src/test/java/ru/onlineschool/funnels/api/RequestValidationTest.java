package ru.onlineschool.funnels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.footprint;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.parse;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.payment.PaymentRequest;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * The request bodies' rules are their annotations (Bean Validation): each broken rule of each
 * endpoint answers with its own Russian message on the field as the sender named it — whatever
 * language the client's Accept-Language asks for — and nothing is written; OpenAPI shows the
 * same limits, read from the same annotations.
 */
@ApplicationTest
class RequestValidationTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired Validator validator;

  private static final String BAD_MOMENT = "Дата и время в формате ISO-8601 со смещением, например 2026-12-03T19:00:00+03:00";

  @Test
  void eachBrokenRuleOfALeadHasItsRussianMessage() {
    Map<String, Long> before = footprint(jdbc);

    assertThat(errors(send("POST", "/api/leads", Map.of())))
        .containsExactly(Map.entry("name", "Обязательное поле"), Map.entry("phone", "Укажите телефон или e-mail"));

    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("name", "и".repeat(150) + "\u0007" + "и".repeat(100));
    lead.put("phone", "12");
    lead.put("email", "anna@example");
    lead.put("leadType", "Горячая");
    lead.put("course", "к".repeat(201));
    lead.put("source", "сайт\nлендинг");
    lead.put("comment", "строка\nстрока\u001B");
    lead.put("tags", List.of(" ", "т".repeat(61), "тег\u0000", "весна"));
    lead.put("referer", "😀".repeat(1001));
    ResponseEntity<String> bad = send("POST", "/api/leads", lead);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(bad).path("title").asText()).isEqualTo("Некорректный запрос");
    assertThat(parse(bad).path("detail").asText()).isEqualTo("Исправьте поля, перечисленные в errors.");
    // One message per field, the most basic one (the name is too long AND has a control character).
    assertThat(fields(bad)).doesNotHaveDuplicates();
    assertThat(errors(bad))
        .containsEntry("name", "Содержит управляющие символы")
        .containsEntry("phone", "Некорректный номер телефона")
        .containsEntry("email", "Некорректный адрес e-mail")
        .containsEntry("course", "Не длиннее 200 символов")
        .containsEntry("source", "Содержит управляющие символы")
        .containsEntry("comment", "Содержит управляющие символы")
        .containsEntry("tags[0]", "Пустой тег")
        .containsEntry("tags[1]", "Не длиннее 60 символов")
        .containsEntry("tags[2]", "Содержит управляющие символы")
        .containsEntry("referer", "Не длиннее 1000 символов")
        .doesNotContainKey("tags[3]");
    assertThat(errors(bad).get("leadType")).startsWith("Неизвестный тип заявки. Допустимые: С лендинга курса, Intention");
    assertThat(fields(bad)).as("in the order of the request").startsWith("name", "phone", "email", "leadType", "course", "source", "comment");
    assertThat(errors(send("POST", "/api/leads", Map.of("name", "Теги", "email", "tags@example.ru", "tags", Collections.nCopies(21, "т")))))
        .containsExactly(Map.entry("tags", "Не больше 20 тегов"));
    // Blanks around a value are cut off before any check, a line break at the start too: what is left is checked.
    assertThat(errors(send("POST", "/api/leads", Map.of("name", "Анна", "phone", "\n12 "))))
        .containsExactly(Map.entry("phone", "Некорректный номер телефона"));

    assertThat(footprint(jdbc)).as("nothing written for a bad lead").isEqualTo(before);
  }

  @Test
  void aLimitCountsCharactersOfTheTrimmedText() {
    // 200 letters between blanks fit the name's 200 (the blanks are cut off); 201 emoji do not.
    ResponseEntity<String> fits = send("POST", "/api/leads", Map.of("name", "  " + "и".repeat(200) + " ", "phone", TestPhones.unique()));
    assertThat(fits.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(errors(send("POST", "/api/leads", Map.of("name", "😀".repeat(201), "phone", TestPhones.unique()))))
        .containsExactly(Map.entry("name", "Не длиннее 200 символов"));
  }

  @Test
  void eachBrokenRuleOfAPaymentHasItsRussianMessage() {
    Map<String, Long> before = footprint(jdbc);
    assertThat(errors(send("POST", "/api/payments", Map.of())))
        .containsExactly(Map.entry("dealId", "Обязательное поле"), Map.entry("amount", "Обязательное поле"), Map.entry("reference", "Обязательное поле"));
    assertThat(errors(send("POST", "/api/payments", Map.of("dealId", 0, "amount", 10.001, "reference", " ", "currency", "EUR"))))
        .containsExactly(
            Map.entry("dealId", "Номер сделки — положительное целое число"),
            Map.entry("amount", "Не больше двух знаков после запятой"),
            Map.entry("reference", "Обязательное поле"),
            Map.entry("currency", "Принимаем оплату только в рублях: RUB или без поля currency"));
    assertThat(errors(send("POST", "/api/payments", Map.of("dealId", 1, "amount", -1, "reference", "r".repeat(101)))))
        .containsExactly(Map.entry("amount", "Сумма должна быть больше нуля"), Map.entry("reference", "Не длиннее 100 символов"));
    assertThat(errors(send("POST", "/api/payments", Map.of("dealId", 1, "amount", 10_000_000_000L, "reference", "r\u0001"))))
        .containsExactly(Map.entry("amount", "Слишком большая сумма"), Map.entry("reference", "Содержит управляющие символы"));
    // Zeros after the kopecks are no kopecks: the amount passes, and the deal is looked for.
    assertThat(send("POST", "/api/payments", Map.of("dealId", 987_654_321L, "amount", new BigDecimal("100.500"), "reference", "pay-zeros")).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(footprint(jdbc)).as("nothing written for a bad payment").isEqualTo(before);
  }

  @Test
  void eachBrokenRuleOfTheWebinarApiHasItsRussianMessage() {
    Map<String, Long> before = footprint(jdbc);
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("name", "Анна");
    registration.put("email", "anna@");
    registration.put("webinarTitle", "т".repeat(301));
    registration.put("startsAt", "2030-04-10T19:00");
    registration.put("durationMinutes", 721);
    registration.put("link", "ftp://webinar.example.ru");
    assertThat(errors(send("POST", "/api/webinars/validation-webinar/registrations", registration)))
        .containsExactly(
            Map.entry("email", "Некорректный адрес e-mail"),
            Map.entry("webinarTitle", "Не длиннее 300 символов"),
            Map.entry("startsAt", BAD_MOMENT),
            Map.entry("durationMinutes", "От 1 до 720 минут"),
            Map.entry("link", "Ссылка должна начинаться с http:// или https://"));
    assertThat(errors(send("POST", "/api/webinars/validation-webinar/registrations", Map.of("phone", " "))))
        .containsExactly(
            Map.entry("name", "Обязательное поле"),
            Map.entry("phone", "Укажите телефон или e-mail"),
            Map.entry("webinarTitle", "Обязательное поле"),
            Map.entry("startsAt", "Обязательное поле"),
            Map.entry("durationMinutes", "Обязательное поле"));

    List<Object> attended = new ArrayList<>();
    attended.add(Map.of("phone", "12"));
    attended.add(Map.of("email", "anna.example.ru"));
    attended.add(null);
    attended.add(Map.of("phone", " "));
    attended.add(Map.of("dealId", 1));
    Map<String, Object> attendance = new HashMap<>();
    attendance.put("attended", attended);
    assertThat(errors(send("POST", "/api/webinars/validation-webinar/attendance", attendance)))
        .containsExactly(
            Map.entry("attended[0].phone", "Некорректный номер телефона"),
            Map.entry("attended[1].email", "Некорректный адрес e-mail"),
            Map.entry("attended[2]", "Укажите dealId, phone или email"),
            Map.entry("attended[3]", "Укажите dealId, phone или email"));
    assertThat(errors(send("POST", "/api/webinars/validation-webinar/attendance", Map.of())))
        .containsExactly(Map.entry("attended", "Обязательное поле"));
    assertThat(errors(send("POST", "/api/webinars/validation-webinar/attendance", Map.of("attended", Collections.nCopies(5001, Map.of("dealId", 1))))))
        .containsExactly(Map.entry("attended", "Не больше 5000 участников в одном запросе"));

    assertThat(errors(send("PATCH", "/api/webinars/validation-webinar", Map.of("startsAt", " ")))).containsExactly(Map.entry("startsAt", "Обязательное поле"));
    assertThat(errors(send("PATCH", "/api/webinars/validation-webinar", Map.of("startsAt", "завтра в семь")))).containsExactly(Map.entry("startsAt", BAD_MOMENT));
    assertThat(footprint(jdbc)).as("nothing written for a bad webinar request").isEqualTo(before);
  }

  @Test
  void theManagersConfirmedAmountFollowsTheWebhooksRules() {
    // What ManualPaymentConfirmation asks when a manager confirms a payment in the task list.
    assertThat(amountProblem(null)).isEqualTo("Обязательное поле");
    assertThat(amountProblem(new BigDecimal("-5"))).isEqualTo("Сумма должна быть больше нуля");
    assertThat(amountProblem(new BigDecimal("100.005"))).isEqualTo("Не больше двух знаков после запятой");
    assertThat(amountProblem(new BigDecimal("100.500"))).isNull();
    assertThat(amountProblem(new BigDecimal("12345678901"))).isEqualTo("Слишком большая сумма");
    assertThat(amountProblem(new BigDecimal("12345678901.001"))).as("the kopecks first, as before").isEqualTo("Не больше двух знаков после запятой");
  }

  private String amountProblem(BigDecimal amount) {
    return RequestViolations.message(validator.validateValue(PaymentRequest.class, "amount", amount));
  }

  @Test
  void aManagersAvailabilityNeedsAYesOrNo() {
    HttpHeaders headers = headers("en");
    headers.setBasicAuth("rop", "demo");
    ResponseEntity<String> answer = rest.exchange("/api/managers/manager3/availability", HttpMethod.PUT, new HttpEntity<>("{\"available\":null}", headers), String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(answer)).containsExactly(Map.entry("available", "Обязательное поле"));
  }

  @Test
  void openApiShowsTheLimitsOfTheAnnotations() {
    JsonNode schemas = parse(rest.getForEntity("/v3/api-docs", String.class)).path("components").path("schemas");

    JsonNode lead = schemas.path("LeadRequest");
    assertThat(lead.path("properties").path("name").path("maxLength").asInt()).isEqualTo(200);
    assertThat(lead.path("properties").path("email").path("maxLength").asInt()).isEqualTo(254);
    assertThat(lead.path("properties").path("course").path("maxLength").asInt()).isEqualTo(200);
    assertThat(lead.path("properties").path("comment").path("maxLength").asInt()).isEqualTo(2000);
    assertThat(lead.path("properties").path("referer").path("maxLength").asInt()).isEqualTo(1000);
    assertThat(lead.path("properties").path("tags").path("maxItems").asInt()).isEqualTo(20);
    assertThat(lead.path("properties").path("tags").path("items").path("maxLength").asInt()).as("tags: " + lead.path("properties").path("tags")).isEqualTo(60);
    assertThat(texts(lead.path("required"))).containsExactly("name");
    assertThat(lead.path("properties").path("name").path("description").asText()).as("the limit is not repeated in prose").doesNotContain("символов");

    JsonNode payment = schemas.path("PaymentRequest");
    assertThat(payment.path("properties").path("reference").path("maxLength").asInt()).isEqualTo(100);
    assertThat(payment.path("properties").path("dealId").path("minimum").asInt()).isEqualTo(1);
    assertThat(payment.path("properties").path("amount").path("maximum").decimalValue()).isEqualByComparingTo("9999999999.99");
    assertThat(payment.path("properties").path("currency").path("pattern").asText()).isNotEmpty();
    assertThat(texts(payment.path("required"))).containsExactlyInAnyOrder("dealId", "amount", "reference");

    JsonNode registration = schemas.path("WebinarRegistration");
    assertThat(registration.path("properties").path("webinarTitle").path("maxLength").asInt()).isEqualTo(300);
    assertThat(registration.path("properties").path("link").path("maxLength").asInt()).isEqualTo(1000);
    assertThat(registration.path("properties").path("link").path("pattern").asText()).contains("[Hh][Tt][Tt][Pp][Ss]?://");
    assertThat(registration.path("properties").path("durationMinutes").path("minimum").asInt()).isEqualTo(1);
    assertThat(registration.path("properties").path("durationMinutes").path("maximum").asInt()).isEqualTo(720);
    assertThat(texts(registration.path("required"))).containsExactlyInAnyOrder("name", "webinarTitle", "startsAt", "durationMinutes");
    assertThat(schemas.path("WebinarAttendance").path("properties").path("attended").path("maxItems").asInt()).isEqualTo(5000);

    // And in general: every @Size on a text of a request body is the maxLength of its property.
    Map<String, String> differences = new LinkedHashMap<>();
    for (Class<?> type : requestRecords()) {
      io.swagger.v3.oas.annotations.media.Schema named = type.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
      JsonNode schema = schemas.path(named != null && !named.name().isEmpty() ? named.name() : type.getSimpleName());
      for (RecordComponent component : type.getRecordComponents()) {
        Size size = component.getType() == String.class ? RequestLimitsMatchColumnsTest.limit(type, component) : null;
        if (size != null) {
          int shown = schema.path("properties").path(component.getName()).path("maxLength").asInt(-1);
          if (shown != size.max()) {
            differences.put(type.getSimpleName() + "." + component.getName(), size.max() + " ≠ " + shown);
          }
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  private ResponseEntity<String> send(String method, String path, Object body) {
    HttpHeaders headers = headers("en-US,en;q=0.9");
    headers.set("X-Api-Key", Api.INTAKE_KEY);
    return rest.exchange(path, HttpMethod.valueOf(method), new HttpEntity<>(json(body), headers), String.class);
  }

  /** JSON, and a client that would rather read English: the messages stay Russian. */
  private static HttpHeaders headers(String language) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
    return headers;
  }

  private static List<String> fields(ResponseEntity<String> response) {
    List<String> fields = new ArrayList<>();
    parse(response).path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<Class<?>> requestRecords() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(ApiRequest.class));
    List<Class<?>> types = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("ru.onlineschool.funnels")) {
      try {
        Class<?> type = Class.forName(candidate.getBeanClassName());
        if (type.isRecord()) {
          types.add(type);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    assertThat(types).hasSizeGreaterThanOrEqualTo(6);
    return types;
  }
}
