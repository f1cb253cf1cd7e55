package ru.onlineschool.funnels.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic against the engine's users, for the delivery endpoints until the shared {@code /api}
 * security filter takes over (then this class goes). The engine's authentication is not set: the
 * endpoints check the groups themselves and write the user into the timeline.
 */
@Component
public class StaffCredentials {

  /** An authenticated staff member. */
  public record Staff(String userId, Set<String> groups) {}

  private final IdentityService identity;

  public StaffCredentials(IdentityService identity) {
    this.identity = identity;
  }

  /** The user behind an {@code Authorization} header, or a 401 problem. */
  public Staff authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw unauthorized();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw unauthorized();
    }
    String user = decoded.substring(0, colon);
    if (!identity.checkPassword(user, decoded.substring(colon + 1))) {
      throw unauthorized();
    }
    Set<String> groups =
        identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).collect(Collectors.toSet());
    return new Staff(user, groups);
  }

  static DeliveryProblem unauthorized() {
    return new DeliveryProblem(
        HttpStatus.UNAUTHORIZED, "Требуется вход", "Войдите логином и паролем сотрудника школы (HTTP Basic)");
  }
}
