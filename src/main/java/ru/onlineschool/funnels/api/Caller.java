package ru.onlineschool.funnels.api;

import java.util.Set;
import java.util.function.Supplier;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.SystemAccess;

/** The staff member behind a Basic-authenticated {@code /api} request (set by {@link ApiAuthenticationFilter}). */
@Component
public class Caller {

  private final IdentityService identity;
  private final SystemAccess system;

  public Caller(IdentityService identity, SystemAccess system) {
    this.identity = identity;
    this.system = system;
  }

  public String userId() {
    Authentication authentication = identity.getCurrentAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }

  public boolean isMemberOf(String groupId) {
    Authentication authentication = identity.getCurrentAuthentication();
    List<String> groups = authentication == null ? null : authentication.getGroupIds();
    return groups != null && groups.contains(groupId);
  }

  /** The caller's groups (empty when nobody is authenticated). */
  public Set<String> groups() {
    Authentication authentication = identity.getCurrentAuthentication();
    return authentication == null || authentication.getGroupIds() == null
        ? Set.of()
        : Set.copyOf(authentication.getGroupIds());
  }

  /**
   * Runs work the application does on the caller's behalf after it checked the caller's rights
   * itself (e.g. moving a deal's timers): the engine then does not check the caller's own
   * engine permissions, which staff deliberately do not have.
   */
  public <T> T asSystem(Supplier<T> work) {
    return system.asSystem(work);
  }


  /** Members of {@code admins} or Camunda's {@code camunda-admin}: may see and change everything. */
  public boolean isAdmin() {
    return isMemberOf(SchoolGroup.ADMINS.id()) || isMemberOf(SchoolGroup.CAMUNDA_ADMIN);
  }
}
