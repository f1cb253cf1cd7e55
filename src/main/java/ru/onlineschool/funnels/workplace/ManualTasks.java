package ru.onlineschool.funnels.workplace;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.DealAccess;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * «Поставить задачу»: a task an employee sets on a deal, with a text and a due moment. The task is
 * the model's: the message {@value #MESSAGE} starts the event sub-process «Задача по договорённости»
 * of the deal's process, whose user task goes to the deal's responsible (seeds 001, 002). Who may
 * set one is checked here, on the server: the deal's responsible manager (curator in «Ведение
 * курса»), heads of sales and administrators. On which stages is the table «Задачи по
 * договорённости: на каких этапах» ({@code bpmn/manual-task-stages.dmn}), the process owner's.
 */
@Component
public class ManualTasks {

  static final String MESSAGE = "ManualTaskSet";
  static final String DECISION = "manual-task-stages";
  /** The user task of the event sub-process, in every model that has one. */
  static final String TASK_DEFINITION = "Activity_ManualTask";
  private static final Set<String> CLOSING = Set.of("WON", "LOST");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

  /** The task as set: its id in Tasklist, name, assignee (null: the deal's group) and due. */
  public record Created(String taskId, String name, String assignee, Instant due) {}

  private final DealStore deals;
  private final FunnelCatalog funnels;
  private final Caller caller;
  private final ProcessEngine engine;
  private final RetryingTransactions transactions;
  private final DealAccess access;
  private final StaffDirectory staff;

  public ManualTasks(
      DealStore deals, FunnelCatalog funnels, Caller caller, ProcessEngine engine, RetryingTransactions transactions, DealAccess access,
      StaffDirectory staff) {
    this.access = access;
    this.staff = staff;
    this.deals = deals;
    this.funnels = funnels;
    this.caller = caller;
    this.engine = engine;
    this.transactions = transactions;
  }

  /** Sets the task for the authenticated caller, or refuses with a Russian problem (403, 404, 409). */
  public Created set(long dealId, String text, Instant due) {
    String user = caller.userId();
    return transactions.run(
        () -> {
          if (!deals.exists(dealId)) {
            throw ApiException.notFound("Сделка " + dealId + " не найдена.");
          }
          String funnel = deals.funnel(dealId);
          authorize(dealId, funnel, user);
          Stage stage = deals.currentStage(dealId).orElse(null);
          if (stage == null || CLOSING.contains(stage.code())) {
            throw ApiException.conflict("Сделка №" + dealId + " закрыта: задачи по закрытой сделке не ставятся.");
          }
          if (!allowed(funnel, stage.code())) {
            throw ApiException.conflict(
                "На этапе «" + stage.title() + "» задачи ставит сама воронка, вручную их здесь не ставят "
                    + "(таблица «Задачи по договорённости: на каких этапах»).");
          }
          return caller.asSystem(() -> correlate(dealId, funnel, text.strip(), due, user));
        });
  }

  /**
   * Whether the caller may set a task on this deal now: her rights, an open deal, a stage the table
   * allows (404 for an unknown deal). The card shows «Поставить задачу» only then.
   */
  public boolean maySet(long dealId) {
    if (!deals.exists(dealId)) {
      throw ApiException.notFound("Сделка " + dealId + " не найдена.");
    }
    String user = caller.userId();
    if (user == null) {
      return false;
    }
    String funnel = deals.funnel(dealId);
    try {
      authorize(dealId, funnel, user);
    } catch (ApiException e) {
      return false;
    }
    Stage stage = deals.currentStage(dealId).orElse(null);
    return stage != null && !CLOSING.contains(stage.code()) && allowed(funnel, stage.code());
  }

  /** Who may set a task is who may change the deal ({@link DealAccess}): its responsible, РОП in sales, administrators. */
  private void authorize(long dealId, String funnel, String user) {
    if (access.whyNotEdit(dealId, funnel, deals.responsible(dealId).orElse(null)).isPresent()) {
      throw ApiException.forbidden("Ставить задачи по сделке №" + dealId + " могут её ответственный, РОП и администраторы.");
    }
  }

  private boolean allowed(String funnel, String stageCode) {
    return caller.asSystem(
        () -> {
          Object allowed =
              engine.getDecisionService()
                  .evaluateDecisionTableByKey(DECISION)
                  .variables(Variables.createVariables().putValue(ProcessVariables.FUNNEL, funnel).putValue(ProcessVariables.STAGE, stageCode))
                  .evaluate()
                  .getSingleEntry();
          return Boolean.TRUE.equals(allowed);
        });
  }

  private Created correlate(long dealId, String funnel, String text, Instant due, String user) {
    String businessKey = String.valueOf(dealId);
    Set<String> before = new HashSet<>(taskIds(businessKey));
    try {
      engine.getRuntimeService()
          .createMessageCorrelation(MESSAGE)
          .processInstanceBusinessKey(businessKey)
          .setVariablesToTriggeredScope(
              Map.of(
                  ProcessVariables.MANUAL_TASK_TEXT, text,
                  ProcessVariables.MANUAL_TASK_DUE, Date.from(due),
                  ProcessVariables.MANUAL_TASK_SET_BY, nameOf(user)))
          .correlate();
    } catch (MismatchingMessageCorrelationException e) {
      throw ApiException.conflict(
          "В воронке «" + funnels.title(funnel) + "» нет подпроцесса «Задача по договорённости»: задачу здесь не поставить.");
    }
    Task task =
        engine.getTaskService().createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(TASK_DEFINITION).list().stream()
            .filter(t -> !before.contains(t.getId()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Задача по договорённости не создана для сделки " + dealId));
    String shown = SHOWN.format(due.atZone(ZoneId.systemDefault()));
    deals.appendTimeline(dealId, ClockUtil.getCurrentTime().toInstant(), TimelineKind.NOTE, null, "Поставлена задача на " + shown + ": «" + text + "»", user);
    return new Created(task.getId(), task.getName(), task.getAssignee(), task.getDueDate().toInstant());
  }

  private List<String> taskIds(String businessKey) {
    return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(TASK_DEFINITION).list().stream()
        .map(Task::getId)
        .toList();
  }

  private String nameOf(String userId) {
    if (userId == null) {
      return "система";
    }
    return staff.nameOf(userId);
  }
}
