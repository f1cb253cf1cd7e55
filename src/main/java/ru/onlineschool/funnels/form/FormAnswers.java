package ru.onlineschool.funnels.form;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * Checks the answers of one task completion against its form, as the Tasklist's form-js would,
 * but on the server, whoever sends them: only the form's fields, hidden fields left empty,
 * read-only fields unchanged, and for every shown field what the form promises — required,
 * a value from the offered list, a number within bounds, a text within its length and pattern,
 * a date that exists. The first problem is refused with a Russian message naming the field.
 *
 * <p>Rules are checked on the value each field will hold after the completion: what was sent,
 * or, for a field not sent, what the deal already holds (the value Tasklist shows pre-filled and
 * would send back). The per-task answers ({@code result}, {@code outcome}) start empty in every
 * task, so for them only a value sent with this completion counts.
 */
public final class FormAnswers {

  /** Evaluates a form's FEEL condition against the answers; true hides the field. */
  @FunctionalInterface
  public interface Conditions {
    boolean isTrue(String feel, Map<String, Object> data);
  }

  /** A value sent as a serialized object (type Object or Json): only a list field may accept it. */
  public record Serialized(String text) {}

  static final String RESULT = ProcessVariables.RESULT;
  /** The engine keeps a text variable in a VARCHAR(4000) column; longer text would fail the insert. */
  static final int ENGINE_TEXT_MAX = 4000;
  private static final Pattern EMAIL =
      Pattern.compile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FormAnswers() {}

  /**
   * @param submitted the variables sent with the completion
   * @param current the task's variables before it (what the deal holds)
   * @throws BadUserRequestException with a Russian message for the first problem
   */
  public static void check(TaskForm form, Map<String, Object> submitted, Map<String, Object> current, Conditions conditions) {
    if (!form.unsupported().isEmpty()) {
      throw refuse(
          "Форма «%s» содержит то, что сервер не умеет проверить (%s): задачу нельзя закрыть, обратитесь к администратору",
          form.id(),
          String.join(", ", form.unsupported()));
    }
    for (String name : submitted.keySet()) {
      if (!form.fields().containsKey(name)) {
        throw refuse("В форме задачи нет поля «%s»: такие данные задача не принимает", name);
      }
    }
    Map<String, Object> data = new HashMap<>(current);
    form.fields().keySet().forEach(key -> data.put(key, submitted.containsKey(key) ? submitted.get(key) : current.get(key)));
    for (TaskForm.Field field : form.fields().values()) {
      boolean sent = submitted.containsKey(field.key());
      Object value = data.get(field.key());
      if (field.hide().stream().anyMatch(condition -> conditions.isTrue(condition, data))) {
        if (sent && !isEmpty(submitted.get(field.key()))) {
          throw refuse("Поле «%s» при таком выборе не заполняется — уберите его значение", field.label());
        }
        continue;
      }
      if (field.readOnly()) {
        if (sent && !sameValue(submitted.get(field.key()), current.get(field.key()))) {
          throw refuse("Поле «%s» только для чтения: его нельзя изменить", field.label());
        }
        continue;
      }
      if (isEmpty(value) || Boolean.FALSE.equals(value) && field.type().equals("checkbox")) {
        if (field.required()) {
          throw refuse(requiredMessage(field));
        }
        if (isEmpty(value)) {
          continue;
        }
      }
      checkValue(field, value, current);
    }
  }

  private static String requiredMessage(TaskForm.Field field) {
    if (RESULT.equals(field.key())) {
      return "Заполните «" + field.label() + "»: без письменного результата задачу не закрыть";
    }
    return switch (field.type()) {
      case "radio", "select", "checklist", "taglist" -> "Выберите «" + field.label() + "»";
      case "datetime" -> "Укажите «" + field.label() + "»";
      case "checkbox" -> "Отметьте «" + field.label() + "»";
      default -> "Заполните «" + field.label() + "»";
    };
  }

  private static void checkValue(TaskForm.Field field, Object value, Map<String, Object> current) {
    switch (field.type()) {
      case "textfield", "textarea" -> checkText(field, value);
      case "number" -> checkNumber(field, value);
      case "checkbox" -> {
        if (!(value instanceof Boolean)) {
          throw refuse("Поле «%s»: ожидается да или нет (true/false)", field.label());
        }
      }
      case "radio", "select" -> checkOption(field, value, current);
      case "checklist", "taglist" -> {
        for (Object item : items(field, value)) {
          checkOption(field, item, current);
        }
      }
      case "datetime" -> checkDate(field, value);
      default -> throw refuse("Поле «%s»: сервер не умеет его проверить", field.label());
    }
  }

  private static void checkText(TaskForm.Field field, Object value) {
    if (!(value instanceof String text)) {
      throw refuse("Поле «%s»: ожидается текст", field.label());
    }
    // form-js measures the trimmed text; so do we, for the same answer to be accepted in both places.
    int length = text.strip().length();
    if (field.maxLength() != null && length > field.maxLength()) {
      throw refuse("Поле «%s» длиннее %d символов (сейчас %d) — сократите текст", field.label(), field.maxLength(), length);
    }
    if (text.length() > ENGINE_TEXT_MAX) {
      throw refuse("Поле «%s» длиннее %d символов — сократите текст", field.label(), ENGINE_TEXT_MAX);
    }
    if (field.minLength() != null && length < field.minLength()) {
      throw refuse("Поле «%s» короче %d символов", field.label(), field.minLength());
    }
    if (field.pattern() != null && !field.pattern().matcher(text).find()) {
      throw refuse("Поле «%s» заполнено не по образцу", field.label());
    }
    if ("email".equals(field.validationType()) && !EMAIL.matcher(text).matches()) {
      throw refuse("Поле «%s»: это не адрес электронной почты", field.label());
    }
  }

