package ru.onlineschool.funnels.engine;

import static ru.onlineschool.funnels.config.CommandFields.field;
import static ru.onlineschool.funnels.config.CommandFields.read;

import java.lang.reflect.Field;
import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CreateAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.AttachmentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

/**
 * Seed 003: staff see every deal of their funnels, but work only their own. The groups' grants on
 * a funnel's definition let every manager read all its tasks and let her work tasks in general
 * (TASK_WORK); this guard narrows «work» to the task as it is at this moment. Whoever calls —
 * engine-rest, Tasklist's engine API, Java — a command that completes, claims, hands over, changes
 * a task, its variables, its comments or attachments is refused unless the caller
 *
 * <ul>
 *   <li>is the application itself or an administrator ({@link CommandCaller}),
 *   <li>may assign the funnel's tasks to anyone (TASK_ASSIGN on the definition: the head of sales
 *       in the sales funnels) — who may hand a task to herself may work it anyway,
 *   <li>is the task's assignee, or
 *   <li>claims, for herself, an unassigned task of one of her candidate groups («Задачи группы»).
 * </ul>
 *
 * A comment or an attachment on the deal (process instance) itself needs an open task of that deal
 * assigned to the caller. The rule reads the task's assignee in the command's own transaction, so
 * a task the head of sales reassigns is the new assignee's at once and no longer the previous one's;
 * nothing is granted or revoked per task ({@link DefinitionGrantsOnly}).
 *
 * <p>A «post» interceptor, like {@code form/TaskCompletionGuard}: it needs the command context to
 * read the task, and runs before the command, so a refusal changes nothing. Commands the engine or
 * our listeners run inside another command are the application's doing and are not checked. The
 * engine's command classes keep their targets in protected fields; they are read by reflection,
 * resolved once at class loading, so a Camunda upgrade that renames one fails at start-up.
 */
public class TaskWorkGuard extends CommandInterceptor {

  static final String NOT_YOURS =
      "Задача «%s» назначена на другого сотрудника (%s): выполнять и менять её могут только ответственный, РОП и администратор."
          + " Смотреть задачу и карточку сделки можно.";
  static final String NOT_CLAIMED = "Задача «%s» ещё не взята в работу: сначала нажмите «Взять», потом выполняйте.";
  static final String NOT_YOUR_GROUP = "Задача «%s» ждёт сотрудника другой группы: взять её может только сотрудник этой группы.";
  static final String CLAIM_FOR_ANOTHER = "Взять задачу можно только себе; передать её другому сотруднику может РОП или администратор.";
  static final String NOT_YOUR_DEAL =
      "Комментарии и вложения к сделке добавляют и меняют ответственный за неё, РОП и администратор.";

  /** How deep the current thread is in guarded commands: nested commands are the application's. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private static final Field COMPLETE_TASK = field(CompleteTaskCmd.class, "taskId");
  private static final Field SUBMIT_TASK = field(SubmitTaskFormCmd.class, "taskId");
  private static final Field CLAIM_TASK = field(ClaimTaskCmd.class, "taskId");
  private static final Field CLAIM_USER = field(ClaimTaskCmd.class, "userId");
  private static final Field DELEGATE_TASK = field(DelegateTaskCmd.class, "taskId");
  private static final Field PROPERTY_TASK = field(AbstractSetTaskPropertyCmd.class, "taskId");
  private static final Field DELETE_LINK_TASK = field(DeleteIdentityLinkCmd.class, "taskId");
  private static final Field ERROR_TASK = field(HandleTaskBpmnErrorCmd.class, "taskId");
  private static final Field ESCALATION_TASK = field(HandleTaskEscalationCmd.class, "taskId");
  private static final Field SAVED_TASK = field(SaveTaskCmd.class, "task");
  private static final Field VARIABLE_SCOPE = field(AbstractVariableCmd.class, "entityId");
  private static final Field PATCH_SCOPE = field(AbstractPatchVariablesCmd.class, "entityId");
  private static final Field COMMENT_TASK = field(AddCommentCmd.class, "taskId");
  private static final Field COMMENT_INSTANCE = field(AddCommentCmd.class, "processInstanceId");
  private static final Field UPDATED_COMMENT_TASK = field(UpdateCommentCmd.class, "taskId");
  private static final Field UPDATED_COMMENT_INSTANCE = field(UpdateCommentCmd.class, "processInstanceId");
  private static final Field DELETED_COMMENT_TASK = field(DeleteTaskCommentCmd.class, "taskId");
  private static final Field DELETED_COMMENT_INSTANCE = field(DeleteProcessInstanceCommentCmd.class, "processInstanceId");
  private static final Field ATTACHMENT_TASK = field(CreateAttachmentCmd.class, "taskId");
  private static final Field ATTACHMENT_INSTANCE = field(CreateAttachmentCmd.class, "processInstanceId");
  private static final Field DELETED_ATTACHMENT_TASK = field(DeleteAttachmentCmd.class, "taskId");
  private static final Field DELETED_ATTACHMENT = field(DeleteAttachmentCmd.class, "attachmentId");
  private static final Field SAVED_ATTACHMENT = field(SaveAttachmentCmd.class, "attachment");

  /** What a command acts on: a task, or a deal (process instance) as a whole. */
  private record Target(String taskId, String processInstanceId, boolean claim, String claimant) {
    static Target task(String taskId) {
      return new Target(taskId, null, false, null);
    }

