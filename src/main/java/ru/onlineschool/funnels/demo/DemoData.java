package ru.onlineschool.funnels.demo;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.identity.StartupStep;

/**
 * The demo profile's users and deals, created at start when the profile asks for them. Last of the
 * startup steps: the deals go through the real intake, distribution and Tasklist.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoData implements StartupStep {

  private final DemoUsers users;
  private final DemoDeals deals;
  private final SchoolProperties properties;

  DemoData(DemoUsers users, DemoDeals deals, SchoolProperties properties) {
    this.users = users;
    this.deals = deals;
    this.properties = properties;
  }

  @Override
  public void ensure() {
    if (properties.demo().enabled()) {
      users.ensure();
      if (properties.demo().deals()) {
        deals.ensure();
      }
    }
  }
}
