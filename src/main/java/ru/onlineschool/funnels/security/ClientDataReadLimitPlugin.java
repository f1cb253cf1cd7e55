package ru.onlineschool.funnels.security;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ClientDataReadLimit} and {@link DepartmentStatisticsAccess} in front of every command
 * the engine's services run (queries included), so they hold for engine-rest, the webapps' engine
 * API, Cockpit's plugins and Java alike. Adds to the list of interceptors rather than replacing
 * it: other plugins add theirs.
 */
@Component
public class ClientDataReadLimitPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new DepartmentStatisticsAccess(configuration));
    configuration.getCustomPreCommandInterceptorsTxRequired().add(new ClientDataReadLimit(configuration));
  }
}
