package ru.onlineschool.funnels.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.Api;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * Not part of the normal test run: «10,000 deals in minutes» (issue 22). Generates an amoCRM deal
 * export of {@code -Damo.deals} rows (10,000 by default) spread evenly over every stage of every
 * funnel of seed 003's account — open and closed, delivery deals with and without «Дата начала
 * обучения», webinar registrations for a webinar of the catalog — and imports it as the
 * administrator's page does: dry run, import, the same file again. Prints the times, deals per
 * second and how the timers of the imported deals fall (ten-minute slots), to the console and to
 * {@code target/benchmark/amocrm-import.md}. No assertion on time; it does check that every row was
 * imported and that the timers are spread rather than due at once.
 *
 * <pre>./mvnw -q test -Dlint.skip -Dtest=AmoImportBenchmark -Dbenchmark=true -Damo.deals=10000</pre>
 */
@ApplicationTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AmoImportBenchmark {

  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");

  /** Every stage of every funnel of seed 003's account: pipeline, stage, and the dates a row at it carries. */
  private record StageRow(String pipeline, String stage, boolean courseStart, boolean webinar) {}

  private static final List<StageRow> STAGES =
      List.of(
          new StageRow("Продажа курса", "Новая заявка", false, false),
          new StageRow("Продажа курса", "Принято в работу", false, false),
          new StageRow("Продажа курса", "Не дозвонились", false, false),
          new StageRow("Продажа курса", "Квалифицирован", false, false),
          new StageRow("Продажа курса", "Назначен пробный урок", false, false),
          new StageRow("Продажа курса", "Пробный урок проведен", false, false),
          new StageRow("Продажа курса", "Счет выставлен", false, false),
          new StageRow("Продажа курса", "Успешно реализовано", false, false),
          new StageRow("Продажа курса", "Закрыто не реализовано", false, false),
          new StageRow("Ведение курса", "Начало курса назначено", true, false),
          new StageRow("Ведение курса", "Начало курса назначено", false, false),
          new StageRow("Ведение курса", "Уведомление и материалы направлены", true, false),
          new StageRow("Ведение курса", "Прохождение курса", true, false),
          new StageRow("Ведение курса", "Прохождение курса", false, false),
          new StageRow("Ведение курса", "Курс пройден", false, false),
          new StageRow("Ведение курса", "Сертификат отправлен", false, false),
          new StageRow("Ведение курса", "Успешно реализовано", false, false),
          new StageRow("Вебинар", "Зарегистрирован на вебинар", false, true),
          new StageRow("Вебинар", "Приглашение выслано", false, true),
          new StageRow("Вебинар", "Посетил вебинар", false, false),
          new StageRow("Вебинар", "Выявлена потребность", false, false),
          new StageRow("Вебинар", "Закрыто не реализовано", false, false),
          new StageRow("Реанимация", "Холодный звонок", false, false),
          new StageRow("Реанимация", "Не дозвонились", false, false),
          new StageRow("Реанимация", "Контакт произведен", false, false),
          new StageRow("Реанимация", "Закрыто и не реализовано", false, false));

  @Autowired AmoImporter importer;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate rest;

  /**
   * An amoCRM deal export of {@code deals} rows, the stages in turn; ids, phones and e-mails from
   * {@code firstId} so that runs on one database do not meet.
   */
  static byte[] export(int deals, long firstId, OffsetDateTime webinarStart) {
    LocalDate today = LocalDate.now(MOSCOW);
    AmoExports file = AmoExports.deals();
    for (int i = 0; i < deals; i++) {
      StageRow stage = STAGES.get(i % STAGES.size());
      long id = firstId + i;
      String phone = "+7 (9" + String.format("%02d", (id / 10_000_000L) % 100) + ") " + String.format("%07d", id % 10_000_000L);
      file.deal(String.valueOf(id), "Сделка " + id, stage.stage().equals("Счет выставлен") ? "45 000" : "30 000", "Анна Смирнова",
          "01.11.2026 10:15:00", stage.pipeline(), stage.stage(), "Python, импорт_тест", stage.stage().startsWith("Закрыто") ? "Дорого" : "",
          "Клиент " + id, String.valueOf(id), phone, "client" + id + "@example.ru", "Примечание к сделке " + id,
          stage.courseStart() ? DAY.format(today.plusDays(i % 30 - 10)) : "",
          stage.webinar() ? MOMENT.format(webinarStart.atZoneSameInstant(MOSCOW)) : "");
    }
    return file.csvUtf8WithBom(';');
  }

  @Test
  void tenThousandDealsInMinutes() throws Exception {
    int deals = Integer.getInteger("amo.deals", 10_000);
    long firstId = 9_000_000_000L + (System.currentTimeMillis() % 100_000) * 100_000;
    OffsetDateTime webinarStart = OffsetDateTime.now(ZoneOffset.ofHours(3)).plusDays(5).withNano(0);
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("name", "Участник Бенчмарка");
    registration.put("phone", "+7 999 " + String.format("%07d", firstId % 10_000_000L));
    registration.put("webinarTitle", "Вебинар бенчмарка импорта");
    registration.put("startsAt", webinarStart.toString());
    registration.put("durationMinutes", 90);
    registration.put("link", "https://webinar.example/bench");
    assertThat(Api.postWithKey(rest, "/api/webinars/bench-" + firstId + "/registrations", Api.json(registration)).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    byte[] file = export(deals, firstId, webinarStart);
    Date before = new Date();

    AmoReport dry = importer.run(file, null, true);
    long started = System.nanoTime();
    AmoReport done = importer.run(file, null, false);
    double seconds = (System.nanoTime() - started) / 1e9;
    AmoReport again = importer.run(file, null, false);

    assertThat(dry.refused()).as("dry run refusals").isZero();
    assertThat(done.created()).isEqualTo(deals);
    assertThat(again.skipped()).isEqualTo(deals);
    // The timers the import created, by ten-minute slot of their due date.
    long instances =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM deal d JOIN amo_import_key k ON k.entity = 'DEAL' AND k.local_id = d.id"
                + " WHERE k.imported_at >= ? AND d.process_instance_id IS NOT NULL",
            Long.class, before);
    TreeMap<Long, Integer> slots = new TreeMap<>();
    jdbc.query(
        "SELECT j.DUEDATE_ FROM ACT_RU_JOB j JOIN deal d ON d.process_instance_id = j.PROCESS_INSTANCE_ID_"
            + " JOIN amo_import_key k ON k.entity = 'DEAL' AND k.local_id = d.id WHERE j.TYPE_ = 'timer' AND k.imported_at >= ?",
        rs -> {
          slots.merge(rs.getTimestamp(1).getTime() / 600_000L, 1, Integer::sum);
        },
        before);
    int timers = slots.values().stream().mapToInt(Integer::intValue).sum();
    int busiest = slots.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    String table =
        "| шаг | время |\n|---|---|\n"
            + "| пробный прогон (чтение, проверка, план), " + deals + " строк, " + file.length / 1024 + " КБ | " + String.format("%.1f с", dry.millis() / 1000.0) + " |\n"
            + "| импорт | " + String.format("%.0f с (%.1f сделок/с)", seconds, deals / seconds) + " |\n"
            + "| тот же файл ещё раз (всё пропущено) | " + String.format("%.1f с", again.millis() / 1000.0) + " |\n\n"
            + "Открытых сделок с процессом: " + instances + "; таймеров: " + timers + " в " + slots.size()
            + " десятиминутных интервалах, не больше " + busiest + " в одном.\n";
    System.out.println("\n" + table);
    Path out = Path.of("target", "benchmark", "amocrm-import.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    // Spread, not all due at once: no ten-minute slot holds more than a tenth of the timers.
    assertThat(busiest).as("timers in the busiest ten-minute slot").isLessThanOrEqualTo(Math.max(10, timers / 10));
  }

}
