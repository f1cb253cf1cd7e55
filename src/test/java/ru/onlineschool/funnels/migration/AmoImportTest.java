package ru.onlineschool.funnels.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineEntry;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/**
 * Moving in from amoCRM (issue 22) on files built the way amoCRM's export writes them: every stage
 * of every funnel, both encodings and separators, XLSX, broken rows, a dry run, a re-import and
 * duplicate contacts.
 */
@ApplicationTest
class AmoImportTest {

  private static final AtomicLong AMO_IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000L, 90_000_000L) * 10);
  private static final String MANAGER = "Анна Смирнова";

  @Autowired AmoImporter importer;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired org.camunda.bpm.engine.RepositoryService repository;
  @Autowired TestRestTemplate rest;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  private static String nextId() {
    return String.valueOf(AMO_IDS.incrementAndGet());
  }

  /**
   * What a deal at a stage of seed 003's account becomes: started before an activity, or closed.
   * {@code courseStart} is amoCRM's «Дата начала обучения» (days from today, null: empty); {@code
   * webinar} says whether «Дата и время начала вебинара» names the test's webinar of our catalog.
   */
  private record Expected(String pipeline, String stage, String activity, String stageCode, String outcome, Integer courseStart, boolean webinar) {
    Expected(String pipeline, String stage, String activity, String stageCode, String outcome) {
      this(pipeline, stage, activity, stageCode, outcome, null, false);
    }
  }

  private static List<Expected> everyStage() {
    List<Expected> all = new ArrayList<>();
    String sale = "Продажа курса";
    all.add(new Expected(sale, "Новая заявка", "Activity_ProcessLead", "ACCEPTED", null));
    all.add(new Expected(sale, "Принято в работу", "Activity_ProcessLead", "ACCEPTED", null));
    all.add(new Expected(sale, "Не дозвонились", "Gateway_RecallOrReply", "NOT_REACHED", null));
    all.add(new Expected(sale, "Квалифицирован", "Activity_PrepareOffer", "QUALIFIED", null));
    all.add(new Expected(sale, "Назначен пробный урок", "Activity_MarkTrial", "TRIAL_SCHEDULED", null));
    all.add(new Expected(sale, "Пробный урок проведен", "Activity_RequestFeedback", "TRIAL_HELD", null));
    all.add(new Expected(sale, "Счет выставлен", "Activity_AwaitPayment", "INVOICE_SENT", null));
    all.add(new Expected(sale, "Успешно реализовано", null, "WON", "WON"));
    all.add(new Expected(sale, "Закрыто не реализовано", null, "LOST", "LOST"));
    String delivery = "Ведение курса";
    // With amoCRM's start date the deal waits where the model waits; without it the curator first sets the dates.
    all.add(new Expected(delivery, "Начало курса назначено", "Event_NotifyDue", "SCHEDULED", null, 20, false));
    all.add(new Expected(delivery, "Начало курса назначено", "Activity_ClarifyCourseStart", "SCHEDULED", null));
    all.add(new Expected(delivery, "Уведомление и материалы направлены", "Event_DayAfterMaterials", "NOTIFIED", null, 1, false));
    all.add(new Expected(delivery, "Уведомление и материалы направлены", "Activity_ClarifyCourseStart", "NOTIFIED", null));
    all.add(new Expected(delivery, "Прохождение курса", "Event_MonthPassed", "IN_PROGRESS", null, -10, false));
    all.add(new Expected(delivery, "Прохождение курса", "Activity_ClarifyCourseStart", "IN_PROGRESS", null));
    all.add(new Expected(delivery, "Курс пройден", "Activity_SendCertificate", "FINISHED", null));
    all.add(new Expected(delivery, "Сертификат отправлен", "Activity_CollectReview", "CERT_SENT", null));
    all.add(new Expected(delivery, "Успешно реализовано", null, "WON", "WON"));
    all.add(new Expected(delivery, "Закрыто не реализовано", null, "LOST", "LOST"));
    String webinar = "Вебинар";
    // A registration waits for the webinar of our catalog: the one amoCRM names, else the next one.
    all.add(new Expected(webinar, "Зарегистрирован на вебинар", "Event_DayBefore", "REGISTERED", null, null, true));
    all.add(new Expected(webinar, "Приглашение выслано", "Event_DayBefore", "INVITED", null, null, true));
    all.add(new Expected(webinar, "Зарегистрирован на вебинар", null, "REGISTERED", "NEXT_WEBINAR"));
    all.add(new Expected(webinar, "Посетил вебинар", "Activity_CallAttendee", "ATTENDED", null));
    all.add(new Expected(webinar, "Выявлена потребность", null, "NEED_IDENTIFIED", null));
    all.add(new Expected(webinar, "Закрыто не реализовано", null, "LOST", "LOST"));
    String reanimation = "Реанимация";
    all.add(new Expected(reanimation, "Холодный звонок", "Activity_ColdCall", "COLD_CALL", null));
    all.add(new Expected(reanimation, "Не дозвонились", "Event_RecallDue", "NOT_REACHED", null));
    all.add(new Expected(reanimation, "Контакт произведен", "Event_FeedbackDue", "CONTACTED", null));
    all.add(new Expected(reanimation, "Выявлена потребность", null, "NEED_IDENTIFIED", null));
    all.add(new Expected(reanimation, "Закрыто и не реализовано", null, "LOST", "LOST"));
    return all;
  }

  /** The tags seed 000's table «Автоматические теги этапов» gives a stage. */
  private static List<String> stageTags(String stageCode) {
    return switch (stageCode) {
      case "NOT_REACHED" -> List.of("Недозвон");
      case "TRIAL_SCHEDULED", "CONTACTED" -> List.of("Выслано_предложение");
      case "INVOICE_SENT" -> List.of("Выслано_предложение", "Согласована_оплата");
      default -> List.of();
    };
  }

  /** A webinar of our catalog, announced by the platform's first registration, starting at a second no other test uses. */
  private java.time.OffsetDateTime webinarInTheCatalog() {
    java.time.OffsetDateTime startsAt = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(3)).plusDays(3)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(ThreadLocalRandom.current().nextInt(1, 50_000));
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("name", "Участник Каталога");
    registration.put("phone", TestPhones.unique());
    registration.put("webinarTitle", "Вебинар для переезда");
    registration.put("startsAt", startsAt.toString());
    registration.put("durationMinutes", 60);
    registration.put("link", "https://webinar.example/move");
    assertThat(Api.postWithKey(rest, "/api/webinars/amo-" + nextId() + "/registrations", Api.json(registration)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return startsAt;
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Test
  void aDealAtEveryStageOfEveryFunnelStartsWhereItShouldAfterADryRunThatWroteNothing() {
    java.time.OffsetDateTime webinarStart = webinarInTheCatalog();
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Moscow"));
    java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy");
    java.time.format.DateTimeFormatter moment = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    List<Expected> stages = everyStage();
    AmoExports file = AmoExports.deals();
    Map<String, Expected> byId = new LinkedHashMap<>();
    for (Expected e : stages) {
      String id = nextId();
      byId.put(id, e);
      file.deal(id, "Сделка «" + e.stage() + "»", "45 000", MANAGER, "01.11.2026 10:15:00", e.pipeline(), e.stage(), "Python, вебинар_ноябрь",
          "LOST".equals(e.outcome()) ? "Дорого" : "", "Клиент " + id, "", TestPhones.russianStyle(TestPhones.unique()), "", "Созвонились, ждёт счёт",
          e.courseStart() == null ? "" : day.format(today.plusDays(e.courseStart())),
          e.webinar() ? moment.format(webinarStart.atZoneSameInstant(java.time.ZoneId.of("Europe/Moscow"))) : "");
    }
    byte[] csv = file.csvUtf8WithBom(';');
    long dealsBefore = count("deal");
    long contactsBefore = count("contact");
    long instancesBefore = runtime.createProcessInstanceQuery().count();

    AmoReport dry = importer.run(csv, null, true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.format()).isEqualTo("CSV (;)");
    assertThat(count("deal")).isEqualTo(dealsBefore);
    assertThat(count("contact")).isEqualTo(contactsBefore);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
    // Every stage of every funnel is importable.
    assertThat(dry.refused()).isZero();
    assertThat(dry.created()).isEqualTo(stages.size());
    // Each row is a new person, also the rows whose report carries a note (no course dates).
    assertThat(dry.contactsCreated()).isEqualTo(stages.size());

    AmoReport done = importer.run(csv, null, false);

    assertThat(done.created()).isEqualTo(dry.created());
    assertThat(done.refused()).isZero();
    Set<Date> recallDue = new HashSet<>();
    for (AmoReport.Item item : done.items()) {
      Expected e = byId.get(item.amoId());
      String where = e.pipeline() + " / " + e.stage() + (e.courseStart() != null ? " с датой" : "");
      assertThat(item.action()).as(where).isEqualTo(AmoReport.Action.CREATE);
      long dealId = importer.importedDeal(item.amoId()).orElseThrow();
      assertThat(deals.currentStage(dealId).orElseThrow().code()).as(where).isEqualTo(e.stageCode());
      assertThat(deals.tags(dealId)).as(where).contains(AmoImporter.IMPORT_TAG, "Python", "вебинар_ноябрь").containsAll(stageTags(e.stageCode()));
      assertThat(deals.responsible(dealId)).contains("manager1");
      assertThat(deals.budget(dealId).orElseThrow()).isEqualByComparingTo("45000");
      assertThat(deals.timeline(dealId)).extracting(TimelineEntry::text).contains("Примечание из amoCRM: Созвонились, ждёт счёт");
      Map<String, Object> row = jdbc.queryForMap("SELECT process_instance_id, outcome, loss_reason, created_at FROM deal WHERE id = ?", dealId);
      assertThat(((java.time.OffsetDateTime) row.get("CREATED_AT")).toInstant()).isEqualTo(Instant.parse("2026-11-01T07:15:00Z"));
      if ("NEXT_WEBINAR".equals(e.outcome())) {
        // No date in amoCRM: the catalog's next webinar, whichever test announced it.
        assertThat(jdbc.queryForList("SELECT webinar_id FROM webinar_registration WHERE deal_id = ?", String.class, dealId)).as(where).hasSize(1);
        assertThat(runtime.getActiveActivityIds((String) row.get("PROCESS_INSTANCE_ID"))).isNotEmpty();
        continue;
      }
      if (e.activity() == null) {
        assertThat(row.get("PROCESS_INSTANCE_ID")).as(where).isNull();
        assertThat(row.get("OUTCOME")).as(where).isEqualTo(e.outcome());
        assertThat(row.get("LOSS_REASON")).isEqualTo("LOST".equals(e.outcome()) ? "Дорого" : null);
        // A sale lost a month ago for «Дорого» waits for its reanimation, as a deal the model closes does.
        List<org.camunda.bpm.engine.runtime.ProcessInstance> reanimations =
            runtime.createProcessInstanceQuery().processDefinitionKey("reanimation").variableValueEquals("originalDealId", dealId).list();
        if (e.pipeline().equals("Продажа курса") && "LOST".equals(e.outcome())) {
          assertThat(reanimations).hasSize(1);
          assertThat(runtime.getActiveActivityIds(reanimations.get(0).getId())).containsExactly("Event_ReanimationDue");
        } else {
          assertThat(reanimations).isEmpty();
        }
        continue;
      }
      String instance = (String) row.get("PROCESS_INSTANCE_ID");
      assertThat(runtime.getActiveActivityIds(instance)).as(where).contains(e.activity());
      assertThat(row.get("OUTCOME")).isNull();
      if (e.activity().startsWith("Activity_")) {
        Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(e.activity()).singleResult();
        assertThat(task.getAssignee()).as(where).isEqualTo("manager1");
      }
      if (e.pipeline().equals("Ведение курса")) {
        // amoCRM's responsible is the curator; the dates are amoCRM's, the end after the usual three months.
        assertThat(runtime.getVariable(instance, "curator")).isEqualTo("manager1");
        Object start = runtime.getVariable(instance, "startDate");
        if (e.courseStart() == null) {
          assertThat(start).as(where).isNull();
        } else {
          assertThat(start).as(where).isEqualTo(today.plusDays(e.courseStart()).toString());
          assertThat(runtime.getVariable(instance, "endDate")).isEqualTo(today.plusDays(e.courseStart()).plusMonths(3).toString());
        }
        if (e.activity().equals("Activity_ClarifyCourseStart") && !e.stageCode().equals("SCHEDULED")) {
          assertThat(item.note()).contains("без даты начала обучения: куратор получит задачу «Уточнить даты курса»");
        }
      }
      if (e.webinar()) {
        assertThat(jdbc.queryForObject("SELECT w.starts_at FROM webinar_registration r JOIN webinar w ON w.id = r.webinar_id WHERE r.deal_id = ?",
            java.time.OffsetDateTime.class, dealId).toInstant()).isEqualTo(webinarStart.toInstant());
        assertThat(runtime.getVariable(instance, "webinarTitle")).isEqualTo("Вебинар для переезда");
      }
      if (e.stageCode().equals("NOT_REACHED")) {
        recallDue.add(management.createJobQuery().processInstanceId(instance).timers().singleResult().getDuedate());
      }
      if (e.stageCode().equals("INVOICE_SENT")) {
        // «Счет выставлен»: waiting for the payment with the daily reminders and the deadline.
        List<String> timers = management.createJobQuery().processInstanceId(instance).timers().list().stream().map(Job::getJobDefinitionId)
            .map(id -> management.createJobDefinitionQuery().jobDefinitionId(id).singleResult().getActivityId()).toList();
        assertThat(timers).containsExactlyInAnyOrder("Event_PaymentReminderDue", "Event_InvoiceDeadline");
        assertThat(runtime.getVariable(instance, "paymentReminders")).isEqualTo(0);
      }
    }
    // Timers of the imported deals are spread, not all due at once.
    assertThat(recallDue).hasSize(2);
  }

  @Test
  void aRegistrationForAWebinarOurCatalogDoesNotHaveIsRefusedWithItsReason() {
    String id = nextId();
    AmoExports file = AmoExports.deals()
        .deal(id, "Регистрация", "", MANAGER, "01.11.2026", "Вебинар", "Зарегистрирован на вебинар", "", "", "Клиент Без Вебинара", "",
            TestPhones.unique(), "", "", "", "01.01.2020 19:00");

    AmoReport report = importer.run(file.csv(StandardCharsets.UTF_8, ';'), null, false);

    assertThat(report.items()).singleElement().satisfies(item -> {
      assertThat(item.action()).isEqualTo(AmoReport.Action.REFUSE);
      assertThat(item.line()).isEqualTo(2);
      assertThat(item.note()).isEqualTo("вебинара, который начинается 01.01.2020 19:00, в каталоге школы нет: регистрацию не к чему отнести");
    });
    assertThat(importer.importedDeal(id)).isEmpty();
  }

  @Test
  void windows1251WithCommasReportsEveryBrokenRowByItsLineAndImportsTheRest() {
    String good = nextId();
    String afterNote = nextId();
    AmoExports file = AmoExports.deals()
        .deal(good, "Хорошая", "10000,50", MANAGER, "02.11.2026", "Продажа курса", "Квалифицирован", "", "", "Ёлкина Вера", "", TestPhones.unique(), "", "")
        .deal(nextId(), "Без телефона", "", MANAGER, "02.11.2026", "Продажа курса", "Квалифицирован", "", "", "Иван", "", "12", "", "")
        .deal(nextId(), "Неизвестный этап", "", MANAGER, "02.11.2026", "Продажа курса", "Думает", "", "", "Иван", "", TestPhones.unique(), "", "")
        .deal("abc", "Кривой ID", "", MANAGER, "02.11.2026", "Продажа курса", "Квалифицирован", "", "", "Иван", "", TestPhones.unique(), "", "")
        .deal(nextId(), "Кривая дата", "", MANAGER, "32.13.2026", "Продажа курса", "Квалифицирован", "", "", "Иван", "", TestPhones.unique(), "", "")
        .deal(nextId(), "Кривой бюджет", "много", MANAGER, "02.11.2026", "Продажа курса", "Квалифицирован", "", "", "Иван", "", TestPhones.unique(), "", "")
        .deal(nextId(), "Чужой", "", "Менеджер Александр", "02.11.2026", "Продажа курса", "Квалифицирован", "", "", "Иван", "", TestPhones.unique(), "", "Первая строка,\nвторая строка")
        .deal(afterNote, "После многострочного примечания", "", MANAGER, "02.11.2026", "Маркетинг", "Квалифицирован", "", "", "Иван", "", TestPhones.unique(), "", "");
    byte[] csv = file.csv(AmoFileReader.WINDOWS_1251, ',');
    assertThat(new String(csv, StandardCharsets.UTF_8)).doesNotContain("Ответственный");

    AmoReport report = importer.run(csv, null, false);

    assertThat(report.format()).isEqualTo("CSV (,)");
    Map<Integer, String> refusals = new LinkedHashMap<>();
    report.items().stream().filter(i -> i.action() == AmoReport.Action.REFUSE).forEach(i -> refusals.put(i.line(), i.note()));
    assertThat(refusals)
        .containsEntry(3, "телефон «12» не распознан, а e-mail нет")
        .containsEntry(4, "этап «Думает» воронки «Продажа курса» не сопоставлен с этапом школы")
        .containsEntry(5, "ID сделки «abc» — не число")
        .containsEntry(6, "дата «32.13.2026» не распознана (ожидается ДД.ММ.ГГГГ ЧЧ:ММ:СС)")
        .containsEntry(7, "бюджет «много» — не сумма в рублях")
        .containsEntry(8, "ответственный «Менеджер Александр» не сопоставлен с пользователем школы (раздел users файла сопоставления)")
        // The note of line 8 spans two lines: the next record starts on line 10.
        .containsEntry(10, "воронка «Маркетинг» не сопоставлена ни с одной воронкой школы (раздел pipelines файла сопоставления)")
        .hasSize(7);
    assertThat(report.created()).isEqualTo(1);
    long dealId = importer.importedDeal(good).orElseThrow();
    assertThat(deals.budget(dealId).orElseThrow()).isEqualByComparingTo("10000.50");
    assertThat(jdbc.queryForObject("SELECT c.name FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", String.class, dealId)).isEqualTo("Ёлкина Вера");
    assertThat(importer.importedDeal(afterNote)).isEmpty();
  }

  @Test
  void theAdministratorsMappingNamesUsersAndAnXlsxExportImportsLikeACsv() {
    String id = nextId();
    byte[] xlsx = AmoExports.deals()
        .deal(id, "Из Excel", "30000", "Менеджер Александр", "03.11.2026 09:00", "Продажа курса", "Счет выставлен", "импорт_", "", "Пётр Excel", "", "", "Petr.Excel" + id + "@Example.ru", "")
        .xlsx();
    byte[] mapping = "{\"users\": {\"Менеджер Александр\": \"manager2\"}}".getBytes(StandardCharsets.UTF_8);

    AmoReport report = importer.run(xlsx, mapping, false);

    assertThat(report.format()).isEqualTo("XLSX");
    assertThat(report.created()).as(report.items().toString()).isEqualTo(1);
    long dealId = importer.importedDeal(id).orElseThrow();
    assertThat(deals.responsible(dealId)).contains("manager2");
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
    assertThat(jdbc.queryForObject("SELECT c.email FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?", String.class, dealId))
        .isEqualTo("petr.excel" + id + "@example.ru");
  }

  @Test
  void importingTheSameFileTwiceChangesNothingAndAPersonIsOneContact() {
    String phone = TestPhones.unique();
    String first = nextId();
    String second = nextId();
    String knownPhone = TestPhones.unique();
    long known = deals.createContact(new ru.onlineschool.funnels.deal.NewContact("Уже клиент", knownPhone, null, null), Instant.now());
    String third = nextId();
    byte[] csv = AmoExports.deals()
        .deal(first, "Первая", "", MANAGER, "01.11.2026", "Продажа курса", "Успешно реализовано", "", "", "Мария Дублева", "", TestPhones.russianStyle(phone), "", "")
        .deal(second, "Вторая", "", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "Мария Д.", "", phone, "", "")
        .deal(third, "Третья", "", MANAGER, "01.11.2026", "Реанимация", "Холодный звонок", "", "", "Уже клиент", "", knownPhone, "", "")
        .csv(StandardCharsets.UTF_8, ';');

    AmoReport report = importer.run(csv, null, false);

    assertThat(report.created()).isEqualTo(3);
    assertThat(report.contactsCreated()).isEqualTo(1);
    assertThat(report.items()).extracting(AmoReport.Item::note).contains("тот же контакт, что в строке 2", "контакт совпал с существующим №" + known + " по телефону");
    long firstDeal = importer.importedDeal(first).orElseThrow();
    long secondDeal = importer.importedDeal(second).orElseThrow();
    long contact = jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, firstDeal);
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, secondDeal)).isEqualTo(contact);
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, importer.importedDeal(third).orElseThrow())).isEqualTo(known);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE phone = ?", Long.class, phone)).isEqualTo(1);

    Map<String, Long> before = Api.footprint(jdbc);
    long instances = runtime.createProcessInstanceQuery().count();
    AmoReport again = importer.run(csv, null, false);

    assertThat(again.created()).isZero();
    assertThat(again.skipped()).isEqualTo(3);
    assertThat(again.items()).extracting(AmoReport.Item::note).contains("уже импортирована: сделка №" + firstDeal);
    assertThat(Api.footprint(jdbc)).isEqualTo(before);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);
  }

  @Test
  void onlyAnAdministratorImportsThroughTheApiAndAFileThatIsNoExportIsRefusedInRussian() {
    String id = nextId();
    byte[] csv = AmoExports.deals()
        .deal(id, "Через API", "", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "Клиент API", "", TestPhones.unique(), "", "")
        .csv(StandardCharsets.UTF_8, ';');

    ResponseEntity<String> manager = upload(rest.withBasicAuth("manager1", "demo"), csv, "true");
    assertThat(manager.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<String> dry = upload(rest.withBasicAuth("admin", "demo"), csv, "true");
    assertThat(dry.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(Api.parse(dry).path("created").asInt()).isEqualTo(1);
    assertThat(importer.importedDeal(id)).isEmpty();

    ResponseEntity<String> real = upload(rest.withBasicAuth("admin", "demo"), csv, "false");
    assertThat(Api.parse(real).path("created").asInt()).isEqualTo(1);
    assertThat(importer.importedDeal(id)).isPresent();
    assertThat(Api.parse(rest.withBasicAuth("admin", "demo").getForEntity("/api/admin/import/amocrm/progress", String.class)).path("percent").asInt()).isEqualTo(100);

    ResponseEntity<String> wrongStage = putMapping("{\"pipelines\": {\"Продажа курса\": {\"funnel\": \"course-sale\", \"stages\": {\"Думает\": \"THINKING\"}}}}");
    assertThat(wrongStage.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(Api.parse(wrongStage).path("detail").asText()).startsWith("Этап «Думает» сопоставлен с «THINKING», а в воронке «course-sale» такого этапа нет");

    ResponseEntity<String> notExport = upload(rest.withBasicAuth("admin", "demo"), "\"не закрыта".getBytes(StandardCharsets.UTF_8), "true");
    assertThat(notExport.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(Api.parse(notExport).path("detail").asText()).isEqualTo("Строка 1: кавычка открыта и не закрыта до конца файла.");
  }

  /**
   * A row that fails in the middle of its transaction — contact, deal, tags, history and import key
   * written, then the process does not start because its model is suspended in Cockpit — leaves
   * nothing of itself, and the rows before and after it in the same batch are imported.
   */
  @Test
  void aRowThatFailsHalfWayLeavesNothingAndTheRestOfTheFileGoesOn() {
    String before = nextId();
    String failing = nextId();
    String after = nextId();
    String failingPhone = TestPhones.unique();
    String failingContact = nextId();
    AmoExports file = AmoExports.deals()
        .deal(before, "До", "", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "Клиент До", "", TestPhones.unique(), "", "")
        .deal(failing, "Сбой", "", MANAGER, "01.11.2026", "Ведение курса", "Курс пройден", "сбойный_тег", "", "Клиент Сбоя", failingContact,
            failingPhone, "", "Примечание сбойной сделки")
        .deal(after, "После", "", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "Клиент После", "", TestPhones.unique(), "", "");
    long instancesBefore = runtime.createProcessInstanceQuery().processDefinitionKey("course-delivery").count();
    long tagsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM deal_tag WHERE tag = 'сбойный_тег'", Long.class);
    repository.suspendProcessDefinitionByKey("course-delivery");
    AmoReport report;
    try {
      report = importer.run(file.csv(StandardCharsets.UTF_8, ';'), null, false);
    } finally {
      repository.activateProcessDefinitionByKey("course-delivery");
    }

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.refused()).isEqualTo(1);
    AmoReport.Item refused = report.items().stream().filter(i -> i.action() == AmoReport.Action.REFUSE).findFirst().orElseThrow();
    assertThat(refused.line()).isEqualTo(3);
    assertThat(refused.note())
        .isEqualTo("не записана, из строки ничего не сохранено: модель процесса course-delivery приостановлена в Cockpit — активируйте её и импортируйте файл снова");
    // Nothing half-written: no contact, deal, tag, import key or process of the failing row.
    assertThat(importer.importedDeal(failing)).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE phone = ?", Long.class, failingPhone)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM amo_import_key WHERE amo_id IN (?, ?)", Long.class, failing, failingContact)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deal_tag WHERE tag = 'сбойный_тег'", Long.class)).isEqualTo(tagsBefore);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM timeline_entry WHERE text = 'Примечание из amoCRM: Примечание сбойной сделки'", Long.class)).isZero();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("course-delivery").count()).isEqualTo(instancesBefore);
    // The rows around it are whole: deal, contact and a running process each.
    for (String id : List.of(before, after)) {
      long dealId = importer.importedDeal(id).orElseThrow();
      String instance = jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
      assertThat(runtime.getActiveActivityIds(instance)).contains("Activity_PrepareOffer");
    }

    // Once the model is active again the same file imports the failed row and skips the others.
    AmoReport again = importer.run(file.csv(StandardCharsets.UTF_8, ';'), null, false);

    assertThat(again.created()).isEqualTo(1);
    assertThat(again.skipped()).isEqualTo(2);
    long dealId = importer.importedDeal(failing).orElseThrow();
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("FINISHED");
  }

  /**
   * The page /import sends the file with the webapps' session: an administrator with the session's
   * CSRF token is served, the same request without the token is not, and a manager is refused.
   */
  @Test
  void theImportPageSendsTheFileWithTheWebappSessionAndItsCsrfToken() throws Exception {
    byte[] csv = AmoExports.deals()
        .deal(nextId(), "С сессией", "", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "Клиент Сессии", "", TestPhones.unique(), "", "")
        .csv(StandardCharsets.UTF_8, ';');
    ru.onlineschool.funnels.support.WebappSession admin = ru.onlineschool.funnels.support.WebappSession.login(port, "admin", "tasklist");

    java.net.http.HttpResponse<String> dry = admin.postBytes("/api/admin/import/amocrm?dryRun=true", csv, true);
    java.net.http.HttpResponse<String> forged = admin.postBytes("/api/admin/import/amocrm?dryRun=true", csv, false);
    java.net.http.HttpResponse<String> manager =
        ru.onlineschool.funnels.support.WebappSession.login(port, "manager1", "tasklist").postBytes("/api/admin/import/amocrm?dryRun=true", csv, true);

    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(dry.body()).contains("\"dryRun\":true", "\"created\":1");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(manager.statusCode()).isEqualTo(403);
    assertThat(manager.body()).contains("Импорт из amoCRM запускают только администраторы.");
    assertThat(admin.get("/api/admin/import/amocrm/progress").statusCode()).isEqualTo(200);
    // The page reads the token from /import/token: the webapps' cookie is on /camunda, out of its reach.
    assertThat(admin.get("/import/token").body()).startsWith("{\"token\":\"").doesNotContain("\"\"");
  }

  /** A valid ИНН no other test uses: an organisation's 10 digits or an entrepreneur's 12, check digits computed. */
  private static String uniqueInn(boolean organisation) {
    int[] digits = new int[organisation ? 10 : 12];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = ThreadLocalRandom.current().nextInt(i == 0 ? 1 : 0, 10);
    }
    if (organisation) {
      digits[9] = check(digits, new int[] {2, 4, 10, 3, 5, 9, 4, 6, 8});
    } else {
      digits[10] = check(digits, new int[] {7, 2, 4, 10, 3, 5, 9, 4, 6, 8});
      digits[11] = check(digits, new int[] {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8});
    }
    StringBuilder inn = new StringBuilder();
    for (int d : digits) {
      inn.append(d);
    }
    return inn.toString();
  }

  private static int check(int[] digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += digits[i] * weights[i];
    }
    return sum % 11 % 10;
  }

  /**
   * amoCRM's companies export: a company with a valid ИНН (and КПП) becomes the school's company, once
   * per ИНН and КПП; one without ИНН or with a wrong one is refused with the reason; its phones and
   * e-mails are reported as not carried over. A later deal export links each deal to its paying
   * company by «ID компании».
   */
  @Test
  void companiesWithAnInnComeInAndPayForTheirDealsTheOthersAreRefusedWithTheReason() {
    String organisation = nextId();
    String withoutInn = nextId();
    String wrongInn = nextId();
    String entrepreneur = nextId();
    String sameAsFirst = nextId();
    String inn = uniqueInn(true);
    AmoExports companies = new AmoExports(List.of("ID", "Название компании", "ИНН", "КПП", "Рабочий телефон", "Рабочий email", "Контакты"))
        .row(List.of(organisation, "ООО «Переезд»", inn, "773601001", "+7 495 123-45-67", "info@pereezd.example", "Анна Петрова"))
        .row(List.of(withoutInn, "ООО «Без ИНН»", "", "", "", "", ""))
        .row(List.of(wrongInn, "ООО «Кривой ИНН»", "7707083890", "773601001", "", "", ""))
        .row(List.of(entrepreneur, "ИП Сидоров", uniqueInn(false), "", "", "", ""))
        .row(List.of(sameAsFirst, "ООО «Переезд» (дубль)", inn, "773601001", "", "", ""));
    byte[] file = companies.csv(StandardCharsets.UTF_8, ';');

    AmoReport report = importer.run(file, null, false);

    Map<Integer, AmoReport.Item> byLine = new LinkedHashMap<>();
    report.items().forEach(i -> byLine.put(i.line(), i));
    assertThat(byLine.get(2).action()).isEqualTo(AmoReport.Action.CREATE);
    assertThat(byLine.get(2).note()).isEqualTo("телефоны, e-mail и связанные контакты компании не переносятся: в школе у компании нет своих контактов, её контакт — клиент сделки");
    assertThat(byLine.get(3).action()).isEqualTo(AmoReport.Action.REFUSE);
    assertThat(byLine.get(3).note()).startsWith("у компании «ООО «Без ИНН»» нет ИНН: в школе компания — плательщик по сделке и хранится по ИНН и КПП;");
    assertThat(byLine.get(4).action()).isEqualTo(AmoReport.Action.REFUSE);
    assertThat(byLine.get(4).note()).isEqualTo("реквизиты компании «ООО «Кривой ИНН»»: ИНН с ошибкой: не сходится контрольная цифра");
    assertThat(byLine.get(5).action()).isEqualTo(AmoReport.Action.CREATE);
    assertThat(byLine.get(6).action()).isEqualTo(AmoReport.Action.CREATE);
    assertThat(byLine.get(6).note()).isEqualTo("та же компания (ИНН и КПП), что в строке 2");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM company WHERE inn = ?", Long.class, inn)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT name FROM company WHERE inn = ?", String.class, inn)).isEqualTo("ООО «Переезд»");

    // A deal of the company and a deal of a company that did not come in.
    List<String> headers = new ArrayList<>(AmoExports.DEAL_HEADERS);
    headers.add("ID компании");
    String paid = nextId();
    String unpaid = nextId();
    byte[] dealsFile = new AmoExports(headers)
        .row(List.of(paid, "Обучение сотрудников", "90 000", MANAGER, "01.11.2026", "Продажа курса", "Счет выставлен", "", "", "SQL", "Анна Петрова", "",
            TestPhones.unique(), "", "", "ООО «Переезд»", "", "", "", "", sameAsFirst))
        .row(List.of(unpaid, "Без плательщика", "90 000", MANAGER, "01.11.2026", "Продажа курса", "Квалифицирован", "", "", "SQL", "Иван Петров", "",
            TestPhones.unique(), "", "", "ООО «Без ИНН»", "", "", "", "", withoutInn))
        .csv(StandardCharsets.UTF_8, ';');
    AmoReport dealsReport = importer.run(dealsFile, null, false);

    assertThat(dealsReport.created()).isEqualTo(2);
    long paidDeal = importer.importedDeal(paid).orElseThrow();
    Long companyId = jdbc.queryForObject("SELECT id FROM company WHERE inn = ?", Long.class, inn);
    assertThat(jdbc.queryForObject("SELECT company_id FROM deal WHERE id = ?", Long.class, paidDeal)).isEqualTo(companyId);
    assertThat(deals.timeline(paidDeal)).extracting(TimelineEntry::text).contains("Платит компания: ООО «Переезд», ИНН " + inn);
    long unpaidDeal = importer.importedDeal(unpaid).orElseThrow();
    assertThat(jdbc.queryForObject("SELECT company_id FROM deal WHERE id = ?", Long.class, unpaidDeal)).isNull();
    assertThat(dealsReport.items().get(1).note()).contains("компания amoCRM " + withoutInn + " не импортирована: сделка без компании-плательщика");

    // The companies again: what came in is skipped, the refused rows are refused again.
    AmoReport again = importer.run(file, null, false);
    assertThat(again.created()).isZero();
    assertThat(again.skipped()).isEqualTo(3);
    assertThat(again.refused()).isEqualTo(2);
  }

  @Test
  void aSaleLostLongAgoStaysClosedWithoutAReanimation() {
    String id = nextId();
    byte[] csv = AmoExports.deals()
        .deal(id, "Давняя", "", MANAGER, "15.01.2020 12:00:00", "Продажа курса", "Закрыто не реализовано", "", "Дорого", "Давний клиент", "", TestPhones.unique(), "", "")
        .csv(StandardCharsets.UTF_8, ';');

    importer.run(csv, null, false);

    long dealId = importer.importedDeal(id).orElseThrow();
    assertThat(jdbc.queryForObject("SELECT outcome FROM deal WHERE id = ?", String.class, dealId)).isEqualTo("LOST");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("reanimation").variableValueEquals("originalDealId", dealId).count()).isZero();
  }

  @Test
  void aContactExportCreatesEachPersonOnceAndTheDealsOfALaterDealExportJoinThem() {
    String newContact = nextId();
    String duplicate = nextId();
    String email = "vera" + newContact + "@example.ru";
    String knownPhone = TestPhones.unique();
    long known = deals.createContact(new ru.onlineschool.funnels.deal.NewContact("Уже клиент", knownPhone, null, null), Instant.now());
    byte[] contacts = new AmoExports(List.of("ID", "Полное имя контакта", "Мобильный телефон", "Рабочий email"))
        .row(List.of(newContact, "Вера Контактова", "", email.toUpperCase(java.util.Locale.ROOT)))
        .row(List.of(duplicate, "Уже клиент (дубль)", TestPhones.russianStyle(knownPhone), ""))
        .row(List.of(nextId(), "Без связи", "", ""))
        .csv(StandardCharsets.UTF_8, ';');

    AmoReport report = importer.run(contacts, null, false);

    assertThat(report.items()).extracting(AmoReport.Item::action)
        .containsExactly(AmoReport.Action.CREATE, AmoReport.Action.SKIP, AmoReport.Action.REFUSE);
    assertThat(report.items().get(1).note()).isEqualTo("дубль: контакт совпал с существующим №" + known + " по телефону");
    assertThat(report.items().get(2).note()).isEqualTo("у контакта нет ни распознаваемого телефона, ни e-mail");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE email = ?", Long.class, email)).isEqualTo(1);
    long contactId = jdbc.queryForObject("SELECT id FROM contact WHERE email = ?", Long.class, email);

    String dealId = nextId();
    byte[] dealsFile = AmoExports.deals()
        .deal(dealId, "Сделка Веры", "", MANAGER, "05.11.2026", "Продажа курса", "Квалифицирован", "", "", "Вера", newContact, "", email, "")
        .csv(StandardCharsets.UTF_8, ';');
    importer.run(dealsFile, null, false);
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deal WHERE id = ?", Long.class, importer.importedDeal(dealId).orElseThrow())).isEqualTo(contactId);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE email = ?", Long.class, email)).isEqualTo(1);
  }

  @Test
  void theCommandLineImportsAFileAndPrintsTheRefusalsAndTheSummaryInRussian(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String id = nextId();
    java.nio.file.Path file = dir.resolve("amocrm_export_leads.csv");
    java.nio.file.Files.write(file, AmoExports.deals()
        .deal(id, "Из консоли", "", MANAGER, "05.11.2026", "Продажа курса", "Пробный урок проведен", "", "", "Консольный", "", TestPhones.unique(), "", "")
        .deal(nextId(), "Счёт без суммы", "", MANAGER, "05.11.2026", "Продажа курса", "Счет выставлен", "", "", "Консольный 2", "", TestPhones.unique(), "", "")
        .csv(AmoFileReader.WINDOWS_1251, ';'));
    org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment()
        .withProperty("school.import.amocrm-file", file.toString())
        .withProperty("school.import.dry-run", "false");
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

    int status = new AmoImportCommand(importer, environment, null).runImport(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(out).contains("Строка 3", "отклонена — сделка на этапе «Счет выставлен» без бюджета: оплату не с чем сверить");
    assertThat(out).contains("Строк: 2; создано: 1; пропущено: 0; отклонено: 1;");
    assertThat(importer.importedDeal(id)).isPresent();

    java.nio.file.Path notExport = dir.resolve("notes.csv");
    java.nio.file.Files.writeString(notExport, "Имя;Телефон\nВера;+79161234567\n");
    printed.reset();
    environment.setProperty("school.import.amocrm-file", notExport.toString());
    assertThat(new AmoImportCommand(importer, environment, null).runImport(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("Импорт невозможен: Это не выгрузка amoCRM: нет колонки «ID».");
  }

  private ResponseEntity<String> putMapping(String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth("admin", "demo").exchange("/api/admin/import/amocrm/mapping", org.springframework.http.HttpMethod.PUT, new HttpEntity<>(json, headers), String.class);
  }

  private static ResponseEntity<String> upload(TestRestTemplate client, byte[] file, String dryRun) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    return client.postForEntity("/api/admin/import/amocrm?dryRun=" + dryRun, new HttpEntity<>(file, headers), String.class);
  }

}
