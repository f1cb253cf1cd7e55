package ru.onlineschool.funnels.deal;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * Lets the people who work a deal read its process instance, and with it the variables that
 * Tasklist shows in the «Клиент», «Телефон», «Курс», «Этап» columns. Managers have no right to
 * read every instance of a funnel; they get it deal by deal, when they become responsible (or
 * their group, while the deal waits for a free manager).
 */
@Component
public class DealAccess {

  private final AuthorizationService authorizations;
  private final SystemAccess system;

  /** Lazy: the engine plugin needs this bean before the engine (and its services) exists. */
  public DealAccess(@Lazy AuthorizationService authorizations, @Lazy SystemAccess system) {
    this.authorizations = authorizations;
    this.system = system;
  }

  public void letUserRead(String processInstanceId, String userId) {
    grant(processInstanceId, userId, null);
  }

  public void letGroupRead(String processInstanceId, String groupId) {
    grant(processInstanceId, null, groupId);
  }

  private void grant(String processInstanceId, String userId, String groupId) {
    // The grant is the process's doing, not the manager's: whoever triggered this step may not
    // manage authorizations themselves.
    system.asSystem(() -> {
      var query = authorizations.createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE).resourceId(processInstanceId);
      long existing = userId != null ? query.userIdIn(userId).count() : query.groupIdIn(groupId).count();
      if (existing > 0) {
        return;
      }
      Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      read.setResource(Resources.PROCESS_INSTANCE);
      read.setResourceId(processInstanceId);
      if (userId != null) {
        read.setUserId(userId);
      } else {
        read.setGroupId(groupId);
      }
      read.addPermission(Permissions.READ);
      authorizations.saveAuthorization(read);
    });
  }
}
