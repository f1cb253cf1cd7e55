package ru.onlineschool.funnels.engine;

import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.Task;

/**
 * The engine's default authorizations, without the rows it writes per task. Who sees and works a
 * funnel's tasks follows from the group's grants on the process definition
 * ({@code identity/AccessPolicy}); who may work a particular task follows from the task as it is
 * now ({@link TaskWorkGuard}). So a task that changes hands, or a manager who leaves a group,
 * leaves no grant behind, and the number of authorization rows does not grow with the open deals.
 *
 * <p>Camunda's provider grants the assignee, the owner and every candidate user and group a row on
 * the task, and never takes one away when the task changes hands: the previous assignee kept
 * working a task reassigned to a colleague. Users', groups', filters' and deployments' defaults
 * (a user may edit herself, a filter's owner her filter) are kept.
 */
public class DefinitionGrantsOnly extends DefaultAuthorizationProvider {

  @Override
  public AuthorizationEntity[] newTaskAssignee(Task task, String oldAssignee, String newAssignee) {
    return null;
  }

  @Override
  public AuthorizationEntity[] newTaskOwner(Task task, String oldOwner, String newOwner) {
    return null;
  }

  @Override
  public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
    return null;
  }

  @Override
  public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
    return null;
  }
}
