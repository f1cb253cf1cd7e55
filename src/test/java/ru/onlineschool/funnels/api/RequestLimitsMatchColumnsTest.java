package ru.onlineschool.funnels.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.constraints.Size;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * A request field's limit is its {@code @Size}; the column it is stored in has its own length in
 * {@code db/migration}, which cannot read annotations. Here the two meet: for every request field
 * marked {@link StoredIn}, the limit must be the column's length as the database reports it — a
 * longer limit would let a request through that then fails at the insert, a shorter one would be
 * a second truth.
 */
@ApplicationTest
class RequestLimitsMatchColumnsTest {

  @Autowired JdbcTemplate jdbc;

  /** A stored request field: where it is declared, its limit, and the column. */
  record Stored(String field, int limit, String column) {}

  @Test
  void everyLimitedStoredFieldIsAsLongAsItsColumn() {
    List<Stored> stored = storedFields();
    assertThat(stored)
        .as("the stored fields found (so this test cannot pass by finding none)")
        .extracting(Stored::field)
        .contains(
            "LeadRequest.name", "LeadRequest.email", "LeadRequest.course", "LeadRequest.tags", "RegistrationRequest.name",
            "RegistrationRequest.email", "RegistrationRequest.webinarTitle", "RegistrationRequest.link", "PaymentRequest.reference");

    Map<String, String> mismatches = new LinkedHashMap<>();
    for (Stored field : stored) {
      Integer length = columnLength(field.column());
      if (length == null || length != field.limit()) {
        mismatches.put(field.field() + " @Size(max = " + field.limit() + ")", field.column() + " " + (length == null ? "does not exist" : "VARCHAR(" + length + ")"));
      }
    }
    assertThat(mismatches).as("request limits that differ from their column").isEmpty();
  }

  @Test
  void aColumnNarrowerThanItsLimitIsFound() {
    // The comparison itself, on a column known to be narrower than the name's limit.
    assertThat(columnLength("contact.phone")).isEqualTo(20);
    assertThat(columnLength("contact.name")).isEqualTo(200);
    assertThat(columnLength("contact.no_such_column")).isNull();
  }

  private Integer columnLength(String column) {
    String[] parts = column.split("\\.");
    List<Integer> lengths =
        jdbc.queryForList(
            "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA() AND LOWER(TABLE_NAME) = ? AND LOWER(COLUMN_NAME) = ?",
            Integer.class,
            parts[0].toLowerCase(),
            parts[1].toLowerCase());
    assertThat(lengths).as(column).hasSizeLessThanOrEqualTo(1);
    return lengths.isEmpty() ? null : lengths.get(0);
  }

  /** Every component marked {@link StoredIn} of every {@link ApiRequest}: a text's {@code @Size}, or its elements' for a list. */
  static List<Stored> storedFields() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(ApiRequest.class));
    List<Stored> stored = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("ru.onlineschool.funnels")) {
      Class<?> type;
      try {
        type = Class.forName(candidate.getBeanClassName());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (!type.isRecord()) {
        continue;
      }
      for (RecordComponent component : type.getRecordComponents()) {
        StoredIn column = component.getAnnotation(StoredIn.class);
        if (column == null) {
          continue;
        }
        Size size = limit(type, component);
        assertThat(size).as("%s.%s is stored in %s but has no @Size", type.getSimpleName(), component.getName(), column.value()).isNotNull();
        stored.add(new Stored(type.getSimpleName() + "." + component.getName(), size.max(), column.value()));
      }
    }
    return stored;
  }

  /** The {@code @Size} of a text component, or of the elements of a list of texts. */
  static Size limit(Class<?> type, RecordComponent component) {
    if (component.getAnnotatedType() instanceof AnnotatedParameterizedType list) {
      AnnotatedType element = list.getAnnotatedActualTypeArguments()[0];
      return element.getType() == String.class ? element.getAnnotation(Size.class) : null;
    }
    try {
      // @Size is not a record-component annotation: Java hands it on to the field.
      return type.getDeclaredField(component.getName()).getAnnotation(Size.class);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}
