package ru.onlineschool.funnels.identity;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.Funnel;

/**
 * Who may do what in the engine, created idempotently at every start: the groups of SPEC
 * «Users» and their authorizations. Task-level rights of assignees and candidates come
 * from the engine (TASK_WORK, see {@code SchoolEnginePlugin}); nothing here lets a manager
 * read another manager's assigned tasks, start a process by hand, deploy or delete.
 */
@Component
public class AccessPolicy {

  private static final String WORKFLOW = "WORKFLOW";
  /** The process «Контроль подвисших сделок» (bpmn/stalled-deals.bpmn). */
  static final String STALLED_DEALS = "stalled-deals";

  private final IdentityService identity;
  private final AuthorizationService authorizations;

  public AccessPolicy(IdentityService identity, AuthorizationService authorizations) {
    this.identity = identity;
    this.authorizations = authorizations;
  }

  public void apply() {
    ensureGroup(Groups.CAMUNDA_ADMIN, "Администраторы Camunda", Groups.GROUP_TYPE_SYSTEM);
    for (SchoolGroup group : SchoolGroup.values()) {
      ensureGroup(group.id(), group.title(), WORKFLOW);
    }
    for (String adminGroup : List.of(Groups.CAMUNDA_ADMIN, SchoolGroup.ADMINS.id())) {
      for (Resources resource : Resources.values()) {
        grant(adminGroup, resource, ANY, Permissions.ALL);
      }
    }
    grantSalesHeads();
    grantManagers();
    grantCurators();
  }

  private void grantSalesHeads() {
    String group = SchoolGroup.SALES_HEADS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(group, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grantDirectoryRead(group);
    for (Funnel funnel : Funnel.sales()) {
      grant(
          group,
          Resources.PROCESS_DEFINITION,
          funnel.processKey(),
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.TASK_WORK,
          ProcessDefinitionPermissions.TASK_ASSIGN,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE,
          ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
    }
    // The daily digest of stalled deals is theirs: work it in Tasklist, watch the process in Cockpit.
    grant(
        group,
        Resources.PROCESS_DEFINITION,
        STALLED_DEALS,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.TASK_WORK,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
        ProcessDefinitionPermissions.READ_TASK_VARIABLE,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
    grant(group, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grant(group, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grant(group, Resources.DEPLOYMENT, ANY, Permissions.READ);
  }

  private void grantManagers() {
    String group = SchoolGroup.MANAGERS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grantDirectoryRead(group);
    for (Funnel funnel : Funnel.sales()) {
      // The definition only (names, diagram, forms); tasks are visible one by one through
      // the engine's assignee/candidate authorizations.
      grant(group, Resources.PROCESS_DEFINITION, funnel.processKey(), ProcessDefinitionPermissions.READ);
    }
  }

  private void grantCurators() {
    String group = SchoolGroup.CURATORS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grantDirectoryRead(group);
    grant(
        group,
        Resources.PROCESS_DEFINITION,
        Funnel.COURSE_DELIVERY.processKey(),
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.TASK_WORK,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_TASK_VARIABLE);
  }

  /** Tasklist shows assignees' and groups' names: staff may read the directory. */
  private void grantDirectoryRead(String group) {
    grant(group, Resources.USER, ANY, Permissions.READ);
    grant(group, Resources.GROUP, ANY, Permissions.READ);
  }

  private void ensureGroup(String id, String name, String type) {
    if (identity.createGroupQuery().groupId(id).count() > 0) {
      return;
    }
    Group group = identity.newGroup(id);
    group.setName(name);
    group.setType(type);
    identity.saveGroup(group);
  }

  /** Grants the permissions, adding to an existing grant rather than duplicating it. */
  void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(groupId)
            .resourceType(resource)
            .resourceId(resourceId)
            .singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    } else if (hasAll(authorization, permissions)) {
      return;
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }

  private static boolean hasAll(Authorization authorization, Permission... permissions) {
    for (Permission permission : permissions) {
      if (!authorization.isPermissionGranted(permission)) {
        return false;
      }
    }
    return true;
  }
}
