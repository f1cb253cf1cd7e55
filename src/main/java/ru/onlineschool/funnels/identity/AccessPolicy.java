package ru.onlineschool.funnels.identity;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may do what in the engine, brought to this exact state at every start: the groups of SPEC
 * «Users» and their authorizations (seed 003 «Права доступа»). Everything is granted per group on
 * a funnel's definition, nothing per deal or task: staff see every deal of their funnels, and
 * {@code engine/TaskWorkGuard} keeps work to the task's assignee, the head of the funnel (who may
 * reassign) and administrators. Nothing here lets staff start a process by hand, deploy, export
 * history or delete.
 *
 * <p>The policy converges rather than only adds: a permission taken out of this class is revoked
 * from an existing database at the next start, and a grant it no longer names is deleted. It owns
 * the grants of the sales, manager and curator groups on the applications, the directory, the
 * school's process and decision definitions, deployments and the operation log; Tasklist filters'
 * grants are not its business. Administrators keep everything they have. Rows per task or per
 * deal that earlier versions wrote (Camunda's default provider, our per-deal READ) are deleted.
 */
@Component
public class AccessPolicy {

  private static final String WORKFLOW = "WORKFLOW";
  /** The process «Контроль подвисших сделок» (bpmn/stalled-deals.bpmn). */
  static final String STALLED_DEALS = "stalled-deals";

  /** The resource types whose grants to the school's groups this policy owns. */
  private static final Set<Resource> OWNED_TYPES =
      Set.of(
          Resources.APPLICATION,
          Resources.USER,
          Resources.GROUP,
          Resources.PROCESS_DEFINITION,
          Resources.DECISION_DEFINITION,
          Resources.DECISION_REQUIREMENTS_DEFINITION,
          Resources.DEPLOYMENT,
          Resources.OPERATION_LOG_CATEGORY);

  private record Grant(String groupId, Resource resource, String resourceId) {}

  private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final SchoolProcesses processes;
  private final JdbcTemplate jdbc;
  /** What the school's groups should have, collected by one {@link #apply()}. */
  private final Map<Grant, Set<Permission>> wanted = new LinkedHashMap<>();

  public AccessPolicy(IdentityService identity, AuthorizationService authorizations, SchoolProcesses processes, JdbcTemplate jdbc) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.processes = processes;
    this.jdbc = jdbc;
  }

  public synchronized void apply() {
    ensureGroup(Groups.CAMUNDA_ADMIN, "Администраторы Camunda", Groups.GROUP_TYPE_SYSTEM);
    for (SchoolGroup group : SchoolGroup.values()) {
      ensureGroup(group.id(), group.title(), WORKFLOW);
    }
    for (String adminGroup : List.of(Groups.CAMUNDA_ADMIN, SchoolGroup.ADMINS.id())) {
      for (Resources resource : Resources.values()) {
        grantAdministrators(adminGroup, resource);
      }
    }
    wanted.clear();
    grantSalesHeads();
    grantManagers();
    grantCurators();
    converge();
    removeGrantsPerTaskAndDeal();
    warnAboutRevokes();
  }

  /**
   * Earlier versions let the engine grant every task's assignee and candidates a row on the task
   * (kept after the task changed hands) and gave each responsible a READ row on the deal's process
   * instance. The engine writes neither any more; existing rows are removed here, in one statement
   * (the demo data held 26 such rows for 11 open deals). Grants on every task or instance
   * ({@code *}, the administrators') stay.
   */
  private void removeGrantsPerTaskAndDeal() {
    int removed =
        jdbc.update(
            "DELETE FROM ACT_RU_AUTHORIZATION WHERE RESOURCE_TYPE_ IN (?, ?) AND RESOURCE_ID_ <> ?",
            Resources.TASK.resourceType(),
            Resources.PROCESS_INSTANCE.resourceType(),
            ANY);
    if (removed > 0) {
      LOG.info("Removed {} authorizations per task or per deal: staff rights come from their groups' grants on the funnels", removed);
    }
  }

  /** The engine runs with {@code authorizationCheckRevokes = never}: a revoke would silently do nothing. */
  private void warnAboutRevokes() {
    long revokes = authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_REVOKE).count();
    if (revokes > 0) {
      LOG.warn(
          "{} revoke authorizations exist, but the engine ignores revokes (authorization-check-revokes: never); take rights away by"
              + " removing grants instead",
          revokes);
    }
  }

  private void grantSalesHeads() {
    String group = SchoolGroup.SALES_HEADS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(group, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grantDirectoryRead(group);
    for (String processKey : processes.sales()) {
      grantFunnelWork(group, processKey, ProcessDefinitionPermissions.TASK_ASSIGN);
    }
    // The daily digest of stalled deals is theirs: work it in Tasklist, watch the process in Cockpit.
    grantFunnelWork(group, STALLED_DEALS);
    // No READ_HISTORY on process definitions (issue 13): history keeps every client the school
    // ever had, closed deals included, and READ_HISTORY reads its variables. Open deals are read
    // in Tasklist and Cockpit; Tasklist's «История» tab of a task needs only the task workers' log.
    grant(group, Resources.OPERATION_LOG_CATEGORY, UserOperationLogEntry.CATEGORY_TASK_WORKER, UserOperationLogCategoryPermissions.READ);
    grant(group, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grant(group, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grant(group, Resources.DEPLOYMENT, ANY, Permissions.READ);
  }

  /**
   * Seed 003: a manager sees every deal and task of the sales funnels (a colleague is away, a
   * client calls the wrong manager) and works those assigned to her. Seeing is this grant, per
   * group and definition; working someone else's task is refused by {@code engine/TaskWorkGuard}.
   */
  private void grantManagers() {
    String group = SchoolGroup.MANAGERS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grantDirectoryRead(group);
    for (String processKey : processes.sales()) {
      grantFunnelWork(group, processKey);
    }
  }

  /** Curators: what managers have in sales, for «Ведение курса». */
  private void grantCurators() {
    String group = SchoolGroup.CURATORS.id();
    grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grantDirectoryRead(group);
    for (String processKey : processes.delivery()) {
      grantFunnelWork(group, processKey);
    }
  }

  /**
   * See every deal (instance) and task of the funnel with its variables, and work tasks: only
   * those assigned to the worker or offered to her group ({@code engine/TaskWorkGuard}). No
   * reassigning, no variables outside a task's form, no history, no deleting.
   */
  private void grantFunnelWork(String group, String processKey, Permission... more) {
    List<Permission> permissions =
        new ArrayList<>(
            List.of(
                ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_TASK,
                ProcessDefinitionPermissions.TASK_WORK,
                ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.READ_TASK_VARIABLE));
    permissions.addAll(List.of(more));
    grant(group, Resources.PROCESS_DEFINITION, processKey, permissions.toArray(Permission[]::new));
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

  /** Adds the permissions to what the group should have on the resource. */
  void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    wanted.computeIfAbsent(new Grant(groupId, resource, resourceId), k -> new LinkedHashSet<>()).addAll(List.of(permissions));
  }

  /**
   * Makes the database hold exactly {@link #wanted} for the school's groups: missing grants are
   * created, extra permissions revoked, grants the policy no longer names deleted.
   */
  private void converge() {
    Map<Grant, Set<Permission>> missing = new LinkedHashMap<>(wanted);
    List<String> groups = new ArrayList<>();
    for (SchoolGroup group : SchoolGroup.values()) {
      if (group != SchoolGroup.ADMINS) {
        groups.add(group.id());
      }
    }
    for (Authorization authorization :
        authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groups.toArray(String[]::new)).list()) {
      Resource resource = resourceOf(authorization.getResourceType());
      if (resource == null || !owned(resource, authorization.getResourceId())) {
        continue;
      }
      Grant key = new Grant(authorization.getGroupId(), resource, authorization.getResourceId());
      Set<Permission> permissions = missing.remove(key);
      if (permissions == null) {
        authorizations.deleteAuthorization(authorization.getId());
      } else if (((AuthorizationEntity) authorization).getPermissions() != mask(permissions)) {
        authorization.setPermissions(permissions.toArray(Permission[]::new));
        authorizations.saveAuthorization(authorization);
      }
    }
    missing.forEach(
        (key, permissions) -> {
          Authorization authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
          authorization.setGroupId(key.groupId());
          authorization.setResource(key.resource());
          authorization.setResourceId(key.resourceId());
          authorization.setPermissions(permissions.toArray(Permission[]::new));
          authorizations.saveAuthorization(authorization);
        });
  }

  /** Process definitions other than the school's (a test's, a one-off model) keep their grants. */
  private boolean owned(Resource resource, String resourceId) {
    if (!OWNED_TYPES.contains(resource)) {
      return false;
    }
    if (resource != Resources.PROCESS_DEFINITION || ANY.equals(resourceId) || STALLED_DEALS.equals(resourceId)) {
      return true;
    }
    return processes.all().contains(resourceId);
  }

  private static Resource resourceOf(int type) {
    for (Resources resource : Resources.values()) {
      if (resource.resourceType() == type) {
        return resource;
      }
    }
    return null;
  }

  private static int mask(Set<Permission> permissions) {
    int mask = Permissions.NONE.getValue();
    for (Permission permission : permissions) {
      mask |= permission.getValue();
    }
    return mask;
  }

  /** Administrators: grants are added, never narrowed (they hold ALL anyway). */
  private void grantAdministrators(String groupId, Resource resource) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(groupId)
            .resourceType(resource)
            .resourceId(ANY)
            .singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(ANY);
    } else if (authorization.isPermissionGranted(Permissions.ALL)) {
      return;
    }
    authorization.addPermission(Permissions.ALL);
    authorizations.saveAuthorization(authorization);
  }
}
