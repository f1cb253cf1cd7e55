package ru.onlineschool.funnels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deal is one module: SQL naming the deal's tables appears only in {@code deal/}. ArchUnit
 * sees which classes may use JDBC at all ({@link ArchitectureTest}) but not what their SQL names,
 * so the sources are read: an owner of another table (the outbox, the webinars) that joined
 * {@code deal} or {@code contact} would otherwise pass unnoticed.
 */
class DealTablesTest {

  static final Path SOURCES = Path.of("src/main/java/ru/onlineschool/funnels");
  static final Path DEAL_MODULE = SOURCES.resolve("deal");
  /** SQL keywords are written in capitals in this code base, prose is not. */
  static final Pattern DEAL_TABLE_SQL =
      Pattern.compile("\\b(FROM|INTO|UPDATE|JOIN|TABLE)\\s+(contact|deal|deal_tag|timeline_entry|payment|contact_personal_data|company|lead_source)\\b");

  @Test
  void onlyTheDealModuleNamesTheDealsTablesInSql() throws IOException {
    assertThat(SOURCES).as("run from the project's directory").isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(DEAL_MODULE)).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher sql = DEAL_TABLE_SQL.matcher(lines.get(i));
          if (sql.find()) {
            found.add(SOURCES.relativize(file) + ":" + (i + 1) + " «" + sql.group() + "»");
          }
        }
      }
    }
    assertThat(found).as("SQL on the deal's tables outside deal/ (use the deal module's API instead)").isEmpty();
  }

  @Test
  void thePatternSeesTheSqlItGuardsAgainst() {
    assertThat(DEAL_TABLE_SQL.matcher("\"SELECT c.name FROM deal d JOIN contact c ON c.id = d.contact_id\"").find()).isTrue();
    assertThat(DEAL_TABLE_SQL.matcher("\"INSERT INTO timeline_entry (deal_id) VALUES (?)\"").find()).isTrue();
    assertThat(DEAL_TABLE_SQL.matcher("\"UPDATE deal_tag SET tag = ?\"").find()).isTrue();
    assertThat(DEAL_TABLE_SQL.matcher("\"SELECT passport_number FROM contact_personal_data\"").find()).isTrue();
    assertThat(DEAL_TABLE_SQL.matcher("\"JOIN company c ON c.id = d.company_id\"").find()).isTrue();
    assertThat(DEAL_TABLE_SQL.matcher("\"SELECT 1 FROM outbox_message WHERE deal_id = ?\"").find()).isFalse();
    assertThat(DEAL_TABLE_SQL.matcher("copies a won sale into a delivery deal").find()).isFalse();
  }
}
