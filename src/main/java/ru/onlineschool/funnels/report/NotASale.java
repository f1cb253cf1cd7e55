package ru.onlineschool.funnels.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The loss reasons that close a deal which never was a sale («Дубль», «Тест», «Спам»), per
 * funnel, from the process owner's table «Не продажи» ({@code bpmn/not-a-sale.dmn}). The reports
 * count such deals apart: neither in a stage's entries nor among the lost sales. Read as a {@link
 * LatestDecision}: once per deployed version, a new version within a minute of its deployment.
 */
@Component
class NotASale {

  static final String DECISION = "not-a-sale";
  private static final String REASON_OUTPUT = "reason";

  private final LatestDecision<Map<String, List<String>>> table;
  private final FunnelCatalog funnels;

  NotASale(@Lazy ProcessEngineConfigurationImpl engine, FunnelCatalog funnels) {
    this.funnels = funnels;
    this.table = new LatestDecision<>(engine, DECISION, this::lists);
  }

  /** The funnel's reasons that are not a sale, in the table's order; none for a funnel the table does not name. */
  List<String> reasons(String funnel) {
    return table.current().getOrDefault(funnel, List.of());
  }

  /** «Не продажи: дубль, тест, спам» — the line the reports show them under. */
  static String label(List<String> reasons) {
    if (reasons.isEmpty()) {
      return "Не продажи";
    }
    List<String> words = new ArrayList<>();
    for (String reason : reasons) {
      boolean acronym = reason.length() > 1 && Character.isUpperCase(reason.charAt(1));
      words.add(acronym || reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1));
    }
    return "Не продажи: " + String.join(", ", words);
  }

  private Map<String, List<String>> lists(LatestDecision.Table table) {
    Map<String, List<String>> lists = new HashMap<>();
    for (String funnel : funnels.keys()) {
      List<String> reasons = new ArrayList<>();
      for (Object reason : table.evaluate(Map.of(ProcessVariables.FUNNEL, funnel)).collectEntries(REASON_OUTPUT)) {
        if (reason != null && !reasons.contains(String.valueOf(reason))) {
          reasons.add(String.valueOf(reason));
        }
      }
      lists.put(funnel, List.copyOf(reasons));
    }
    return Map.copyOf(lists);
  }
}
