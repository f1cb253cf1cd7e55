package ru.onlineschool.funnels.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.distribution.SmartDistribution;

/**
 * What every process test does: move the engine's clock in the school's zone, complete a task
 * with exactly the answers the test types (its «Результат» too: nothing is filled in for it),
 * fire a timer (then run the client messages that follow them, as the job executor would),
 * choose which managers take leads.
 */
@Component
public class ProcessDriver {

  public static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  public static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  private final TaskService tasks;
  private final ManagementService management;
  private final SmartDistribution distribution;

  public ProcessDriver(TaskService tasks, ManagementService management, SmartDistribution distribution) {
    this.tasks = tasks;
    this.management = management;
    this.distribution = distribution;
  }

  /** A local date-time in Moscow, e.g. {@code 2030-03-05T10:00}. */
  public static Instant moscow(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  public static Date at(String local) {
    return Date.from(moscow(local));
  }

  /** The same moment as a form submits it: ISO-8601 with the offset. */
  public static String iso(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  public static void setClock(String local) {
    ClockUtil.setCurrentTime(at(local));
  }

  /** Only these managers take new leads; {@link #everybodyAvailable()} undoes it. */
  public void onlyAvailable(String... managers) {
    List<String> on = List.of(managers);
    MANAGERS.forEach(m -> distribution.setAvailability(m, on.contains(m), "test", Instant.now()));
  }

  public void everybodyAvailable() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
  }

  public Task task(ProcessInstance pi, String activity) {
    return tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(activity).singleResult();
  }

  /**
   * Completes the activity's task with exactly the given variable pairs, as the form would send
   * them: a task whose form asks for «Результат» needs the test to type it, like the manager.
   */
  public void complete(ProcessInstance pi, String activity, Object... keyValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vars.put((String) keyValues[i], keyValues[i + 1]);
    }
    Task task = task(pi, activity);
    assertThat(task).as("task %s", activity).isNotNull();
    tasks.complete(task.getId(), vars);
    MessageJobs.run(management, pi.getId());
  }

  public Job job(ProcessInstance pi, String activity) {
    Job job = management.createJobQuery().processInstanceId(pi.getId()).activityId(activity).singleResult();
    assertThat(job).as("timer at %s", activity).isNotNull();
    return job;
  }

  public Date due(ProcessInstance pi, String activity) {
    return job(pi, activity).getDuedate();
  }

  /** Fires the timer now, whatever its due date, and runs the messages it leads to. */
  public void fire(ProcessInstance pi, String activity) {
    management.executeJob(job(pi, activity).getId());
    MessageJobs.run(management, pi.getId());
  }

  /** Moves the clock to the timer's due date and fires it. */
  public void fireWhenDue(ProcessInstance pi, String activity) {
    Job job = job(pi, activity);
    ClockUtil.setCurrentTime(job.getDuedate());
    management.executeJob(job.getId());
    MessageJobs.run(management, pi.getId());
  }
}
