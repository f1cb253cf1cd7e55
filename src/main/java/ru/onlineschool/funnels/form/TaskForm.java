package ru.onlineschool.funnels.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a Camunda Form (form-js schema, {@code forms/*.form}) promises about the answers of a task:
 * its input fields with their rules. Read once per deployed form and kept; a rule this reader does
 * not know is remembered as such, so that the server refuses to guess (see {@link FormAnswers}).
 */
public final class TaskForm {

  /** Components that only show something and hold no answer. */
  private static final Set<String> DISPLAY_TYPES = Set.of("text", "html", "spacer", "separator", "image", "iframe", "table", "button");
  /** Components whose answers are checked here, as form-js 1.8 submits them. */
  private static final Set<String> INPUT_TYPES =
      Set.of("textfield", "textarea", "number", "checkbox", "checklist", "radio", "select", "taglist", "datetime");
  /** Rules under {@code validate} that are checked. */
  private static final Set<String> KNOWN_RULES = Set.of("required", "min", "max", "minLength", "maxLength", "pattern", "validationType");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final Map<String, Field> fields;
  private final List<String> unsupported;

  private TaskForm(String id, Map<String, Field> fields, List<String> unsupported) {
    this.id = id;
    this.fields = fields;
    this.unsupported = unsupported;
  }

  /**
   * One input field. {@code hide} holds the FEEL conditions ({@code conditional.hide} without its
   * leading «=») of the field and of the groups around it: the field is hidden, and its answer
   * not expected, when any of them is true.
   */
  public record Field(
      String key,
      String label,
      String type,
      String subtype,
      String timeFormat,
      boolean readOnly,
      boolean required,
      List<String> options,
      String optionsVariable,
      BigDecimal min,
      BigDecimal max,
      Integer minLength,
      Integer maxLength,
      Pattern pattern,
      String validationType,
      Integer decimalDigits,
      BigDecimal increment,
      List<String> hide) {}

  public static TaskForm parse(byte[] schema) {
    try {
      JsonNode root = JSON.readTree(schema);
      Map<String, Field> fields = new LinkedHashMap<>();
      List<String> unsupported = new ArrayList<>();
      String id = root.path("id").asText("?");
      collect(root.path("components"), List.of(), fields, unsupported);
      return new TaskForm(id, fields, unsupported);
    } catch (IOException e) {
      return new TaskForm("?", Map.of(), List.of("форма не читается как JSON"));
    }
  }

  public String id() {
    return id;
  }

  /** The input fields by their variable names, in the order of the form. */
  public Map<String, Field> fields() {
    return fields;
  }

  /** Rules and components the server cannot check (empty for every form of the repository). */
  public List<String> unsupported() {
    return unsupported;
  }

  private static void collect(JsonNode components, List<String> outerHide, Map<String, Field> fields, List<String> unsupported) {
    for (JsonNode component : components) {
      String type = component.path("type").asText("");
      List<String> hide = new ArrayList<>(outerHide);
      condition(component).ifPresent(hide::add);
      if ("group".equals(type)) {
        if (component.hasNonNull("path") && !component.path("path").asText("").isEmpty()) {
          unsupported.add("группа с путём «" + component.path("path").asText() + "»");
        }
        collect(component.path("components"), hide, fields, unsupported);
        continue;
      }
      if (DISPLAY_TYPES.contains(type) && !component.hasNonNull("key")) {
        continue;
      }
      String key = component.path("key").asText("");
      if (!INPUT_TYPES.contains(type) || key.isEmpty() || key.contains(".")) {
        unsupported.add("поле «" + (key.isEmpty() ? component.path("id").asText("?") : key) + "» типа «" + type + "»");
        continue;
      }
      fields.put(key, field(component, type, key, hide, unsupported));
    }
  }

  private static Field field(JsonNode c, String type, String key, List<String> hide, List<String> unsupported) {
    JsonNode validate = c.path("validate");
    for (Iterator<String> names = validate.fieldNames(); names.hasNext(); ) {
      String rule = names.next();
      if (!KNOWN_RULES.contains(rule) || validate.path(rule).isTextual() && validate.path(rule).asText().startsWith("=")) {
        unsupported.add("правило «" + rule + "» поля «" + key + "»");
      }
    }
    String validationType = text(validate, "validationType");
    if (validationType != null && !"email".equals(validationType)) {
      unsupported.add("проверка «" + validationType + "» поля «" + key + "»");
    }
    if (c.path("readonly").isTextual() || c.path("disabled").isTextual()) {
      unsupported.add("условие «только чтение» поля «" + key + "»");
    }
    if (c.has("valuesExpression")) {
      unsupported.add("варианты поля «" + key + "» из выражения");
    }
    Pattern pattern = null;
    String regex = text(validate, "pattern");
    if (regex != null) {
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        unsupported.add("шаблон поля «" + key + "»");
      }
    }
    List<String> options = null;
    if (c.path("values").isArray()) {
      options = new ArrayList<>();
      for (JsonNode option : c.path("values")) {
        options.add(option.path("value").asText());
      }
    }
    return new Field(
        key,
        label(c, key),
        type,
        text(c, "subtype"),
        text(c, "timeSerializingFormat"),
        c.path("readonly").asBoolean(false) || c.path("disabled").asBoolean(false),
        validate.path("required").asBoolean(false),
        options,
        text(c, "valuesKey"),
        number(validate, "min"),
        number(validate, "max"),
        validate.path("minLength").isNumber() ? validate.path("minLength").asInt() : null,
        validate.path("maxLength").isNumber() ? validate.path("maxLength").asInt() : null,
        pattern,
        validationType,
        c.path("decimalDigits").isNumber() ? c.path("decimalDigits").asInt() : null,
        number(c, "increment"),
        List.copyOf(hide));
  }

  private static String label(JsonNode c, String key) {
    for (String name : List.of("label", "dateLabel", "timeLabel")) {
      String label = text(c, name);
      if (label != null && !label.isBlank()) {
        return label.strip();
      }
    }
    return key;
  }

  private static Optional<String> condition(JsonNode component) {
    String hide = text(component.path("conditional"), "hide");
    if (hide == null || hide.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(hide.startsWith("=") ? hide.substring(1) : hide);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private static BigDecimal number(JsonNode node, String name) {
    JsonNode value = node.path(name);
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
