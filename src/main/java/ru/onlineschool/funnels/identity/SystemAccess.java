package ru.onlineschool.funnels.identity;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * The one way the application acts «as the system», past the engine's checks of whoever is signed
 * in: work the school does on its own behalf (a correlation of the intake, the school's decision
 * tables) or on a caller's behalf after the application checked the caller's rights itself
 * (reports, moving a course's dates).
 *
 * <p>Inside an engine command (a listener, a delegate) the command's authorization checks are off
 * for the work and back on after it; nested engine calls reuse that command. Outside a command the
 * signed-in user is set aside for the work, so the engine's commands run unauthenticated, as the
 * application's own jobs do. Either way whatever was in force before is restored.
 */
@Component
public class SystemAccess {

  private final IdentityService identity;

  public SystemAccess(IdentityService identity) {
    this.identity = identity;
  }

  public <T> T asSystem(Supplier<T> work) {
    CommandContext command = Context.getCommandContext();
    if (command != null) {
      boolean checking = command.isAuthorizationCheckEnabled();
      command.disableAuthorizationCheck();
      try {
        return work.get();
      } finally {
        if (checking) {
          command.enableAuthorizationCheck();
        }
      }
    }
    Authentication signedIn = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (signedIn != null) {
        identity.setAuthentication(signedIn);
      }
    }
  }

  public void asSystem(Runnable work) {
    asSystem(
        () -> {
          work.run();
          return null;
        });
  }
}
