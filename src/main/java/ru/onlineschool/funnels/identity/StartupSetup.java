package ru.onlineschool.funnels.identity;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.demo.DemoDeals;
import ru.onlineschool.funnels.demo.DemoUsers;
import ru.onlineschool.funnels.tasklist.TasklistFilters;

/**
 * Brings groups, permissions, the administrator, the Tasklist filters and, in the demo
 * profile, demo users and deals to the expected state once the application context (and with it the
 * engine) has started. Every
 * step is idempotent, so a restart or a second node changes nothing.
 */
@Component
public class StartupSetup {

  private final AccessPolicy accessPolicy;
  private final AdminAccount adminAccount;
  private final DemoUsers demoUsers;
  private final DemoDeals demoDeals;
  private final TasklistFilters filters;
  private final SchoolProperties properties;

  public StartupSetup(
      AccessPolicy accessPolicy,
      AdminAccount adminAccount,
      DemoUsers demoUsers,
      DemoDeals demoDeals,
      TasklistFilters filters,
      SchoolProperties properties) {
    this.accessPolicy = accessPolicy;
    this.adminAccount = adminAccount;
    this.demoUsers = demoUsers;
    this.demoDeals = demoDeals;
    this.filters = filters;
    this.properties = properties;
  }

  @EventListener(ApplicationStartedEvent.class)
  public void onEngineReady() {
    accessPolicy.apply();
    adminAccount.ensure();
    filters.ensure();
    if (properties.demo().enabled()) {
      demoUsers.ensure();
      if (properties.demo().deals()) {
        demoDeals.ensure();
      }
    }
  }
}
