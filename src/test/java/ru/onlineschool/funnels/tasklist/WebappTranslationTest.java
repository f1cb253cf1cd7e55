package ru.onlineschool.funnels.tasklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cockpit, Admin and the welcome page speak Russian: our {@code app/<app>/locales/ru.json}
 * has every key of Camunda's English file ({@code en.json} in the webjar), each one translated,
 * with the same placeholders and HTML tags; the configuration makes Russian the only language.
 */
class WebappTranslationTest {

  private static final String APP = "/META-INF/resources/webjars/camunda/app/";

  /** Empty on purpose: the Camunda 8 banner (hidden by user-styles.css anyway). */
  private static final String BANNER_KEY = "BANNER_CE_EOL_TEXT";

  /**
   * Cockpit glues the English plural suffix "s" to "instance"; Russian says «экз.» for any
   * number, so these labels are empty.
   */
  private static final String PLURAL_SUFFIX = "s";

  /**
   * Latin words that stay in Russian text: product names, application IDs typed into
   * authorizations, formats, abbreviations, date patterns.
   */
  private static final Set<String> LATIN_ALLOWED =
      Set.of(
          "Camunda", "Cockpit", "Optimize", "cockpit", "tasklist", "ID", "BPMN", "DMN", "CMMN", "DRD", "XML", "JSON", "CSV",
          "API", "LDAP", "IO", "CTRL", "F5", "null", "DI", "EDE", "FNI", "PI", "TU", "yyyy", "MM",
          "ddTHH", "mm", "ss");

  /** Two letters or more: a lone T in «ГГГГ-ММ-ДДTчч:мм:сс» is the ISO separator. */
  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}|\\{}");
  private static final Pattern HTML_TAG =
      Pattern.compile("</?(?:a|b|br|code|em|i|li|ol|p|span|strong|ul)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENTITY = Pattern.compile("&[a-z]+;|&#\\d+;");

  @ParameterizedTest
  @ValueSource(strings = {"cockpit", "admin", "welcome"})
  void everyEnglishLabelHasARussianTranslation(String app) throws IOException {
    JsonNode english = read(app, "en.json");
    JsonNode russian = read(app, "ru.json");
    List<String> problems = new ArrayList<>();
    compareKeys("", english, russian, problems);

    JsonNode en = english.path("labels");
    JsonNode ru = russian.path("labels");
    assertTrue(en.isObject() && en.size() > 100, app + ": en.json has no labels");
    compareKeys("labels.", en, ru, problems);
    for (Map.Entry<String, JsonNode> entry : en.properties()) {
      String key = entry.getKey();
      JsonNode translated = ru.get(key);
      if (translated == null) {
        continue;
      }
      if (!translated.isTextual()) {
        problems.add(key + ": not a string");
        continue;
      }
      String source = entry.getValue().asText();
      String target = translated.asText();
      if (target.isBlank()) {
        if (!key.equals(BANNER_KEY) && !source.equals(PLURAL_SUFFIX) && !source.isBlank()) {
          problems.add(key + ": empty");
        }
        continue;
      }
      for (String word : latinWords(target)) {
        if (!LATIN_ALLOWED.contains(word)) {
          problems.add(key + ": English word \"" + word + "\" in \"" + target + "\"");
        }
      }
      List<String> expected = matches(PLACEHOLDER, source);
      List<String> actual = matches(PLACEHOLDER, target);
      if (!expected.equals(actual)) {
        problems.add(key + ": placeholders " + actual + " instead of " + expected);
      }
      List<String> expectedTags = matches(HTML_TAG, source);
      List<String> actualTags = matches(HTML_TAG, target);
      if (!expectedTags.equals(actualTags)) {
        problems.add(key + ": HTML tags " + actualTags + " instead of " + expectedTags);
      }
    }
    assertNoProblems(app, problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cockpit", "admin"})
  void monthAndDayNamesAreRussian(String app) throws IOException {
    JsonNode en = read(app, "en.json").path("dateLocales");
    JsonNode ru = read(app, "ru.json").path("dateLocales");
    List<String> problems = new ArrayList<>();
    compareKeys("dateLocales.", en, ru, problems);
    assertNoProblems(app, problems);
    assertEquals("январь", ru.path("months").path("standalone").path(0).asText());
    assertEquals("января", ru.path("months").path("format").path(0).asText());
    assertEquals("понедельник", ru.path("weekdays").path(1).asText());
    assertEquals(1, ru.path("week").path("dow").asInt(), "weeks start on Monday");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cockpit", "admin", "welcome"})
  void russianIsTheOnlyLanguageAndDatesUseTheSchoolsZone(String app) throws IOException {
    String config = text(APP + app + "/scripts/config.js");
    assertTrue(config.contains("availableLocales: ['ru']"), app + ": config.js offers other languages");
    assertTrue(config.contains("fallbackLocale: 'ru'"), app + ": config.js falls back to another language");
    // The one shared script (it lives with Tasklist's, the path is relative to app/<app>/).
    assertTrue(
        config.contains("customScripts: ['../tasklist/scripts/school-time-zone'"),
        app + ": config.js does not load the school's time zone script");
    assertNotNull(
        WebappTranslationTest.class.getResource(APP + "tasklist/scripts/school-time-zone.js"),
        "the shared time zone script is missing");

    String styles = text(APP + app + "/styles/user-styles.css");
    assertTrue(
        Pattern.compile("\\.ce-eol-banner\\s*\\{\\s*display:\\s*none").matcher(styles).find(),
        app + ": user-styles.css does not hide the Camunda 8 banner");
  }

  private static List<String> latinWords(String text) {
    String plain = ENTITY.matcher(HTML_TAG.matcher(PLACEHOLDER.matcher(text).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
    return matches(LATIN_WORD, plain);
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
      String match =
          pattern == PLACEHOLDER
              ? (matcher.group(1) == null ? "{}" : matcher.group(1))
              : matcher.group().replaceAll("\\s+", " ");
      found.add(match);
    }
    if (pattern != LATIN_WORD) {
      found.sort(null);
    }
    return found;
  }

  private static void assertNoProblems(String app, List<String> problems) {
    assertTrue(
        problems.isEmpty(),
        () -> problems.size() + " problem(s) in app/" + app + "/locales/ru.json:\n  " + String.join("\n  ", problems));
  }

  private static String text(String resource) throws IOException {
    try (InputStream in = WebappTranslationTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the classpath");
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
  }

  private static JsonNode read(String app, String file) throws IOException {
    JsonNode node = new ObjectMapper().readTree(text(APP + app + "/locales/" + file));
    assertTrue(node.isObject(), app + "/" + file + " is not a JSON object");
    return node;
  }
}
