package ru.onlineschool.funnels.deal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;

/**
 * The manual tags a manager sets with a form's checkbox (SPEC «Tags»), from the table «Ручные
 * теги из форм» ({@code bpmn/manual-tags.dmn}): checkbox key → tag. Read on every task
 * completion, so as a {@link LatestDecision} (no query per completion; a new table applies within
 * a minute).
 */
@Component
class ManualTags {

  static final String DECISION = "manual-tags";

  private final LatestDecision<Map<String, String>> table;

  /** Lazy: the engine plugin needs the task result recorder before the engine exists. */
  ManualTags(@Lazy ProcessEngineConfigurationImpl engine) {
    this.table = new LatestDecision<>(engine, DECISION, table -> byCheckbox(table.evaluate(Map.of())));
  }

  /** The tags by the key of the checkbox that sets them, in the table's order. */
  Map<String, String> byCheckbox() {
    return table.current();
  }

  private static Map<String, String> byCheckbox(DmnDecisionResult result) {
    Map<String, String> tags = new LinkedHashMap<>();
    result.forEach(
        row -> {
          Object checkbox = row.get("checkbox");
          Object tag = row.get("tag");
          if (checkbox == null || tag == null || checkbox.toString().isBlank() || tag.toString().isBlank()) {
            throw new IllegalStateException("В таблице «Ручные теги из форм» у каждой строки должны быть флажок и тег");
          }
          tags.put(checkbox.toString().strip(), tag.toString().strip());
        });
    return Map.copyOf(tags);
  }
}
