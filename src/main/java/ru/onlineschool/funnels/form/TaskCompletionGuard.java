package ru.onlineschool.funnels.form;

import static ru.onlineschool.funnels.config.CommandFields.field;
import static ru.onlineschool.funnels.config.CommandFields.read;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.form.CamundaFormRef;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.GetCamundaFormDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.repository.CamundaFormDefinition;
import org.camunda.bpm.engine.task.DelegationState;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The engine's own gate for finishing a user task: before the engine runs a «complete» or a
 * «submit form» command — from engine-rest, from the Tasklist's engine API or from our own code —
 * the answers it carries are checked against the deployed Camunda Form of that task
 * ({@link FormAnswers}); a refused completion runs nothing, so no variable, no timeline entry and
 * no step of the process is written, and the task stays open. Once a completion has routed, the
 * per-task answers are emptied ({@link FreshAnswers}). A BPMN error or an escalation
 * thrown from a task with a form is refused too: without a catching event the engine would end
 * the task's path silently, a way to close it with no result at all.
 *
 * <p>Sits after the engine's command context interceptor (a «post» interceptor), so it reads the
 * task and the form in the same transaction as the command. The engine's command classes keep
 * the task id and the variables in protected fields without getters; they are read once here by
 * reflection, and a Camunda upgrade that renames them fails at startup, not silently.
 */
public class TaskCompletionGuard extends CommandInterceptor {

  private static final Field COMPLETE_TASK = field(CompleteTaskCmd.class, "taskId");
  private static final Field COMPLETE_VARIABLES = field(CompleteTaskCmd.class, "variables");
  private static final Field SUBMIT_TASK = field(SubmitTaskFormCmd.class, "taskId");
  private static final Field SUBMIT_VARIABLES = field(SubmitTaskFormCmd.class, "properties");
  private static final Field ERROR_TASK = field(HandleTaskBpmnErrorCmd.class, "taskId");
  private static final Field ESCALATION_TASK = field(HandleTaskEscalationCmd.class, "taskId");

  /** Parsed forms by form definition id; a deployed form never changes. */
  private final Map<String, TaskForm> forms = new ConcurrentHashMap<>();

  @Override
  public <T> T execute(Command<T> command) {
    if (command instanceof CompleteTaskCmd) {
      return completion(command, (String) read(COMPLETE_TASK, command), read(COMPLETE_VARIABLES, command));
    } else if (command instanceof SubmitTaskFormCmd) {
      return completion(command, (String) read(SUBMIT_TASK, command), read(SUBMIT_VARIABLES, command));
    } else if (command instanceof HandleTaskBpmnErrorCmd) {
      refuseWithoutForm((String) read(ERROR_TASK, command));
    } else if (command instanceof HandleTaskEscalationCmd) {
      refuseWithoutForm((String) read(ESCALATION_TASK, command));
    }
    return next.execute(command);
  }

  /**
   * Checks the answers, lets the engine complete the task and route, then empties the answers
   * ({@link FreshAnswers#forget}). A submit on a delegated task only hands it back to its owner:
   * its answers stay for the owner to complete with.
   */
  private <T> T completion(Command<T> command, String taskId, Object variables) {
    CommandContext context = Context.getCommandContext();
    TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
    if (task == null) {
      return next.execute(command); // the engine tells that the task is gone
    }
    TaskForm form = formOf(task);
    if (form != null) {
      FormAnswers.check(form, values(variables), current(task), this::isTrue);
    }
    String processInstanceId = task.getProcessInstanceId();
    boolean handsBack = command instanceof SubmitTaskFormCmd && task.getDelegationState() == DelegationState.PENDING;
    T result = next.execute(command);
    if (processInstanceId != null && !handsBack) {
      ExecutionEntity instance = context.getExecutionManager().findExecutionById(processInstanceId);
      if (instance != null && !instance.isEnded()) {
        FreshAnswers.forget(instance);
      }
    }
    return result;
  }

  private void refuseWithoutForm(String taskId) {
    TaskEntity task = taskId == null ? null : Context.getCommandContext().getTaskManager().findTaskById(taskId);
    if (task != null && formOf(task) != null) {
      throw new BadUserRequestException("Задачу с формой закрывают только через её форму, с письменным результатом");
    }
  }

  /** The deployed Camunda Form of the task, as Tasklist would show it; null when it has none. */
  private TaskForm formOf(TaskEntity task) {
    if (task.getTaskDefinition() == null) {
      return null;
    }
    CommandContext context = Context.getCommandContext();
    TaskFormData data = task.getTaskDefinition().getTaskFormHandler().createTaskForm(task);
    CamundaFormRef ref = data.getCamundaFormRef();
    if (ref == null) {
      return null;
    }
    CamundaFormDefinition definition =
        context.runWithoutAuthorization(new GetCamundaFormDefinitionCmd(ref, data.getDeploymentId()));
    if (definition == null) {
      throw new BadUserRequestException("Форма «" + ref.getKey() + "» этой задачи не развёрнута: задачу нельзя закрыть, обратитесь к администратору");
    }
    return forms.computeIfAbsent(
        definition.getId(),
        id -> {
          ResourceEntity resource =
              context.getResourceManager().findResourceByDeploymentIdAndResourceName(definition.getDeploymentId(), definition.getResourceName());
          return TaskForm.parse(resource == null ? new byte[0] : resource.getBytes());
        });
  }

  /** The sent answers as plain values (REST sends typed values; Java callers plain ones). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(Object variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (variables instanceof Map<?, ?> map) {
      VariableMap typed = Variables.fromMap((Map<String, Object>) map);
      typed.keySet().forEach(name -> values.put(name, plain(typed.getValueTyped(name))));
    }
    return values;
  }

  /** What the task sees before the completion: its own and its process's variables. */
  private static Map<String, Object> current(TaskEntity task) {
    Map<String, Object> values = new LinkedHashMap<>();
    VariableMap typed = task.getVariablesTyped(false);
    typed.keySet().forEach(name -> values.put(name, plain(typed.getValueTyped(name))));
    return values;
  }

  private static Object plain(TypedValue value) {
    if (value == null) {
      return null;
    }
    if (value instanceof SerializableValue serializable && !serializable.isDeserialized()) {
      // An object or JSON value is never a form's text, number or choice, even if its serialized form is text.
      return new FormAnswers.Serialized(serializable.getValueSerialized());
    }
    return value.getValue();
  }

  /** A form's condition, evaluated by the engine's own FEEL (the language form-js uses). */
  private boolean isTrue(String feel, Map<String, Object> data) {
    FeelEngine engine = Context.getProcessEngineConfiguration().getDmnEngineConfiguration().getFeelEngine();
    try {
      Object result = engine.evaluateSimpleExpression(feel, Variables.fromMap(data).asVariableContext());
      return Boolean.TRUE.equals(result);
    } catch (RuntimeException e) {
      // form-js shows a field whose condition cannot be evaluated; so does the check.
      return false;
    }
  }


}
