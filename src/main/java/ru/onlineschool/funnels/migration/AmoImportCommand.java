package ru.onlineschool.funnels.migration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The administrator's command line: the application started with
 * {@code --school.import.amocrm-file=deals.csv} (optionally {@code --school.import.mapping-file=…}
 * and {@code --school.import.dry-run=false}) imports the file, prints the report in Russian and
 * stops. A dry run is the default.
 */
@Component
@ConditionalOnProperty("school.import.amocrm-file")
public class AmoImportCommand implements ApplicationRunner {

  private final AmoImporter importer;
  private final Environment environment;
  private final ConfigurableApplicationContext context;

  public AmoImportCommand(AmoImporter importer, Environment environment, ConfigurableApplicationContext context) {
    this.importer = importer;
    this.environment = environment;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    int status = runImport(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    if (environment.getProperty("school.import.exit", Boolean.class, true)) {
      System.exit(SpringApplication.exit(context, () -> status));
    }
  }

  int runImport(PrintStream out) {
    Path file = Path.of(environment.getRequiredProperty("school.import.amocrm-file"));
    String mappingFile = environment.getProperty("school.import.mapping-file");
    boolean dryRun = environment.getProperty("school.import.dry-run", Boolean.class, true);
    try {
      byte[] mapping = mappingFile == null || mappingFile.isBlank() ? null : Files.readAllBytes(Path.of(mappingFile));
      AmoReport report = importer.run(Files.readAllBytes(file), mapping, dryRun);
      for (AmoReport.Item item : report.items()) {
        if (item.action() != AmoReport.Action.CREATE || item.note() != null) {
          out.println("Строка " + item.line() + (item.amoId() == null ? "" : " (ID " + item.amoId() + ")") + ": "
              + switch (item.action()) {
                case CREATE -> "создаётся; ";
                case SKIP -> "пропущена — ";
                case REFUSE -> "отклонена — ";
              }
              + item.note());
        }
      }
      out.println(report.summary() + " Время: " + report.millis() / 1000.0 + " с.");
      return report.refused() == 0 ? 0 : 2;
    } catch (AmoImportException e) {
      out.println("Импорт невозможен: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("Файл не прочитан: " + e.getMessage());
      return 1;
    }
  }
}