  private static void checkNumber(TaskForm.Field field, Object value) {
    BigDecimal number = decimal(value);
    if (number == null) {
      throw refuse("Поле «%s»: ожидается число", field.label());
    }
    if (field.min() != null && number.compareTo(field.min()) < 0) {
      throw refuse("Поле «%s»: число не может быть меньше %s", field.label(), field.min().toPlainString());
    }
    if (field.max() != null && number.compareTo(field.max()) > 0) {
      throw refuse("Поле «%s»: число не может быть больше %s", field.label(), field.max().toPlainString());
    }
    if (field.decimalDigits() != null && Math.max(number.stripTrailingZeros().scale(), 0) > field.decimalDigits()) {
      throw refuse(
          field.decimalDigits() == 0 ? "Поле «%s»: ожидается целое число" : "Поле «%s»: не больше %d знаков после запятой",
          field.label(),
          field.decimalDigits());
    }
    if (field.increment() != null
        && field.increment().signum() > 0
        && number.remainder(field.increment()).signum() != 0) {
      throw refuse("Поле «%s»: число должно быть кратно %s", field.label(), field.increment().toPlainString());
    }
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof Double d && (d.isNaN() || d.isInfinite()) || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return null;
    }
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    return null;
  }

  private static void checkOption(TaskForm.Field field, Object value, Map<String, Object> current) {
    List<String> options = options(field, current);
    boolean scalar = value instanceof String || value instanceof Number || value instanceof Boolean;
    if (!scalar || !options.contains(value.toString())) {
      throw refuse(
          "В поле «%s» нет варианта «%s»: выберите из списка (%s)",
          field.label(),
          shorten(String.valueOf(value)),
          String.join(", ", options));
    }
  }

  /**
   * The offered values: the form's own list, or the list a variable of the task holds ({@code
   * valuesKey}) — the list the task was given, never one sent with the completion (a sent variable
   * that is not a field of the form is refused before).
   */
  private static List<String> options(TaskForm.Field field, Map<String, Object> current) {
    if (field.options() != null) {
      return field.options();
    }
    Object source = field.optionsVariable() == null ? null : current.get(field.optionsVariable());
    if (source instanceof Serialized serialized) {
      source = serialized.text(); // a Json variable, as the task was given it
    }
    if (source instanceof String json) {
      try {
        source = JSON.readValue(json, new TypeReference<List<Object>>() {});
      } catch (Exception e) {
        return List.of();
      }
    }
    if (!(source instanceof Collection<?> list)) {
      return List.of();
    }
    return list.stream()
        .map(item -> item instanceof Map<?, ?> option ? option.get("value") : item)
        .filter(Objects::nonNull)
        .map(Object::toString)
        .collect(Collectors.toList());
  }

  private static Collection<?> items(TaskForm.Field field, Object value) {
    if (value instanceof Serialized serialized) {
      value = serialized.text();
    }
    if (value instanceof String json) {
      try {
        return JSON.readValue(json, new TypeReference<List<Object>>() {});
      } catch (Exception e) {
        throw refuse("Поле «%s»: ожидается список значений", field.label());
      }
    }
    if (value instanceof Collection<?> list) {
      return list;
    }
    throw refuse("Поле «%s»: ожидается список значений", field.label());
  }

  private static void checkDate(TaskForm.Field field, Object value) {
    if (value instanceof Date) {
      return;
    }
    String subtype = field.subtype() == null ? "date" : field.subtype();
    if (value instanceof String text && parses(subtype, field.timeFormat(), text.strip())) {
      return;
    }
    String example =
        switch (subtype) {
          case "time" -> "17:30";
          case "datetime" -> "no_timezone".equals(field.timeFormat()) ? "2030-03-05T17:30" : "2030-03-05T17:30+03:00";
          default -> "2030-03-05";
        };
    throw refuse("Поле «%s»: дата не распознана, ожидается вид %s", field.label(), example);
  }

  private static boolean parses(String subtype, String timeFormat, String text) {
    try {
      switch (subtype) {
        case "time" -> {
          if ("no_timezone".equals(timeFormat)) {
            LocalTime.parse(text);
          } else {
            OffsetTime.parse(text);
          }
        }
        case "datetime" -> {
          if ("no_timezone".equals(timeFormat)) {
            // The form sends the school's wall time («2030-03-05T17:30», read in the school's zone by
            // Dates); a caller of the API may state the moment with its offset instead.
            parseLocalOrOffset(text);
          } else {
            OffsetDateTime.parse(text);
          }
        }
        default -> LocalDate.parse(text);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static void parseLocalOrOffset(String text) {
    try {
      LocalDateTime.parse(text);
    } catch (DateTimeParseException local) {
      OffsetDateTime.parse(text);
    }
  }

  private static boolean sameValue(Object sent, Object held) {
    if (isEmpty(sent) && isEmpty(held) || Objects.equals(sent, held)) {
      return true;
    }
    if (decimal(sent) != null && decimal(held) != null) {
      return decimal(sent).compareTo(decimal(held)) == 0; // 64900 held, 64900.0 sent back by the browser
    }
    if (held instanceof Date && sent instanceof String text) {
      // Tasklist turns a date variable into text for the form and sends that text back.
      return parses("datetime", null, text) || parses("datetime", "no_timezone", text) || parses("date", null, text);
    }
    return sent != null && held != null && sent.toString().equals(held.toString());
  }

  static boolean isEmpty(Object value) {
    return value == null
        || value instanceof String text && text.isBlank()
        || value instanceof Collection<?> list && list.isEmpty();
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  private static BadUserRequestException refuse(String format, Object... args) {
    return new BadUserRequestException(args.length == 0 ? format : String.format(format, args));
  }
}
