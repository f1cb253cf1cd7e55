package ru.onlineschool.funnels.engine;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * A column of the row a decision table chose, for the output mappings of the models' rule tasks
 * ({@code ${decisionRow.value(decisionResult, execution, 'delay')}}). When the table has no row for
 * the case — a process owner renamed a regime in one table and not in the other, or left a gap —
 * the step stops with a Russian message naming the step and the table, instead of the expression
 * language's English «Cannot resolve … on null»; nothing of the step is written (the manager's
 * «Завершить» is refused, a job becomes an incident with the same words).
 */
@Component("decisionRow")
public class DecisionRow {

  private final RepositoryService repository;

  public DecisionRow(@Lazy RepositoryService repository) {
    this.repository = repository;
  }

  /** The value of {@code column} in the chosen row; the row must exist, the value may be empty. */
  public Object value(DmnDecisionResult result, DelegateExecution execution, String column) {
    DmnDecisionResultEntries row = result == null || result.isEmpty() ? null : result.getFirstResult();
    if (row == null) {
      throw new BadUserRequestException(
          "Шаг «" + stepName(execution) + "» не выполнен: в таблице «" + tableName(execution)
              + "» нет строки для этого случая, и изменения не сохранены. Сообщите владельцу процесса: таблицу,"
              + " вероятно, недавно изменили (например, режим в таблице «Режим прозвона» назван не так, как в строках каденции).");
    }
    return row.get(column);
  }

  private static String stepName(DelegateExecution execution) {
    String name = execution.getCurrentActivityName();
    return name == null ? execution.getCurrentActivityId() : name;
  }

  /** The table's name as the process owner sees it in Modeler; its key if it cannot be found. */
  private String tableName(DelegateExecution execution) {
    FlowElement element = execution.getBpmnModelElementInstance();
    String key = element instanceof BusinessRuleTask task ? task.getCamundaDecisionRef() : null;
    if (key == null) {
      return "решений";
    }
    DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).latestVersion().singleResult();
    return latest == null || latest.getName() == null ? key : latest.getName();
  }
}
