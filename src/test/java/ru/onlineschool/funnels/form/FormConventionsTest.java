package ru.onlineschool.funnels.form;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every Camunda Form of the repository must keep so that a new form cannot bring back what
 * issue 18 fixed:
 *
 * <ul>
 *   <li>a date with time is sent as the school's wall time ({@code timeSerializingFormat}
 *       «no_timezone», read in the school's zone by the server), never with the browser's offset:
 *       «18:00» typed in a browser on UTC is 18:00 in Moscow; the time is shown in 24 hours («чч:мм»);
 *   <li>an option or a checkbox leads with Russian; a tag or a code may follow in parentheses at
 *       the end («пробный урок выдан (trial_lesson)»).
 * </ul>
 */
class FormConventionsTest {

  private static final Path FORMS = Path.of("forms");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A code in parentheses at the end of a label: «(trial_lesson)». */
  private static final Pattern TRAILING_CODE = Pattern.compile("\\s\\([^()]+\\)$");
  /** Starts with a Russian word, a digit or a quote, and has no Latin letters and no «_». */
  private static final Pattern RUSSIAN_FIRST = Pattern.compile("^[«\"0-9А-Яа-яЁё][^A-Za-z_]*$");

  @Test
  void theRepositoryFormsKeepTheConventions() throws Exception {
    List<Path> forms = forms(FORMS);
    assertThat(forms).hasSizeGreaterThan(20);
    assertThat(problems(forms)).isEmpty();
  }

  @Test
  void everyDateWithTimeOfTheFormsIsCheckedHere() throws Exception {
    // The rule is not empty: the forms have call-backs and trial lessons with a time.
    long withTime = 0;
    for (Path form : forms(FORMS)) {
      withTime += components(JSON.readTree(form.toFile())).stream().filter(FormConventionsTest::hasTime).count();
    }
    assertThat(withTime).isGreaterThanOrEqualTo(8);
  }

  @Test
  void aFormWithTheBrowsersOffsetOrAnEnglishLabelIsCaught(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.form");
    Files.writeString(
        bad,
        """
        {"id": "bad", "components": [
          {"type": "datetime", "key": "callBackAt", "subtype": "datetime", "use24h": true, "timeSerializingFormat": "utc_offset"},
          {"type": "datetime", "key": "meetAt", "subtype": "time"},
          {"type": "datetime", "key": "day", "subtype": "date"},
          {"type": "group", "components": [
            {"type": "radio", "key": "outcome", "values": [
              {"label": "Перезвонить", "value": "CALL_BACK"},
              {"label": "trial_lesson — выдан пробный урок", "value": "TRIAL"},
              {"label": "пробный урок выдан (trial_lesson)", "value": "TRIAL2"},
              {"label": "Выдан trial lesson", "value": "TRIAL3"}]},
            {"type": "checkbox", "key": "tagPaid", "label": "paid_by_company"}]}
        ]}
        """);
    assertThat(problems(List.of(bad)))
        .containsExactly(
            "bad.form: поле «callBackAt» отправляет время с поясом браузера (timeSerializingFormat «utc_offset»), нужно «no_timezone»",
            "bad.form: поле «meetAt» отправляет время с поясом браузера (timeSerializingFormat «null»), нужно «no_timezone»",
            "bad.form: поле «meetAt» показывает время с AM/PM, нужно 24 часа (use24h), «чч:мм»",
            "bad.form: вариант «trial_lesson — выдан пробный урок» поля «outcome» должен начинаться по-русски, код — в скобках в конце",
            "bad.form: вариант «Выдан trial lesson» поля «outcome» должен начинаться по-русски, код — в скобках в конце",
            "bad.form: вариант «paid_by_company» поля «tagPaid» должен начинаться по-русски, код — в скобках в конце");
  }

  static List<String> problems(List<Path> forms) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path form : forms) {
      String file = form.getFileName().toString();
      for (JsonNode c : components(JSON.readTree(form.toFile()))) {
        String key = c.path("key").asText("?");
        if (hasTime(c) && !"no_timezone".equals(c.path("timeSerializingFormat").asText(null))) {
          problems.add(
              file + ": поле «" + key + "» отправляет время с поясом браузера (timeSerializingFormat «"
                  + c.path("timeSerializingFormat").asText(null) + "»), нужно «no_timezone»");
        }
        if (hasTime(c) && !c.path("use24h").asBoolean(false)) {
          problems.add(file + ": поле «" + key + "» показывает время с AM/PM, нужно 24 часа (use24h), «чч:мм»");
        }
        List<String> labels = new ArrayList<>();
        c.path("values").forEach(option -> labels.add(option.path("label").asText("")));
        if ("checkbox".equals(c.path("type").asText())) {
          labels.add(c.path("label").asText(""));
        }
        for (String label : labels) {
          if (!RUSSIAN_FIRST.matcher(TRAILING_CODE.matcher(label.strip()).replaceFirst("")).matches()) {
            problems.add(file + ": вариант «" + label + "» поля «" + key + "» должен начинаться по-русски, код — в скобках в конце");
          }
        }
      }
    }
    return problems;
  }

  private static boolean hasTime(JsonNode c) {
    String subtype = c.path("subtype").asText("");
    return "datetime".equals(c.path("type").asText()) && ("datetime".equals(subtype) || "time".equals(subtype));
  }

  private static List<JsonNode> components(JsonNode node) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode c : node.path("components")) {
      all.add(c);
      all.addAll(components(c));
    }
    return all;
  }

  private static List<Path> forms(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".form")).sorted().toList();
    }
  }
}
