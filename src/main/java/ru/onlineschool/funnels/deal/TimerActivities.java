package ru.onlineschool.funnels.deal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * The model element a timer job belongs to, for the deal card and the board ({@link PlannedTimers}
 * names it). A job definition never changes once deployed, so each is asked once.
 */
@Component
public class TimerActivities {

  private final ManagementService management;
  private final Map<String, String> activityOfJobDefinition = new ConcurrentHashMap<>();

  public TimerActivities(ManagementService management) {
    this.management = management;
  }

  /** The timer's activity id; null for a job without a definition. */
  public String activityOf(Job timer) {
    String definitionId = timer.getJobDefinitionId();
    if (definitionId == null) {
      return null;
    }
    String known = activityOfJobDefinition.get(definitionId);
    if (known != null) {
      return known;
    }
    JobDefinition definition = management.createJobDefinitionQuery().jobDefinitionId(definitionId).singleResult();
    if (definition == null || definition.getActivityId() == null) {
      return null;
    }
    activityOfJobDefinition.put(definitionId, definition.getActivityId());
    return definition.getActivityId();
  }
}
