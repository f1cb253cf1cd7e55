package ru.onlineschool.funnels.deal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * What a task's form shows a person instead of a code (issue 18): the lead type in Russian from the
 * table «Типы заявок» ({@code bpmn/lead-types.dmn}) and the deal's responsible by name, never by
 * login. Set as task-local variables when any user task is created (attached to every user task by
 * the engine plugin), so every form reads {@code leadTypeText} and {@code responsibleName} the same
 * way, whichever code set {@code leadType} and {@code responsible}.
 */
@Component
public class TaskReadingAids implements TaskListener {

  static final String DECISION = "lead-types";

  private final LatestDecision<Map<String, String>> leadTypes;
  private final StaffDirectory staff;

  /** Lazy: the engine plugin needs the listener before the engine exists. */
  public TaskReadingAids(@Lazy ProcessEngineConfigurationImpl engine, @Lazy StaffDirectory staff) {
    this.staff = staff;
    this.leadTypes = new LatestDecision<>(engine, DECISION, table -> {
      Map<String, String> texts = new LinkedHashMap<>();
      table.evaluate(Map.of()).forEach(row -> {
        Object type = row.get("leadType");
        Object text = row.get("text");
        if (type == null || type.toString().isBlank() || text == null || text.toString().isBlank()) {
          throw new IllegalStateException("В таблице «Типы заявок» у каждой строки должны быть тип и то, как его показать");
        }
        texts.put(type.toString().strip(), text.toString().strip());
      });
      return Map.copyOf(texts);
    });
  }

  @Override
  public void notify(DelegateTask task) {
    Object leadType = task.getVariable(ProcessVariables.LEAD_TYPE);
    if (leadType != null && !leadType.toString().isBlank()) {
      task.setVariableLocal(ProcessVariables.LEAD_TYPE_TEXT, describe(leadType.toString()));
    }
    Object responsible = task.getVariable(ProcessVariables.RESPONSIBLE);
    if (responsible != null && !responsible.toString().isBlank()) {
      task.setVariableLocal(ProcessVariables.RESPONSIBLE_NAME, staff.nameOf(responsible.toString()));
    }
  }

  /** The lead type as the table shows it to a manager; a type the table lacks, as it is. */
  String describe(String leadType) {
    return leadTypes.current().getOrDefault(leadType.strip(), leadType.strip());
  }
}
