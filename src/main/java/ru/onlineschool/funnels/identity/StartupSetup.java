package ru.onlineschool.funnels.identity;

import java.util.Optional;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.demo.DemoUsers;
import ru.onlineschool.funnels.tasklist.TasklistFilters;

/**
 * Brings groups, permissions, the administrator, demo users (demo profile only) and the
 * Tasklist filters to the expected state once the application context (and with it the
 * engine) has started. Every
 * step is idempotent, so a restart or a second node changes nothing.
 */
@Component
public class StartupSetup {

  private final AccessPolicy accessPolicy;
  private final AdminAccount adminAccount;
  private final DemoUsers demoUsers;
  private final TasklistFilters filters;
  private final SchoolProperties properties;

  public StartupSetup(
      AccessPolicy accessPolicy,
      AdminAccount adminAccount,
      DemoUsers demoUsers,
      TasklistFilters filters,
      SchoolProperties properties) {
    this.accessPolicy = accessPolicy;
    this.adminAccount = adminAccount;
    this.demoUsers = demoUsers;
    this.filters = filters;
    this.properties = properties;
  }

  @EventListener(ApplicationStartedEvent.class)
  public void onEngineReady() {
    accessPolicy.apply();
    adminAccount.ensure();
    if (Optional.ofNullable(properties.demo()).map(SchoolProperties.Demo::enabled).orElse(false)) {
      demoUsers.ensure();
    }
    filters.ensure();
  }
}