    static Target taskOrInstance(String taskId, String processInstanceId) {
      return new Target(taskId, taskId == null ? processInstanceId : null, false, null);
    }
  }

  private record Rule(Class<?> command, Function<Object, Target> target) {}

  /** Every engine command that changes a task or what hangs on it, and where its target is. */
  private static final List<Rule> RULES =
      List.of(
          // ResolveTaskCmd is a CompleteTaskCmd.
          new Rule(CompleteTaskCmd.class, c -> Target.task(text(COMPLETE_TASK, c))),
          new Rule(SubmitTaskFormCmd.class, c -> Target.task(text(SUBMIT_TASK, c))),
          new Rule(ClaimTaskCmd.class, c -> new Target(text(CLAIM_TASK, c), null, true, text(CLAIM_USER, c))),
          new Rule(DelegateTaskCmd.class, c -> Target.task(text(DELEGATE_TASK, c))),
          // Assignee, owner, priority, name, description, due and follow-up dates, candidate links.
          new Rule(AbstractSetTaskPropertyCmd.class, c -> Target.task(text(PROPERTY_TASK, c))),
          new Rule(DeleteIdentityLinkCmd.class, c -> Target.task(text(DELETE_LINK_TASK, c))),
          new Rule(HandleTaskBpmnErrorCmd.class, c -> Target.task(text(ERROR_TASK, c))),
          new Rule(HandleTaskEscalationCmd.class, c -> Target.task(text(ESCALATION_TASK, c))),
          new Rule(SaveTaskCmd.class, c -> read(SAVED_TASK, c) instanceof TaskEntity task ? Target.task(task.getId()) : null),
          new Rule(SetTaskVariablesCmd.class, c -> Target.task(text(VARIABLE_SCOPE, c))),
          new Rule(RemoveTaskVariablesCmd.class, c -> Target.task(text(VARIABLE_SCOPE, c))),
          new Rule(PatchTaskVariablesCmd.class, c -> Target.task(text(PATCH_SCOPE, c))),
          new Rule(AddCommentCmd.class, c -> Target.taskOrInstance(text(COMMENT_TASK, c), text(COMMENT_INSTANCE, c))),
          new Rule(UpdateCommentCmd.class, c -> Target.taskOrInstance(text(UPDATED_COMMENT_TASK, c), text(UPDATED_COMMENT_INSTANCE, c))),
          new Rule(DeleteTaskCommentCmd.class, c -> Target.task(text(DELETED_COMMENT_TASK, c))),
          new Rule(DeleteProcessInstanceCommentCmd.class, c -> Target.taskOrInstance(null, text(DELETED_COMMENT_INSTANCE, c))),
          new Rule(CreateAttachmentCmd.class, c -> Target.taskOrInstance(text(ATTACHMENT_TASK, c), text(ATTACHMENT_INSTANCE, c))),
          new Rule(DeleteAttachmentCmd.class, TaskWorkGuard::deletedAttachment),
          new Rule(SaveAttachmentCmd.class, c -> read(SAVED_ATTACHMENT, c) instanceof Attachment a ? Target.taskOrInstance(a.getTaskId(), a.getProcessInstanceId()) : null));

