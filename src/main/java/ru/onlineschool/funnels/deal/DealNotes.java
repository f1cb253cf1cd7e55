package ru.onlineschool.funnels.deal;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * «Добавить комментарий» of a task: the comment is the engine's own (Tasklist's «История» shows
 * it) and a line of the deal's history (kind COMMENT, with its author) in the same transaction.
 * Who may comment is {@code engine/TaskWorkGuard}'s rule: the task's assignee, the head of the
 * funnel and administrators; the engine refuses anyone else with a Russian message and nothing is
 * written.
 */
@Component
public class DealNotes {

  /** The engine keeps a comment's text in a column of 4000 characters; the history line adds the task's name. */
  public static final int MAX_LENGTH = 2000;

  static final String EMPTY = "Комментарий пустой: напишите, что нужно запомнить по сделке.";
  static final String TOO_LONG = "Комментарий длиннее " + MAX_LENGTH + " знаков: сократите его или разбейте на несколько.";

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final DealStore deals;
  private final SystemAccess system;

  public DealNotes(TaskService tasks, RuntimeService runtime, DealStore deals, SystemAccess system) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.deals = deals;
    this.system = system;
  }

  /** The open task as the signed-in user may see it (the engine's READ_TASK), or empty. */
  public Optional<Task> visibleTask(String taskId) {
    return Optional.ofNullable(tasks.createTaskQuery().taskId(taskId).singleResult());
  }

  public List<Comment> comments(String taskId) {
    return tasks.getTaskComments(taskId);
  }

  /** Adds the signed-in user's comment to the task and to its deal's history. */
  @Transactional
  public Comment comment(Task task, String message, String userId) {
    String text = message == null ? "" : message.strip();
    if (text.isEmpty()) {
      throw new BadUserRequestException(EMPTY);
    }
    if (text.length() > MAX_LENGTH) {
      throw new BadUserRequestException(TOO_LONG);
    }
    Comment comment = tasks.createComment(task.getId(), task.getProcessInstanceId(), text);
    Long dealId = dealOf(task.getProcessInstanceId());
    if (dealId != null) {
      deals.appendTimeline(
          dealId, ClockUtil.getCurrentTime().toInstant(), TimelineKind.COMMENT, null, "Комментарий к задаче «" + task.getName() + "»: " + text, userId);
    }
    return comment;
  }

  private Long dealOf(String processInstanceId) {
    if (processInstanceId == null) {
      return null;
    }
    Object value = system.asSystem(() -> runtime.getVariable(processInstanceId, ProcessVariables.DEAL_ID));
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return value == null ? null : Long.valueOf(value.toString());
    } catch (NumberFormatException notADeal) {
      return null;
    }
  }
}
