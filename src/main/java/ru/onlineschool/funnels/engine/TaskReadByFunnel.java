package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.AuthorizationQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's authorization manager with one change: which tasks a user may see in a task query
 * (Tasklist's filters and counts, {@code /engine-rest/task}, the Java API) is decided once per
 * query from her grants, instead of by joining every task row with the authorization table.
 *
 * <p>The engine checks a task query by joining {@code ACT_RU_AUTHORIZATION} on
 * {@code RESOURCE_ID_ IN (task id, definition key, '*')} with bit-mask predicates no index serves;
 * every one of a manager's tasks is joined and de-duplicated before the count or the first page
 * (issue 15: 4.8 s on H2 and about 25 s on PostgreSQL at 50,000 open deals). In this school a
 * staff member's right to see tasks comes only from her groups' grants on the funnels' definitions
 * ({@code READ_TASK}, {@code identity/AccessPolicy}); the engine writes no row per task
 * ({@link DefinitionGrantsOnly}). So the set of visible tasks is «tasks of these process
 * definitions», which the query can say itself: the authorization join is replaced by
 * {@code processDefinitionKeyIn(granted keys)}, intersected with the keys the query already asks
 * for. The answer is the same as the engine's:
 *
 * <ul>
 *   <li>a grant on every task ({@code TASK} {@code *} with {@code READ}) or on every definition
 *       ({@code PROCESS_DEFINITION} {@code *} with {@code READ_TASK}): no restriction;
 *   <li>a grant on a particular task (one an administrator made in Admin): the engine's own check,
 *       unchanged — correct, only slower;
 *   <li>no grant at all: the engine's own check, which finds nothing.
 * </ul>
 *
 * <p>Revokes are not read: the engine runs with {@code authorization-check-revokes: never}, and
 * then ignores them in queries as well. Administrators and the application itself are not checked
 * by the engine at all, as before.
 */
public class TaskReadByFunnel extends AuthorizationManager {

  private static final String ANY = Authorization.ANY;

  @Override
  public void configureTaskQuery(TaskQueryImpl query) {
    super.configureTaskQuery(query);
    FixedColumnsFirst.apply(query);
    AuthorizationCheck check = query.getAuthCheck();
    if (!check.isAuthorizationCheckEnabled() || check.getAuthUserId() == null || check.isRevokeAuthorizationCheckEnabled()) {
      return;
    }
    Visibility visibility = visibility(check.getAuthUserId(), check.getAuthGroupIds());
    if (visibility.perTaskGrants || visibility.keys.isEmpty() && !visibility.everything) {
      return;
    }
    if (!visibility.everything) {
      Set<String> keys = new LinkedHashSet<>(visibility.keys);
      if (query.getProcessDefinitionKeys() != null) {
        keys.retainAll(Arrays.asList(query.getProcessDefinitionKeys()));
        if (keys.isEmpty()) {
          // Nothing the query asks for is visible: the engine's check says so as well.
          return;
        }
      }
      query.processDefinitionKeyIn(keys.toArray(String[]::new));
    }
    check.setAuthorizationCheckEnabled(false);
    check.getPermissionChecks().getAtomicChecks().clear();
    check.getPermissionChecks().getCompositeChecks().clear();
  }

  private Visibility visibility(String userId, List<String> groupIds) {
    // Two statements, not one per resource type: Tasklist's every list and count is a task query,
    // and a user's and her groups' grants are a few dozen rows of all types.
    List<AuthorizationEntity> grants = new ArrayList<>(grants((AuthorizationQueryImpl) new AuthorizationQueryImpl().userIdIn(userId, ANY)));
    if (groupIds != null && !groupIds.isEmpty()) {
      grants.addAll(grants((AuthorizationQueryImpl) new AuthorizationQueryImpl().groupIdIn(groupIds.toArray(String[]::new))));
    }
    Visibility visibility = new Visibility();
    for (AuthorizationEntity grant : grants) {
      if (grant.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
        continue;
      }
      if (grant.getResourceType() == Resources.TASK.resourceType() && grant.isPermissionGranted(Permissions.READ)) {
        if (ANY.equals(grant.getResourceId())) {
          visibility.everything = true;
        } else {
          visibility.perTaskGrants = true;
        }
      } else if (grant.getResourceType() == Resources.PROCESS_DEFINITION.resourceType()
          && grant.isPermissionGranted(ProcessDefinitionPermissions.READ_TASK)) {
        if (ANY.equals(grant.getResourceId())) {
          visibility.everything = true;
        } else {
          visibility.keys.add(grant.getResourceId());
        }
      }
    }
    return visibility;
  }

  @SuppressWarnings("unchecked")
  private List<AuthorizationEntity> grants(AuthorizationQueryImpl query) {
    // A fresh query carries no authorization check of its own: the user may not be allowed to read
    // authorizations, but the engine reads her grants to check her requests all the time.
    return (List<AuthorizationEntity>) (List<?>) getDbEntityManager().selectList("selectAuthorizationByQueryCriteria", query);
  }

  private static final class Visibility {
    final Set<String> keys = new LinkedHashSet<>();
    boolean everything;
    boolean perTaskGrants;
  }

  /** Puts this manager in place of the engine's for every command. */
  public static final class Factory implements SessionFactory {

    @Override
    public Class<?> getSessionType() {
      return AuthorizationManager.class;
    }

    @Override
    public Session openSession() {
      return new TaskReadByFunnel();
    }
  }
}
