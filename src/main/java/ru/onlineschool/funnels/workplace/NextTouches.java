package ru.onlineschool.funnels.workplace;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.deal.PlannedTimers;
import ru.onlineschool.funnels.deal.TimerActivities;

/**
 * A deal's next touch as the board shows it: its open task due first («Перезвонить: день 2 зв 3»
 * at 10:00), a task without a due date after every dated one; a deal without an open task, whose
 * process waits for a timer, shows that timer as the deal card does («Следующий звонок», завтра,
 * 10:00). Tasks are found by the deal's id as business key, timers in the deal's process instance;
 * one task query and one job query answer for a whole page of deals.
 */
@Component
class NextTouches {

  /** The task's name and due moment ({@code null}: no due date). */
  record Touch(String task, Instant due) {}

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final Caller caller;
  private final TimerActivities timers;

  NextTouches(TaskService tasks, RuntimeService runtime, ManagementService management, TimerActivities timers, Caller caller) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.management = management;
    this.timers = timers;
    this.caller = caller;
  }

  /**
   * The next touch per deal id ({@code dealId → its process instance}, null when it has none), for
   * the deals that have an open task or wait for a timer. Read as the system: the caller's right to
   * see these deals was checked by the board.
   */
  Map<Long, Touch> of(Map<Long, String> instanceOfDeal) {
    Map<Long, Touch> touches = new HashMap<>();
    if (instanceOfDeal.isEmpty()) {
      return touches;
    }
    caller.asSystem(
        () -> {
          openTasks(instanceOfDeal.keySet(), touches);
          plannedTimers(instanceOfDeal, touches);
          return null;
        });
    return touches;
  }

  private void openTasks(Collection<Long> dealIds, Map<Long, Touch> touches) {
    String[] keys = dealIds.stream().map(String::valueOf).toArray(String[]::new);
    List<Task> open = tasks.createTaskQuery().processInstanceBusinessKeyIn(keys).active().list();
    if (open.isEmpty()) {
      return;
    }
    Map<String, Long> dealOfInstance = new HashMap<>();
    Set<String> instanceIds = new HashSet<>();
    open.forEach(t -> instanceIds.add(t.getProcessInstanceId()));
    for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceIds(instanceIds).list()) {
      dealOfInstance.put(instance.getId(), Long.valueOf(instance.getBusinessKey()));
    }
    open.stream()
        .sorted(
            Comparator.comparing((Task t) -> t.getDueDate() == null)
                .thenComparing(t -> t.getDueDate() == null ? t.getCreateTime() : t.getDueDate())
                .thenComparing(Task::getId))
        .forEach(
            task -> {
              if (dealOfInstance.containsKey(task.getProcessInstanceId())) {
                touches.putIfAbsent(
                    dealOfInstance.get(task.getProcessInstanceId()),
                    new Touch(task.getName(), task.getDueDate() == null ? null : task.getDueDate().toInstant()));
              }
            });
  }

  /** For the deals without an open task: the first timer their process waits for. */
  private void plannedTimers(Map<Long, String> instanceOfDeal, Map<Long, Touch> touches) {
    Map<String, Long> dealOfInstance = new HashMap<>();
    instanceOfDeal.forEach(
        (deal, instance) -> {
          if (instance != null && !touches.containsKey(deal)) {
            dealOfInstance.put(instance, deal);
          }
        });
    if (dealOfInstance.isEmpty()) {
      return;
    }
    Set<String> instances = dealOfInstance.keySet();
    management.createJobQuery().processInstanceIds(instances).timers().list().stream()
        .filter(job -> job.getDuedate() != null)
        .sorted(Comparator.comparing(Job::getDuedate).thenComparing(Job::getId))
        .forEach(
            job -> {
              Long deal = dealOfInstance.get(job.getProcessInstanceId());
              if (deal != null) {
                touches.putIfAbsent(deal, new Touch(PlannedTimers.title(timers.activityOf(job)), job.getDuedate().toInstant()));
              }
            });
  }
}
