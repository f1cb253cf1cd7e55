package ru.onlineschool.funnels.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.engine.SchoolEnginePlugin;

/**
 * Puts {@link ClientDataReadLimit} and {@link DepartmentStatisticsAccess} in front of every command
 * the engine's services run (queries included), so they hold for engine-rest, the webapps' engine
 * API, Cockpit's plugins and Java alike, through the engine plugin's one way of adding
 * interceptors (both command chains; other plugins add theirs).
 */
@Component
public class ClientDataReadLimitPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    SchoolEnginePlugin.addPreCommandInterceptor(configuration, () -> new DepartmentStatisticsAccess(configuration));
    SchoolEnginePlugin.addPreCommandInterceptor(configuration, () -> new ClientDataReadLimit(configuration));
  }
}
