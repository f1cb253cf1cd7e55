package ru.onlineschool.funnels.tasklist;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our Russian Tasklist translation ({@code locales/ru.json} in our resources) must cover
 * exactly what Camunda's English file ({@code locales/en.json} in the webjar) has.
 */
class TasklistTranslationTest {

  private static final String LOCALES = "/META-INF/resources/webjars/camunda/app/tasklist/locales/";

  /** Hidden by user-styles.css; may be empty. */
  private static final String BANNER_KEY = "BANNER_CE_EOL_TEXT";

  /** Labels that stay the same in Russian on purpose (product names). */
  private static final Set<String> SAME_AS_ENGLISH = Set.of("COCKPIT_APP");

  private static final Pattern LATIN_LETTER = Pattern.compile("[A-Za-z]");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
  private static final Pattern HTML_TAG =
      Pattern.compile("</?(?:a|b|br|code|em|i|li|ol|p|span|strong|ul)\\b[^>]*>", Pattern.CASE_INSENSITIVE);

  private static JsonNode english;
  private static JsonNode russian;

  @BeforeAll
  static void load() throws IOException {
    english = read("en.json");
    russian = read("ru.json");
  }

  @Test
  void dateLocalesHaveTheSameKeys() {
    List<String> problems = new ArrayList<>();
    compareDateLocales("dateLocales", english.path("dateLocales"), russian.path("dateLocales"), problems);
    assertNoProblems(problems);
  }

  @Test
  void topLevelKeysAreTheSame() {
    List<String> problems = new ArrayList<>();
    compareKeys("", english, russian, problems);
    assertNoProblems(problems);
  }

  @Test
  void everyLabelIsTranslated() {
    JsonNode en = english.path("labels");
    JsonNode ru = russian.path("labels");
    assertTrue(en.isObject() && en.size() > 0, "en.json has no labels");
    List<String> problems = new ArrayList<>();
    compareKeys("labels.", en, ru, problems);

    for (Map.Entry<String, JsonNode> entry : en.properties()) {
      String key = entry.getKey();
      JsonNode translated = ru.get(key);
      if (translated == null) {
        continue;
      }
      if (!translated.isTextual()) {
        problems.add("labels." + key + ": not a string");
        continue;
      }
      String source = entry.getValue().asText();
      String target = translated.asText();
      if (target.isBlank()) {
        if (!key.equals(BANNER_KEY) && !source.isBlank()) {
          problems.add("labels." + key + ": empty");
        }
        continue;
      }
      if (target.equals(source)
          && LATIN_LETTER.matcher(source).find()
          && !SAME_AS_ENGLISH.contains(key)) {
        problems.add("labels." + key + ": left in English: \"" + source + "\"");
      }
      if (!key.equals(BANNER_KEY)) {
        List<String> expected = matches(PLACEHOLDER, source);
        List<String> actual = matches(PLACEHOLDER, target);
        if (!expected.equals(actual)) {
          problems.add("labels." + key + ": placeholders " + actual + " instead of " + expected);
        }
        List<String> expectedTags = matches(HTML_TAG, source);
        List<String> actualTags = matches(HTML_TAG, target);
        if (!expectedTags.equals(actualTags)) {
          problems.add("labels." + key + ": HTML tags " + actualTags + " instead of " + expectedTags);
        }
      }
    }
    assertNoProblems(problems);
  }

  /**
   * Same keys at every level. Where English has a list (months), moment.js also accepts
   * {format, standalone}: Russian needs the genitive «10 января» next to «январь».
   */
  private static void compareDateLocales(String path, JsonNode en, JsonNode ru, List<String> problems) {
    if (en.isObject()) {
      if (!ru.isObject()) {
        problems.add(path + ": must be an object");
        return;
      }
      compareKeys(path + ".", en, ru, problems);
      for (Map.Entry<String, JsonNode> entry : en.properties()) {
        JsonNode child = ru.get(entry.getKey());
        if (child != null) {
          compareDateLocales(path + "." + entry.getKey(), entry.getValue(), child, problems);
        }
      }
    } else if (en.isArray()) {
      if (ru.isArray()) {
        compareList(path, en, ru, problems);
      } else if (ru.isObject() && fieldNames(ru).equals(new TreeSet<>(Set.of("format", "standalone")))) {
        compareList(path + ".format", en, ru.get("format"), problems);
        compareList(path + ".standalone", en, ru.get("standalone"), problems);
      } else {
        problems.add(path + ": must be a list or {format, standalone}");
      }
    } else if (en.isTextual()) {
      if (!ru.isTextual() || ru.asText().isBlank()) {
        problems.add(path + ": must be a non-empty string");
      }
    } else if (en.getNodeType() != ru.getNodeType()) {
      problems.add(path + ": must be " + en.getNodeType());
    }
  }

  private static void compareList(String path, JsonNode en, JsonNode ru, List<String> problems) {
    if (!ru.isArray() || ru.size() != en.size()) {
      problems.add(path + ": must be a list of " + en.size());
      return;
    }
    for (int i = 0; i < ru.size(); i++) {
      if (!ru.get(i).isTextual() || ru.get(i).asText().isBlank()) {
        problems.add(path + "[" + i + "]: empty");
      }
    }
  }

  private static void compareKeys(String prefix, JsonNode en, JsonNode ru, List<String> problems) {
    Set<String> expected = fieldNames(en);
    Set<String> actual = fieldNames(ru);
    for (String key : expected) {
      if (!actual.contains(key)) {
        problems.add("missing key " + prefix + key);
      }
    }
    for (String key : actual) {
      if (!expected.contains(key)) {
        problems.add("extra key " + prefix + key);
      }
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(pattern == PLACEHOLDER ? matcher.group(1) : matcher.group().replaceAll("\\s+", " "));
    }
    found.sort(null);
    return found;
  }


  private static void assertNoProblems(List<String> problems) {
    assertTrue(
        problems.isEmpty(),
        () -> problems.size() + " problem(s) in ru.json:\n  " + String.join("\n  ", problems));
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in = TasklistTranslationTest.class.getResourceAsStream(LOCALES + file)) {
      assertNotNull(in, file + " is not on the classpath at " + LOCALES);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      JsonNode node = new ObjectMapper().readTree(text);
      assertTrue(node.isObject(), file + " is not a JSON object");
      return node;
    }
  }
}