  private final ProcessEngineConfigurationImpl configuration;

  public TaskWorkGuard(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  @Override
  public <T> T execute(Command<T> command) {
    int[] depth = DEPTH.get();
    if (depth[0] == 0) {
      check(command);
    }
    depth[0]++;
    try {
      return next.execute(command);
    } finally {
      depth[0]--;
    }
  }

  private void check(Command<?> command) {
    Target target = targetOf(command);
    if (target == null || CommandCaller.isSystemOrAdministrator(configuration)) {
      return;
    }
    CommandContext context = Context.getCommandContext();
    Authentication caller = context.getAuthentication();
    if (target.taskId() != null) {
      TaskEntity task = context.getTaskManager().findTaskById(target.taskId());
      if (task != null) {
        checkTask(context, caller, task, target);
      }
      // No such task: the engine answers that itself.
    } else if (target.processInstanceId() != null) {
      checkInstance(context, caller, target.processInstanceId());
    }
  }

  private void checkTask(CommandContext context, Authentication caller, TaskEntity task, Target target) {
    String user = caller.getUserId();
    if (mayAssign(context, caller, task.getProcessDefinitionId())) {
      return;
    }
    String assignee = task.getAssignee();
    if (target.claim()) {
      if (!user.equals(target.claimant())) {
        throw new AuthorizationException(CLAIM_FOR_ANOTHER);
      }
      if (assignee == null) {
        if (!isCandidate(task, caller)) {
          throw new AuthorizationException(NOT_YOUR_GROUP.formatted(task.getName()));
        }
        return;
      }
    } else if (assignee == null) {
      throw new AuthorizationException(NOT_CLAIMED.formatted(task.getName()));
    }
    if (!assignee.equals(user)) {
      throw new AuthorizationException(NOT_YOURS.formatted(task.getName(), assignee));
    }
  }

  private void checkInstance(CommandContext context, Authentication caller, String processInstanceId) {
    ExecutionEntity instance = context.getExecutionManager().findExecutionById(processInstanceId);
    if (instance == null || mayAssign(context, caller, instance.getProcessDefinitionId())) {
      return;
    }
    boolean works =
        context.getTaskManager().findTasksByProcessInstanceId(processInstanceId).stream()
            .anyMatch(task -> caller.getUserId().equals(task.getAssignee()));
    if (!works) {
      throw new AuthorizationException(NOT_YOUR_DEAL);
    }
  }

  /** TASK_ASSIGN on the task's process definition: the head of the funnel. */
  private boolean mayAssign(CommandContext context, Authentication caller, String processDefinitionId) {
    if (processDefinitionId == null) {
      return false;
    }
    ProcessDefinitionEntity definition = configuration.getDeploymentCache().findDeployedProcessDefinitionById(processDefinitionId);
    return definition != null
        && context
            .getAuthorizationManager()
            .isAuthorized(
                caller.getUserId(),
                caller.getGroupIds(),
                ProcessDefinitionPermissions.TASK_ASSIGN,
                Resources.PROCESS_DEFINITION,
                definition.getKey());
  }

  private static boolean isCandidate(TaskEntity task, Authentication caller) {
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    for (IdentityLink link : task.getIdentityLinks()) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (caller.getUserId().equals(link.getUserId()) || (link.getGroupId() != null && groups.contains(link.getGroupId()))) {
        return true;
      }
    }
    return false;
  }

  private static Target targetOf(Command<?> command) {
    for (Rule rule : RULES) {
      if (rule.command().isInstance(command)) {
        return rule.target().apply(command);
      }
    }
    return null;
  }

  private static Target deletedAttachment(Object command) {
    String taskId = text(DELETED_ATTACHMENT_TASK, command);
    if (taskId != null) {
      return Target.task(taskId);
    }
    String attachmentId = text(DELETED_ATTACHMENT, command);
    if (attachmentId == null) {
      return null;
    }
    AttachmentEntity attachment = Context.getCommandContext().getDbEntityManager().selectById(AttachmentEntity.class, attachmentId);
    return attachment == null ? null : Target.taskOrInstance(attachment.getTaskId(), attachment.getProcessInstanceId());
  }

  private static String text(Field field, Object command) {
    return (String) read(field, command);
  }


}
