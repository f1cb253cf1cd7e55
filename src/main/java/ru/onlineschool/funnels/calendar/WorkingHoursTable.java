package ru.onlineschool.funnels.calendar;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;

/**
 * The working hours from the table «Рабочее время школы» ({@code bpmn/working-hours.dmn}), a
 * one-row table the process owner edits in Modeler. Working time is asked for on almost every
 * step of a deal (due dates, timers, recalls), so the table is read as a {@link LatestDecision}:
 * a new version applies within a minute of its deployment, with no query per call.
 */
@Component
class WorkingHoursTable {

  static final String DECISION = "working-hours";

  private final LatestDecision<WorkingHours> table;

  /** Lazy: the engine's expressions need the working time before the engine exists. */
  WorkingHoursTable(@Lazy ProcessEngineConfigurationImpl engine) {
    this.table = new LatestDecision<>(engine, DECISION, table -> hours(table.evaluate(Map.of())));
  }

  WorkingHours current() {
    return table.current();
  }

  private static WorkingHours hours(DmnDecisionResult result) {
    if (result.isEmpty()) {
      throw new IllegalStateException("В таблице «Рабочее время школы» нет строки с часами работы");
    }
    Map<String, Object> row = result.getFirstResult().getEntryMap();
    // A table deployed before the client's hours had columns keeps the shipped 09:00–21:00.
    return new WorkingHours(
        time(row, "start"),
        time(row, "end"),
        time(row, "eveningFrom"),
        row.get("clientFrom") == null ? null : time(row, "clientFrom"),
        row.get("clientTo") == null ? null : time(row, "clientTo"));
  }

  private static LocalTime time(Map<String, Object> row, String column) {
    Object value = row.get(column);
    try {
      return LocalTime.parse(String.valueOf(value).strip());
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("В таблице «Рабочее время школы» время должно быть вида ЧЧ:ММ, а не «" + value + "»", e);
    }
  }
}
