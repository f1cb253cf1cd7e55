package ru.onlineschool.funnels.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bean Validation's findings as the {@code errors} of our problem answers: the field as the
 * sender wrote it ({@code name}, {@code tags[1]}, {@code attended[0].phone}) and one Russian
 * message per field — the most basic one, as a person would fix them: first «Обязательное поле»,
 * then stray characters, then the length, then the format. Fields in the order of the request.
 */
public final class RequestViolations {

  /** Which finding a field shows when several constraints fail at once; unlisted ones come last. */
  private static final List<Class<? extends Annotation>> PRECEDENCE =
      List.of(
          NotNull.class, NotBlank.class, NoControlCharacters.class, Size.class, Min.class, Max.class,
          DecimalMin.class, DecimalPlaces.class, DecimalMax.class, Pattern.class);

  private RequestViolations() {}

  public static List<FieldProblem> problems(Collection<? extends ConstraintViolation<?>> violations) {
    Map<String, ConstraintViolation<?>> byField = new LinkedHashMap<>();
    violations.stream()
        .sorted(Comparator.comparingInt(RequestViolations::order).thenComparing(v -> field(v.getPropertyPath())))
        .forEach(v -> byField.merge(field(v.getPropertyPath()), v, (a, b) -> precedence(b) < precedence(a) ? b : a));
    List<FieldProblem> problems = new ArrayList<>();
    byField.forEach((field, v) -> problems.add(new FieldProblem(field, v.getMessage())));
    return problems;
  }

  /** The message a single value gets, e.g. for the same rule outside a request body; null when valid. */
  public static String message(Collection<? extends ConstraintViolation<?>> violations) {
    return violations.stream().min(Comparator.comparingInt(RequestViolations::precedence)).map(ConstraintViolation::getMessage).orElse(null);
  }

  /** {@code tags[1]} for a list element, {@code attended[0].phone} for a field of one, {@code attended[0]} for the whole one. */
  static String field(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable() && node.getIndex() != null) {
        field.append('[').append(node.getIndex()).append(']');
      } else if (node.isInIterable() && node.getKey() != null) {
        field.append('[').append(node.getKey()).append(']');
      }
      if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(node.getName());
      }
    }
    return field.toString();
  }

  private static int precedence(ConstraintViolation<?> violation) {
    int index = PRECEDENCE.indexOf(violation.getConstraintDescriptor().getAnnotation().annotationType());
    return index < 0 ? PRECEDENCE.size() : index;
  }

  /** Position of the violated field's top-level component in the request record. */
  private static int order(ConstraintViolation<?> violation) {
    Class<?> type = violation.getRootBeanClass();
    if (!type.isRecord()) {
      return 0;
    }
    String first = null;
    for (Path.Node node : violation.getPropertyPath()) {
      first = node.getName();
      break;
    }
    RecordComponent[] components = type.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(first)) {
        return i;
      }
    }
    return components.length;
  }
}
