package ru.onlineschool.funnels.identity;

import java.util.List;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings groups, permissions and the administrator, and then every {@link StartupStep} (the Tasklist
 * filters; in the demo profile, demo users and deals) to the expected state once the application
 * context (and with it the engine) has started. Every step is idempotent, so a restart or a second
 * node changes nothing.
 */
@Component
public class StartupSetup {

  private final AccessPolicy accessPolicy;
  private final AdminAccount adminAccount;
  private final List<StartupStep> steps;

  /** {@code steps} come sorted by their {@code @Order}. */
  public StartupSetup(AccessPolicy accessPolicy, AdminAccount adminAccount, List<StartupStep> steps) {
    this.accessPolicy = accessPolicy;
    this.adminAccount = adminAccount;
    this.steps = steps;
  }

  @EventListener(ApplicationStartedEvent.class)
  public void onEngineReady() {
    accessPolicy.apply();
    adminAccount.ensure();
    steps.forEach(StartupStep::ensure);
  }
}
