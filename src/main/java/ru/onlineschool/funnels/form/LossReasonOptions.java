package ru.onlineschool.funnels.form;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;
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
 * The table is read through the engine's deployment cache (one look-up of the latest version per
 * task) and evaluated once per deployed version and funnel (that evaluation is what the decision
 * history shows), not once per task: it is a list to choose from, not a decision about the deal.
 */
@Component("lossReasonOptions")
public class LossReasonOptions implements TaskListener {

  static final String DECISION = "loss-reasons";
  private static final String FUNNEL_INPUT = "funnel";
  private static final String REASON_OUTPUT = "reason";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The list as JSON by decision definition id and funnel; a deployed decision never changes. */
  private final Map<String, String> lists = new ConcurrentHashMap<>();

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

  /** The funnel's reasons in the table's order, as form-js options (JSON). */
  String listFor(String funnel) {
    ProcessEngineConfigurationImpl configuration = Context.getProcessEngineConfiguration();
    DecisionDefinitionEntity decision =
        (DecisionDefinitionEntity) configuration.getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(DECISION);
    return lists.computeIfAbsent(
        decision.getId() + '|' + funnel,
        key -> {
          DmnDecisionResult result =
              configuration.getDmnEngine().evaluateDecision(decision, Variables.createVariables().putValue(FUNNEL_INPUT, funnel));
          List<Map<String, String>> options = new ArrayList<>();
          for (Object reason : result.collectEntries(REASON_OUTPUT)) {
            Map<String, String> option = new LinkedHashMap<>();
            option.put("label", String.valueOf(reason));
            option.put("value", String.valueOf(reason));
            options.add(option);
          }
          try {
            return JSON.writeValueAsString(options);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
