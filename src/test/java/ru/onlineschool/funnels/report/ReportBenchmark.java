package ru.onlineschool.funnels.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.stalled.StalledDeals;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * Not part of the normal test run: seeds 100,000 deals with their timeline into the test database
 * and times the report queries without and with the indexes of V6__report_indexes.sql.
 *
 * <pre>./mvnw -q test -Dlint.skip -Dtest=ReportBenchmark -Dbenchmark=true</pre>
 *
 * Results go to the console and to {@code target/benchmark/report-queries.md}.
 */
@ApplicationTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReportBenchmark {

  static final int DEALS = 100_000;
  static final long FIRST_ID = 50_000_000L;
  static final LocalDate YEAR_START = LocalDate.of(2019, 1, 1);
  static final List<String> INDEXES = List.of("deal_funnel_created_idx", "deal_open_stage_idx", "timeline_kind_stage_time_idx");
  static final Map<String, String> INDEX_DDL =
      Map.of(
          "deal_funnel_created_idx", "CREATE INDEX deal_funnel_created_idx ON deal (funnel, created_at)",
          "deal_open_stage_idx", "CREATE INDEX deal_open_stage_idx ON deal (funnel, closed_at, stage_entered_at)",
          "timeline_kind_stage_time_idx", "CREATE INDEX timeline_kind_stage_time_idx ON timeline_entry (kind, stage_code, occurred_at)");
  static final String[] REASONS = {"Дорого", "Не дозвонились", "Выбрали других", "Отложили", "Перестал выходить на связь", "Спам"};

  @Autowired JdbcTemplate jdbc;
  @Autowired ReportService reports;
  @Autowired StalledDeals stalled;

  @Test
  void reportQueriesWithOneHundredThousandDeals() throws Exception {
    long seeding = System.nanoTime();
    long timelineRows = seed();
    long seededIn = (System.nanoTime() - seeding) / 1_000_000;

    Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
    ReportScope month = reports.scope("course-sale", LocalDate.of(2019, 6, 1), LocalDate.of(2019, 6, 30), null);
    ReportScope year = reports.scope("course-sale", LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31), null);
    ReportScope managerMonth = reports.scope("course-sale", LocalDate.of(2019, 6, 1), LocalDate.of(2019, 6, 30), "bench-m3");
    queries.put("Сделки по этапам (доска)", () -> reports.board("course-sale", null));
    queries.put("Доска менеджера", () -> reports.board("course-sale", "bench-m3"));
    queries.put("Конверсия за месяц", () -> reports.conversion(month));
    queries.put("Конверсия за год", () -> reports.conversion(year));
    queries.put("Конверсия менеджера за месяц", () -> reports.conversion(managerMonth));
    queries.put("Причины отказа за месяц", () -> reports.lossReasons(month));
    queries.put("Первый контакт за месяц", () -> reports.firstContact(month));
    queries.put("Первый контакт за год", () -> reports.firstContact(year));
    queries.put("Подвисшие: поиск и теги", () -> stalled.tag("course-sale", Instant.parse("2019-12-29T00:00:00Z"), Instant.parse("2019-12-31T00:00:00Z")));

    INDEXES.forEach(index -> jdbc.execute("DROP INDEX " + index));
    Map<String, Long> without = time(queries);
    INDEXES.forEach(index -> jdbc.execute(INDEX_DDL.get(index)));
    jdbc.execute("ANALYZE");
    Map<String, Long> with = time(queries);

    StringBuilder table = new StringBuilder();
    table.append("Сделок: ").append(count("deal")).append(", строк истории: ").append(count("timeline_entry"))
        .append(" (из них создано сейчас ").append(timelineRows).append("), заполнено за ").append(seededIn).append(" мс\n\n");
    table.append("| запрос | без индексов V4, мс | с индексами V4, мс |\n|---|---:|---:|\n");
    queries.keySet().forEach(name -> table.append("| ").append(name).append(" | ").append(without.get(name)).append(" | ").append(with.get(name)).append(" |\n"));
    System.out.println(table);
    Path out = Path.of("target", "benchmark", "report-queries.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  /**
   * The median of 5 runs after one warm-up, in milliseconds. Before each run one deal and one
   * timeline line are touched: H2 reuses a query's last result while its tables are unchanged, which
   * would time a cache, not the query.
   */
  private Map<String, Long> time(Map<String, Supplier<Object>> queries) {
    Map<String, Long> result = new LinkedHashMap<>();
    queries.forEach(
        (name, query) -> {
          query.get();
          List<Long> runs = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            jdbc.update("UPDATE deal SET budget = ? WHERE id = ?", i, FIRST_ID);
            jdbc.update("UPDATE timeline_entry SET user_id = user_id WHERE id = (SELECT MIN(id) FROM timeline_entry)");
            long start = System.nanoTime();
            query.get();
            runs.add((System.nanoTime() - start) / 1_000_000);
          }
          runs.sort(null);
          result.put(name, runs.get(2));
        });
    return result;
  }

  /**
   * 100,000 deals over 2019: 80 % «Продажа курса», 20 % «Реанимация», five managers; each deal walks
   * a random way through the stages (about 6 timeline lines a deal), one in four is still open.
   */
  private long seed() {
    Random random = new Random(7);
    List<Object[]> contacts = new ArrayList<>();
    List<Object[]> dealRows = new ArrayList<>();
    List<Object[]> timeline = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < DEALS; i++) {
      long id = FIRST_ID + i;
      String funnel = i % 5 == 4 ? "reanimation" : "course-sale";
      String manager = "bench-m" + (i % 5);
      Instant created = YEAR_START.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(365 * 24 * 3600));
      Instant at = created;
      List<String> path = new ArrayList<>();
      if ("course-sale".equals(funnel)) {
        path.add("NEW");
        path.add("ACCEPTED");
        path.add(random.nextInt(4) == 0 ? "NOT_REACHED" : "QUALIFIED");
        if ("QUALIFIED".equals(path.get(2))) {
          for (String next : List.of("TRIAL_SCHEDULED", "TRIAL_HELD", "INVOICE_SENT", "WON")) {
            if (random.nextInt(3) == 0) {
              break;
            }
            path.add(next);
          }
        }
      } else {
        path.add("COLD_CALL");
        path.add(random.nextBoolean() ? "NOT_REACHED" : "CONTACTED");
      }
      boolean open = random.nextInt(4) == 0 && !path.get(path.size() - 1).equals("WON");
      if (!open && !path.get(path.size() - 1).equals("WON")) {
        path.add("LOST");
      }
      String reason = path.get(path.size() - 1).equals("LOST") ? REASONS[random.nextInt(REASONS.length)] : null;
      for (int s = 0; s < path.size(); s++) {
        timeline.add(new Object[] {id, utc(at), "STAGE", path.get(s), "Этап: " + path.get(s), null});
        if (s == 1) {
          at = at.plusSeconds(60 + random.nextInt(40 * 60));
          timeline.add(new Object[] {id, utc(at), random.nextBoolean() ? "CALL" : "TASK_RESULT", null, "Первый контакт", manager});
        } else {
          at = at.plusSeconds(random.nextInt(3 * 24 * 3600));
        }
      }
      String last = path.get(path.size() - 1);
      boolean closed = last.equals("WON") || last.equals("LOST");
      contacts.add(new Object[] {id, "Клиент " + i, utc(created)});
      dealRows.add(new Object[] {id, funnel, id, last, last, utc(at), manager, reason, closed ? last : null, utc(created), closed ? utc(at) : null});
      if (contacts.size() == 5_000) {
        rows += flush(contacts, dealRows, timeline);
      }
    }
    return rows + flush(contacts, dealRows, timeline);
  }

  private long flush(List<Object[]> contacts, List<Object[]> dealRows, List<Object[]> timeline) {
    jdbc.batchUpdate("INSERT INTO contact (id, name, created_at) VALUES (?, ?, ?)", contacts);
    jdbc.batchUpdate(
        "INSERT INTO deal (id, funnel, contact_id, stage_code, stage_title, stage_entered_at, responsible, loss_reason, outcome, created_at, closed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        dealRows);
    jdbc.batchUpdate("INSERT INTO timeline_entry (deal_id, occurred_at, kind, stage_code, text, user_id) VALUES (?, ?, ?, ?, ?, ?)", timeline);
    long rows = timeline.size();
    contacts.clear();
    dealRows.clear();
    timeline.clear();
    return rows;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
