package ru.onlineschool.funnels.workplace;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.Caller;

/**
 * A deal's next touch as the board shows it: its open task due first («Перезвонить: день 2 зв 3»
 * at 10:00), a task without a due date after every dated one. The deal is the process instance
 * whose business key is the deal's id; one task query answers for a whole page of deals.
 */
@Component
class NextTouches {

  /** The task's name and due moment ({@code null}: no due date). */
  record Touch(String task, Instant due) {}

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final Caller caller;

  NextTouches(TaskService tasks, RuntimeService runtime, Caller caller) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.caller = caller;
  }

  /**
   * The next touch per deal id, for the deals that have an open task. Read as the system: the
   * caller's right to see these deals was checked by the board.
   */
  Map<Long, Touch> of(Collection<Long> dealIds) {
    Map<Long, Touch> touches = new HashMap<>();
    if (dealIds.isEmpty()) {
      return touches;
    }
    String[] keys = dealIds.stream().map(String::valueOf).toArray(String[]::new);
    caller.asSystem(
        () -> {
          List<Task> open = tasks.createTaskQuery().processInstanceBusinessKeyIn(keys).active().list();
          if (open.isEmpty()) {
            return null;
          }
          Map<String, Long> dealOfInstance = new HashMap<>();
          java.util.Set<String> instanceIds = new java.util.HashSet<>();
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
          return null;
        });
    return touches;
  }
}
