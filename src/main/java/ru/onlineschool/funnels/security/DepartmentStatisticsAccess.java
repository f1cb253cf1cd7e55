package ru.onlineschool.funnels.security;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.DeploymentStatisticsQueryImpl;
import org.camunda.bpm.engine.impl.ProcessDefinitionStatisticsQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * The engine's statistics per process definition and per deployment count every instance of a
 * definition for anyone who may READ the definition, and managers read the sales definitions (for
 * the diagram and forms). So a manager got the whole department's figures from
 * {@code /engine-rest/process-definition/statistics}, while our reports show her only her own.
 * These are Cockpit's dashboard figures: the engine answers them to users with ACCESS to Cockpit
 * (heads of sales, administrators) and refuses everyone else, whatever API asks.
 * Per-activity statistics need no rule: the engine counts only the instances the caller may read.
 */
public class DepartmentStatisticsAccess extends CommandInterceptor {

  static final String MESSAGE = "Статистика отдела по процессам доступна в Cockpit: РОП и администраторам.";

  private final ProcessEngineConfigurationImpl configuration;

  public DepartmentStatisticsAccess(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (Context.getCommandContext() == null
        && (command instanceof ProcessDefinitionStatisticsQueryImpl || command instanceof DeploymentStatisticsQueryImpl)) {
      Authentication authentication = configuration.getIdentityService().getCurrentAuthentication();
      if (authentication != null && authentication.getUserId() != null && !mayUseCockpit(authentication)) {
        throw new AuthorizationException(MESSAGE);
      }
    }
    return next.execute(command);
  }

  private boolean mayUseCockpit(Authentication authentication) {
    List<String> groups = authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
    return configuration
        .getAuthorizationService()
        .isUserAuthorized(authentication.getUserId(), groups, Permissions.ACCESS, Resources.APPLICATION, "cockpit");
  }
}
