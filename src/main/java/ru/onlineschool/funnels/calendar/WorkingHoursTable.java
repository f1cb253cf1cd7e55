package ru.onlineschool.funnels.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The working hours from the table «Рабочее время школы» ({@code bpmn/working-hours.dmn}), a
 * one-row table the process owner edits in Modeler.
 *
 * <p>Working time is asked for on almost every step of a deal (due dates, timers, recalls), so the
 * table is not read on every call: the latest deployed version is looked up at most once a minute
 * of the engine's clock (one query), and evaluated once per version (one entry in the decision
 * history per version and node). A new table thus applies on every node of the application within
 * a minute of its deployment; a clock set back (tests) looks again at once.
 */
@Component
class WorkingHoursTable {

  static final String DECISION = "working-hours";
  static final Duration RECHECK = Duration.ofMinutes(1);

  private final ProcessEngineConfigurationImpl engine;
  private volatile Known known;

  /** The version last seen, its hours and when it was looked up. */
  private record Known(String decisionId, WorkingHours hours, Instant checkedAt) {}

  /** Lazy: the engine's expressions need the working time before the engine exists. */
  WorkingHoursTable(@Lazy ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  WorkingHours current() {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Known last = known;
    if (last != null && !now.isBefore(last.checkedAt()) && now.isBefore(last.checkedAt().plus(RECHECK))) {
      return last.hours();
    }
    Known seen =
        engine.getCommandExecutorTxRequired()
            .execute(
                context -> {
                  DecisionDefinitionEntity decision =
                      (DecisionDefinitionEntity) context.getProcessEngineConfiguration().getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(DECISION);
                  boolean same = last != null && last.decisionId().equals(decision.getId());
                  return new Known(decision.getId(), same ? last.hours() : evaluate(decision), now);
                });
    known = seen;
    return seen.hours();
  }

  /** Inside an engine command: the engine's DMN engine records the evaluation in the decision history. */
  private WorkingHours evaluate(DecisionDefinitionEntity decision) {
    DmnDecisionResult result = engine.getDmnEngine().evaluateDecision(decision, Variables.createVariables());
    if (result.isEmpty()) {
      throw new IllegalStateException("В таблице «Рабочее время школы» нет строки с часами работы");
    }
    Map<String, Object> row = result.getFirstResult().getEntryMap();
    return new WorkingHours(time(row, "start"), time(row, "end"), time(row, "eveningFrom"));
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
