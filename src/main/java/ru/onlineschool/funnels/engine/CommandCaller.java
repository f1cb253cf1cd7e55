package ru.onlineschool.funnels.engine;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * Who runs an engine command, for our interceptors' rules: the application itself (nobody
 * authenticated: jobs, listeners, {@code Caller#asSystem}), an administrator (the engine's admin
 * users and groups, and the school's {@code admins}), or anyone else. One definition, so that the
 * interceptors cannot disagree on who an administrator is.
 */
public final class CommandCaller {

  private CommandCaller() {}

  /** The application itself or an administrator. */
  public static boolean isSystemOrAdministrator(ProcessEngineConfigurationImpl configuration) {
    Authentication authentication = configuration.getIdentityService().getCurrentAuthentication();
    return authentication == null || authentication.getUserId() == null || isAdministrator(configuration, authentication);
  }

  static boolean isAdministrator(ProcessEngineConfigurationImpl configuration, Authentication authentication) {
    List<String> adminUsers = configuration.getAdminUsers();
    if (adminUsers != null && adminUsers.contains(authentication.getUserId())) {
      return true;
    }
    List<String> groups = authentication.getGroupIds();
    if (groups == null) {
      return false;
    }
    List<String> adminGroups = configuration.getAdminGroups();
    return groups.contains(SchoolGroup.ADMINS.id())
        || groups.contains(SchoolGroup.CAMUNDA_ADMIN)
        || (adminGroups != null && groups.stream().anyMatch(adminGroups::contains));
  }
}
