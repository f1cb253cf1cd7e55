package ru.onlineschool.funnels.api;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SchoolGroup;

/** The staff member behind a Basic-authenticated {@code /api} request (set by {@link ApiAuthenticationFilter}). */
@Component
public class Caller {

  private final IdentityService identity;

  public Caller(IdentityService identity) {
    this.identity = identity;
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

  /** Members of {@code admins} or Camunda's {@code camunda-admin}: may see and change everything. */
  public boolean isAdmin() {
    return isMemberOf(SchoolGroup.ADMINS.id()) || isMemberOf(SchoolGroup.CAMUNDA_ADMIN);
  }
}
