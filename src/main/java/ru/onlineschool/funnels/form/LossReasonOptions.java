package ru.onlineschool.funnels.form;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.LatestDecision;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * Gives a task the reasons its form offers for «Отказ», from the table «Причины отказа»
 * ({@code bpmn/loss-reasons.dmn}) for the task's funnel. The models call it as the create
 * listener of every user task whose form has the select «Причина отказа»; the form reads the
 * list from the variable {@value ProcessVariables#LOSS_REASONS} ({@code valuesKey}), and the
 * completion guard accepts only a reason from that same variable.
 *
 * <p>The list is a Json variable of the process instance, as form-js needs it: an array of
 * {@code {label, value}}. It is written only when the table gives another list than the one the
 * deal already holds — once per deal, and again after the process owner deploys a changed table.
 * The table is read as a {@link LatestDecision}: every funnel's list once per deployed version,
 * a new version within a minute of its deployment, no query per task.
 */
@Component("lossReasonOptions")
public class LossReasonOptions implements TaskListener {

  static final String DECISION = "loss-reasons";
  private static final String REASON_OUTPUT = "reason";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every funnel's list as JSON, by the funnel's process key. */
  private final LatestDecision<Map<String, String>> table;

  /** Lazy: the models' listeners are resolved while the engine is built. */
  public LossReasonOptions(@Lazy ProcessEngineConfigurationImpl engine, @Lazy FunnelCatalog funnels) {
    this.table = new LatestDecision<>(engine, DECISION, t -> lists(t, funnels.keys()));
  }

  @Override
  public void notify(DelegateTask task) {
    ExecutionEntity execution = (ExecutionEntity) task.getExecution();
    if (execution == null) {
      return;
    }
    String json = listFor(execution.getProcessDefinition().getKey());
    ExecutionEntity instance = execution.getProcessInstance();
    TypedValue held = instance.getVariableLocalTyped(ProcessVariables.LOSS_REASONS, false);
    if (held instanceof SerializableValue serialized && json.equals(serialized.getValueSerialized())) {
      return;
    }
    instance.setVariableLocal(ProcessVariables.LOSS_REASONS, SpinValues.jsonValue(json).create());
  }

  /** The funnel's reasons in the table's order, as form-js options (JSON); an empty list for a funnel the table does not name. */
  String listFor(String funnel) {
    return table.current().getOrDefault(funnel, "[]");
  }

  /** Every funnel's list, once per version of the table (a funnel added later gets its list with the table's rows for it). */
  private static Map<String, String> lists(LatestDecision.Table table, List<String> funnels) {
    Map<String, String> lists = new HashMap<>();
    for (String funnel : funnels) {
      List<Map<String, String>> options = new ArrayList<>();
      for (Object reason : table.evaluate(Map.of(ProcessVariables.FUNNEL, funnel)).collectEntries(REASON_OUTPUT)) {
        Map<String, String> option = new LinkedHashMap<>();
        option.put("label", String.valueOf(reason));
        option.put("value", String.valueOf(reason));
        options.add(option);
      }
      try {
        lists.put(funnel, JSON.writeValueAsString(options));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return Map.copyOf(lists);
  }
}
