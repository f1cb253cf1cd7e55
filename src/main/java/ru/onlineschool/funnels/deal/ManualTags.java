package ru.onlineschool.funnels.deal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;

/**
 * The manual tags (SPEC «Tags», seed 000 §1.3) from the table «Ручные теги из форм» ({@code
 * bpmn/manual-tags.dmn}): the tags a manager sets by hand, in the deal card and, for a row with a
 * checkbox, with that checkbox of a task's form; each with its Russian title for the card. Read on
 * every task completion, so as a {@link LatestDecision} (no query per completion; a new table
 * applies within a minute).
 */
@Component
class ManualTags {

  static final String DECISION = "manual-tags";

  /** One row of the table: the tag, its title in the card (the tag itself without one), the form's checkbox or null. */
  record ManualTag(String tag, String title, String checkbox) {}

  private final LatestDecision<List<ManualTag>> table;

  /** Lazy: the engine plugin needs the task result recorder before the engine exists. */
  ManualTags(@Lazy ProcessEngineConfigurationImpl engine) {
    this.table = new LatestDecision<>(engine, DECISION, table -> rows(table.evaluate(Map.of())));
  }

  /** The tags by the key of the checkbox that sets them, in the table's order. */
  Map<String, String> byCheckbox() {
    Map<String, String> tags = new LinkedHashMap<>();
    table.current().stream().filter(t -> t.checkbox() != null).forEach(t -> tags.put(t.checkbox(), t.tag()));
    return tags;
  }

  /** Every manual tag, in the table's order. */
  List<ManualTag> all() {
    return table.current();
  }

  /** The manual tag of this name, if the table has it. */
  Optional<ManualTag> find(String tag) {
    return table.current().stream().filter(t -> t.tag().equals(tag)).findFirst();
  }

  private static List<ManualTag> rows(DmnDecisionResult result) {
    List<ManualTag> tags = new ArrayList<>();
    result.forEach(
        row -> {
          String tag = text(row.get("tag"));
          if (tag == null) {
            throw new IllegalStateException("В таблице «Ручные теги из форм» у каждой строки должен быть тег");
          }
          String title = text(row.get("title"));
          tags.add(new ManualTag(tag, title == null ? tag : title, text(row.get("checkbox"))));
        });
    return List.copyOf(tags);
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }
}
