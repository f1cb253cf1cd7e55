package ru.onlineschool.funnels.deal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;
import ru.onlineschool.funnels.support.WebappSession;

/**
 * The client's personal data and the paying company through the API: the Russian messages of each
 * broken rule, the passport masked by the server for whoever may not see it, who may change what,
 * and the history lines — which say who did what, never the passport's values.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class ClientDataApiTest {

  private static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired DealStore deals;
  @LocalServerPort int port;

  /** A new sales deal: its id and its responsible manager. */
  private record Deal(long id, String responsible) {
    String colleague() {
      return MANAGERS.stream().filter(m -> !m.equals(responsible)).findFirst().orElseThrow();
    }
  }

  private Deal newDeal() {
    ResponseEntity<String> response =
        postWithKey(rest, "/api/leads", json(lead("Ольга Паспортова", TestPhones.unique(), "course", "SQL")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode lead = parse(response);
    return new Deal(lead.path("dealId").asLong(), lead.path("responsible").asText());
  }

  private ResponseEntity<String> send(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth(user, "demo");
    return rest.exchange(path, method, new HttpEntity<>(body == null ? null : json(body), headers), String.class);
  }

  private static Map<String, Object> passport(String series, String number, String issuedOn, String issuedBy, String code) {
    Map<String, Object> passport = new LinkedHashMap<>();
    passport.put("series", series);
    passport.put("number", number);
    passport.put("issuedOn", issuedOn);
    passport.put("issuedBy", issuedBy);
    passport.put("divisionCode", code);
    return passport;
  }

  private static Map<String, Object> sberbankClient() {
    Map<String, Object> company = new LinkedHashMap<>();
    company.put("name", "ООО «Ромашка»");
    company.put("inn", "7707083893");
    company.put("kpp", "773601001");
    company.put("ogrn", "1027700132195");
    company.put("director", "Александров Михаил Иванович");
    company.put("legalAddress", "г. Москва, ул. Пушкина, д. 13, оф. 342");
    company.put("bankName", "ПАО Сбербанк");
    company.put("bik", "044525225");
    company.put("correspondentAccount", "30101810400000000225");
    company.put("settlementAccount", "40702810938000000001");
    return company;
  }

  private List<String> history(long dealId) {
    List<String> lines = new ArrayList<>();
    deals.timeline(dealId).forEach(e -> lines.add(e.text() + " — " + e.userId()));
    return lines;
  }

  @Test
  void eachBrokenRuleOfThePassportHasItsRussianMessageAndNothingIsWritten(CapturedOutput output) {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/personal-data/passport";
    int before = history(deal.id()).size();

    ResponseEntity<String> bad =
        send(deal.responsible(), HttpMethod.PUT, path, passport("45 6", "55443322", "2099-01-01", "МВД\u0007", "340234"));

    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(errors(bad))
        .containsExactly(
            Map.entry("series", "Серия паспорта — 4 цифры, например 4562"),
            Map.entry("number", "Номер паспорта — 6 цифр, например 183552"),
            Map.entry("issuedOn", "Дата выдачи не может быть в будущем"),
            Map.entry("issuedBy", "Содержит управляющие символы"),
            Map.entry("divisionCode", "Код подразделения в формате 000-000, например 340-234"));
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, passport("4562", "183552", "12.11.2021", "МВД", "340-234"))))
        .containsExactly(Map.entry("issuedOn", "Дата в формате ГГГГ-ММ-ДД, например 1999-11-10"));
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, passport("4562", "183552", "1996-05-05", "МВД", "340-234"))))
        .containsExactly(Map.entry("issuedOn", "Паспорт РФ этого образца выдают с 01.10.1997"));
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, Map.of())))
        .containsOnlyKeys("series", "number", "issuedOn", "issuedBy", "divisionCode")
        .containsValue("Обязательное поле");

    // A rejected value is neither echoed back nor logged (personal data, 152-ФЗ). The capture
    // sees the application's log: a line logged the way the application logs is there.
    org.slf4j.LoggerFactory.getLogger(ClientData.class).warn("Проверка захвата журнала 7731");
    assertThat(output.getAll()).contains("Проверка захвата журнала 7731");
    assertThat(bad.getBody()).doesNotContain("55443322");
    assertThat(output.getAll()).doesNotContain("55443322");
    assertThat(history(deal.id())).hasSize(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_personal_data WHERE passport_number = '55443322'", Integer.class)).isZero();
  }

  @Test
  void birthdayAndGenderAreCheckedAndAPassportBeforeFourteenIsRefused() {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/personal-data";

    ResponseEntity<String> bad = send(deal.responsible(), HttpMethod.PUT, path, Map.of("birthday", LocalDate.now().plusDays(2).toString(), "gender", "М"));
    assertThat(errors(bad))
        .containsExactly(Map.entry("birthday", "День рождения не может быть в будущем"), Map.entry("gender", "Пол: MALE (муж.) или FEMALE (жен.)"));
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, Map.of("birthday", "1899-12-31"))))
        .containsExactly(Map.entry("birthday", "День рождения — не раньше 01.01.1900"));
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, Map.of("birthday", "1999-02-30"))))
        .containsExactly(Map.entry("birthday", "Дата в формате ГГГГ-ММ-ДД, например 1999-11-10"));

    ResponseEntity<String> saved = send(deal.responsible(), HttpMethod.PUT, path, Map.of("birthday", "2010-11-10", "gender", "FEMALE"));
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(saved).path("birthdayText").asText()).isEqualTo("10.11.2010");
    assertThat(parse(saved).path("genderTitle").asText()).isEqualTo("Жен.");
    assertThat(history(deal.id())).contains("Личные данные клиента изменены: день рождения, пол — " + deal.responsible());

    ResponseEntity<String> tooYoung =
        send(deal.responsible(), HttpMethod.PUT, path + "/passport", passport("4562", "183552", "2021-11-12", "МВД по г. Москва", "340-234"));
    assertThat(tooYoung.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(tooYoung))
        .containsExactly(Map.entry("issuedOn", "Паспорт выдают с 14 лет, а клиенту тогда ещё не было 14: проверьте дату выдачи"));
  }

  @Test
  void thePassportIsMaskedByTheServerAndShownWholeOnlyToTheResponsibleTheHeadOfSalesAndAdmins(CapturedOutput output) {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/personal-data";
    ResponseEntity<String> saved =
        send(deal.responsible(), HttpMethod.PUT, path + "/passport", passport(" 4562 ", "183552", "2021-11-12", "МВД по г. Москва", "340-234"));
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);

    JsonNode own = parse(send(deal.responsible(), HttpMethod.GET, path, null));
    assertThat(own.path("passportOnFile").asBoolean()).isTrue();
    assertThat(own.path("passportMasked").asText()).isEqualTo("•••• ••3552");
    assertThat(own.path("mayViewPassport").asBoolean()).isTrue();

    // A colleague sees the card (seed 003) but not the passport: no digit of it leaves the server.
    ResponseEntity<String> colleagueView = send(deal.colleague(), HttpMethod.GET, path, null);
    assertThat(colleagueView.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(colleagueView).path("passportMasked").asText()).isEqualTo("•••• ••••••");
    assertThat(parse(colleagueView).path("mayViewPassport").asBoolean()).isFalse();
    assertThat(colleagueView.getBody()).doesNotContain("3552").doesNotContain("4562");
    ResponseEntity<String> colleagueWhole = send(deal.colleague(), HttpMethod.GET, path + "/passport", null);
    assertThat(colleagueWhole.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(colleagueWhole).path("detail").asText())
        .isEqualTo(
            "Паспортные данные клиента по сделке " + deal.id()
                + " доступны только ответственному менеджеру, руководителю отдела продаж и администратору.");
    assertThat(colleagueWhole.getBody()).doesNotContain("183552");
    assertThat(send("curator1", HttpMethod.GET, path, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    for (String user : List.of(deal.responsible(), "rop", "admin")) {
      ResponseEntity<String> whole = send(user, HttpMethod.GET, path + "/passport", null);
      assertThat(whole.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      JsonNode passport = parse(whole);
      assertThat(passport.path("series").asText()).isEqualTo("4562");
      assertThat(passport.path("number").asText()).isEqualTo("183552");
      assertThat(passport.path("issuedOnText").asText()).isEqualTo("12.11.2021");
      assertThat(passport.path("divisionCode").asText()).isEqualTo("340-234");
    }

    // The history says who entered and who looked, never what.
    List<String> lines = history(deal.id());
    assertThat(lines)
        .contains(
            "Паспортные данные клиента внесены — " + deal.responsible(),
            "Паспортные данные клиента просмотрены — " + deal.responsible(),
            "Паспортные данные клиента просмотрены — rop",
            "Паспортные данные клиента просмотрены — admin");
    assertThat(String.join("\n", lines)).doesNotContain("4562").doesNotContain("183552").doesNotContain("340-234");
    assertThat(output.getAll()).doesNotContain("183552");

    // And the deal card, which every manager reads, carries none of it.
    assertThat(send(deal.colleague(), HttpMethod.GET, "/api/deals/" + deal.id(), null).getBody()).doesNotContain("183552");
  }

  /**
   * A date is a calendar day, not a moment: the passport's issue date and the birthday come back
   * as typed even when the JVM's default zone is not the one the pooled connection was opened in
   * (seen in CI: «12.11.2021» came back as «11.11.2021» after another test's context moved the zone).
   */
  @Test
  void datesComeBackAsTypedWhateverTheJvmsDefaultZone() {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/personal-data";
    java.util.TimeZone before = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
      assertThat(send(deal.responsible(), HttpMethod.PUT, path + "/passport", passport("4562", "183552", "2021-11-12", "МВД по г. Москва", "340-234"))
              .getStatusCode())
          .isEqualTo(HttpStatus.OK);
      assertThat(send(deal.responsible(), HttpMethod.PUT, path, Map.of("birthday", "1990-03-01", "gender", "FEMALE")).getStatusCode())
          .isEqualTo(HttpStatus.OK);
    } finally {
      java.util.TimeZone.setDefault(before);
    }
    assertThat(parse(send(deal.responsible(), HttpMethod.GET, path + "/passport", null)).path("issuedOnText").asText()).isEqualTo("12.11.2021");
    assertThat(parse(send(deal.responsible(), HttpMethod.GET, path, null)).path("birthday").asText()).isEqualTo("1990-03-01");
  }

  @Test
  void onlyTheResponsibleTheHeadOfSalesAndAdminsChangeTheClientsData() {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/personal-data";

    ResponseEntity<String> colleague = send(deal.colleague(), HttpMethod.PUT, path, Map.of("gender", "MALE"));
    assertThat(colleague.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(colleague.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(colleague).path("title").asText()).isEqualTo("Доступ запрещён");
    assertThat(parse(colleague).path("detail").asText())
        .isEqualTo("Личные данные клиента по сделке " + deal.id() + " доступны только ответственному менеджеру, руководителю отдела продаж и администратору.");
    assertThat(send(deal.colleague(), HttpMethod.PUT, "/api/deals/" + deal.id() + "/company", sberbankClient()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(parse(send(deal.colleague(), HttpMethod.GET, path, null)).path("mayEdit").asBoolean()).isFalse();

    assertThat(send("rop", HttpMethod.PUT, path, Map.of("gender", "MALE")).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(send("admin", HttpMethod.PUT, path, Map.of("gender", "FEMALE")).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(history(deal.id())).contains("Личные данные клиента изменены: пол — rop", "Личные данные клиента изменены: пол — admin");

    ResponseEntity<String> unknown = send("admin", HttpMethod.GET, "/api/deals/987654321/personal-data", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(parse(unknown).path("detail").asText()).isEqualTo("Сделка 987654321 не найдена.");
  }

  @Test
  void aCuratorIsTheResponsibleOfACourseDeliveryDeal() {
    long contact = deals.createContact(new NewContact("Ученик Паспортов", TestPhones.unique(), null, null), Instant.now());
    long delivery = deals.createDeal(new NewDeal("course-delivery", contact, "SQL", null, null), Instant.now());
    deals.setResponsible(delivery, "curator1");
    String path = "/api/deals/" + delivery + "/personal-data";

    assertThat(send("curator1", HttpMethod.PUT, path, Map.of("gender", "MALE")).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(send("rop", HttpMethod.GET, path, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(send("manager1", HttpMethod.PUT, path, Map.of("gender", "MALE")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void eachBrokenRequisiteHasItsRussianMessage() {
    Deal deal = newDeal();
    String path = "/api/deals/" + deal.id() + "/company";
    int before = history(deal.id()).size();

    Map<String, Object> typos = sberbankClient();
    typos.put("inn", "7707083894");
    typos.put("kpp", null);
    typos.put("ogrn", "1027700132196");
    typos.put("correspondentAccount", "30101810400000000226");
    typos.put("settlementAccount", "40702810938000000002");
    ResponseEntity<String> bad = send(deal.responsible(), HttpMethod.PUT, path, typos);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(bad))
        .containsExactly(
            Map.entry("inn", "ИНН с ошибкой: не сходится контрольная цифра"),
            Map.entry("kpp", "Укажите КПП: у организации (ИНН из 10 цифр) он есть"),
            Map.entry("ogrn", "ОГРН с ошибкой: не сходится контрольная цифра"),
            Map.entry("correspondentAccount", "Корреспондентский счёт не сходится с БИК: проверьте счёт и БИК"),
            Map.entry("settlementAccount", "Расчётный счёт не сходится с БИК: проверьте счёт и БИК"));

    Map<String, Object> shapes = sberbankClient();
    shapes.put("name", " ");
    shapes.put("inn", "75645234");
    shapes.put("kpp", "5452342");
    shapes.put("ogrn", "854574542342");
    shapes.put("bik", "75435435");
    shapes.put("correspondentAccount", "745837458345738");
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, shapes)))
        .as("seed 003's sample values")
        .containsExactly(
            Map.entry("name", "Обязательное поле"),
            Map.entry("inn", "ИНН — 10 цифр у организации или 12 цифр у ИП"),
            Map.entry("kpp", "КПП — 9 знаков, например 773601001"),
            Map.entry("ogrn", "ОГРН — 13 цифр, ОГРНИП — 15 цифр"),
            Map.entry("bik", "БИК — 9 цифр, например 044525225"),
            Map.entry("correspondentAccount", "Счёт — 20 цифр"));

    Map<String, Object> entrepreneur = new LinkedHashMap<>();
    entrepreneur.put("name", "ИП Иванов Иван Иванович");
    entrepreneur.put("inn", "500100732259");
    entrepreneur.put("kpp", "773601001");
    entrepreneur.put("ogrn", "1027700132195");
    entrepreneur.put("settlementAccount", "40702810938000000001");
    assertThat(errors(send(deal.responsible(), HttpMethod.PUT, path, entrepreneur)))
        .containsExactly(
            Map.entry("kpp", "У ИП (ИНН из 12 цифр) нет КПП: оставьте поле пустым"),
            Map.entry("ogrn", "У ИП (ИНН из 12 цифр) ОГРНИП из 15 цифр"),
            Map.entry("settlementAccount", "Укажите БИК банка: без него счёт не проверить"));

    assertThat(history(deal.id())).hasSize(before);
    assertThat(parse(send(deal.responsible(), HttpMethod.GET, path, null)).path("company").isNull()).isTrue();
  }

  @Test
  void aCompanyPaysForTheDealShowsInItsInvoiceTaskAndServesSeveralDeals() {
    Deal first = newDeal();
    Deal second = newDeal();

    ResponseEntity<String> linked = send(first.responsible(), HttpMethod.PUT, "/api/deals/" + first.id() + "/company", sberbankClient());
    assertThat(linked.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode company = parse(linked).path("company");
    assertThat(company.path("inn").asText()).isEqualTo("7707083893");
    assertThat(company.path("settlementAccount").asText()).isEqualTo("40702810938000000001");
    assertThat(history(first.id())).contains("Платит компания: ООО «Ромашка», ИНН 7707083893 — " + first.responsible());

    String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, first.id());
    assertThat((String) runtime.getVariable(instance, "companyRequisites"))
        .isEqualTo(
            "ООО «Ромашка», ИНН 7707083893, КПП 773601001, ОГРН 1027700132195, юр. адрес: г. Москва, ул. Пушкина, д. 13, оф. 342,"
                + " р/с 40702810938000000001, банк ПАО Сбербанк, БИК 044525225, к/с 30101810400000000225,"
                + " директор Александров Михаил Иванович");

    // The same ИНН and КПП on another deal: the same company, its requisites brought up to date for both.
    Map<String, Object> moved = sberbankClient();
    moved.put("legalAddress", "г. Москва, ул. Вавилова, д. 19");
    ResponseEntity<String> again = send(second.responsible(), HttpMethod.PUT, "/api/deals/" + second.id() + "/company", moved);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(again).path("company").path("id").asLong()).isEqualTo(company.path("id").asLong());
    List<Long> served = new ArrayList<>();
    parse(again).path("company").path("dealIds").forEach(id -> served.add(id.asLong()));
    assertThat(served).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(history(second.id()))
        .contains(
            "Платит компания: ООО «Ромашка», ИНН 7707083893 — " + second.responsible(),
            "Реквизиты компании ООО «Ромашка» изменены: юридический адрес — " + second.responsible());
    assertThat((String) runtime.getVariable(instance, "companyRequisites")).contains("юр. адрес: г. Москва, ул. Вавилова, д. 19");

    ResponseEntity<String> removed = send("rop", HttpMethod.DELETE, "/api/deals/" + first.id() + "/company", null);
    assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(parse(removed).path("company").isNull()).isTrue();
    assertThat(runtime.getVariable(instance, "companyRequisites")).isNull();
    assertThat(history(first.id())).contains("Компания ООО «Ромашка» больше не платит по сделке: платит сам клиент — rop");
    assertThat(parse(send("admin", HttpMethod.GET, "/api/deals/" + second.id() + "/company", null)).path("company").path("name").asText())
        .isEqualTo("ООО «Ромашка»");
  }

  @Test
  void tasklistsSessionChangesDataOnlyWithItsCsrfToken() throws Exception {
    Deal deal = newDeal();
    WebappSession session = WebappSession.login(port, deal.responsible(), "tasklist");
    String path = "/api/deals/" + deal.id() + "/personal-data";

    var withToken = session.send("PUT", path, "{\"gender\":\"FEMALE\"}", true);
    assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
    var withoutToken = session.send("PUT", path, "{\"gender\":\"MALE\"}", false);
    assertThat(withoutToken.statusCode()).isEqualTo(401);
    assertThat(parse(send("admin", HttpMethod.GET, path, null)).path("gender").asText()).isEqualTo("FEMALE");
  }

  /**
   * The passport is read and written by one class only: reports, exports, search and the card read
   * {@code contact}, and a new query that joined the passports' table would have to be written here.
   */
  private static final java.util.regex.Pattern PASSPORT_SQL =
      java.util.regex.Pattern.compile("\\b(FROM|INTO|UPDATE|JOIN|TABLE)\\s+contact_personal_data\\b");

  @Test
  void onlyThePersonalDataStoreNamesThePassportsTable() throws IOException {
    Path sources = Path.of("src/main/java/ru/onlineschool/funnels");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        if (PASSPORT_SQL.matcher(Files.readString(file)).find()) {
          found.add(sources.relativize(file).toString());
        }
      }
    }
    assertThat(found).containsExactly("deal/client/PersonalDataStore.java");
    assertThat(PASSPORT_SQL.matcher("\"SELECT c.name FROM contact c JOIN contact_personal_data p ON p.contact_id = c.id\"").find()).isTrue();
    assertThat(PASSPORT_SQL.matcher("@StoredIn(\"contact_personal_data.passport_issued_by\")").find()).isFalse();
  }
}
