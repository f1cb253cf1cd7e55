package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.FunnelCatalog.Department;
import ru.onlineschool.funnels.deal.FunnelCatalog.FunnelModel;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * What the search and the board share: which funnels the caller may see (as the deal card decides,
 * seed 003: administrators all, the head of sales and managers the sales funnels, curators course
 * delivery) and the staff's names instead of their logins. The directory is read as the system: the
 * caller's rights were checked here, and a name is not a secret among colleagues.
 */
@Component
class Workplace {

  /** A funnel or a person: code or login, and what people read. */
  @Schema(name = "CodeAndName", title = "Код и название", description = "Воронка или сотрудник: код или логин и то, что читает человек")
  record Named(String id, String name) {}

  private final Caller caller;
  private final IdentityService identity;
  private final FunnelCatalog funnels;

  Workplace(Caller caller, IdentityService identity, FunnelCatalog funnels) {
    this.caller = caller;
    this.identity = identity;
    this.funnels = funnels;
  }

  /** The funnels whose deals the caller sees, in the models' order. */
  List<FunnelModel> visibleFunnels() {
    if (caller.isAdmin()) {
      return funnels.all();
    }
    Set<Department> departments = new LinkedHashSet<>();
    if (caller.isMemberOf(SchoolGroup.SALES_HEADS.id()) || caller.isMemberOf(SchoolGroup.MANAGERS.id())) {
      departments.add(Department.SALES);
    }
    if (caller.isMemberOf(SchoolGroup.CURATORS.id())) {
      departments.add(Department.DELIVERY);
    }
    return funnels.all().stream().filter(f -> departments.contains(f.department())).toList();
  }

  /** The process keys of {@link #visibleFunnels}; {@code null} for an administrator, who sees every deal. */
  List<String> visibleFunnelKeys() {
    return caller.isAdmin() ? null : visibleFunnels().stream().map(FunnelModel::processKey).toList();
  }

  /** Whether the caller works with all deals of a funnel rather than her own: heads of sales and administrators. */
  boolean seesEveryoneByDefault() {
    return caller.isAdmin() || caller.isMemberOf(SchoolGroup.SALES_HEADS.id());
  }

  String userId() {
    return caller.userId();
  }

  Optional<FunnelModel> funnel(String processKey) {
    return funnels.find(processKey);
  }

  Named funnelRef(String processKey) {
    return new Named(processKey, funnels.title(processKey));
  }

  /** Every funnel's key, for a message naming the choices. */
  String funnelKeys() {
    return String.join(", ", funnels.keys());
  }

  /** «Анна Смирнова» per login, in one query; the login itself when the user is gone or nameless. */
  Map<String, String> names(Collection<String> userIds) {
    List<String> ids = userIds.stream().filter(id -> id != null).distinct().toList();
    Map<String, String> names = new HashMap<>();
    ids.forEach(id -> names.put(id, id));
    if (!ids.isEmpty()) {
      for (User user : caller.asSystem(() -> identity.createUserQuery().userIdIn(ids.toArray(String[]::new)).list())) {
        names.put(user.getId(), StaffDirectory.displayName(user));
      }
    }
    return names;
  }

  Named person(String userId, Map<String, String> names) {
    return userId == null ? null : new Named(userId, names.getOrDefault(userId, userId));
  }

  /** Whether the login belongs to an existing user. */
  boolean userExists(String userId) {
    return caller.asSystem(() -> identity.createUserQuery().userId(userId).count()) > 0;
  }

  /** Members of the groups that are responsible for deals of the funnel, by name: the board's filter. */
  List<Named> responsibles(FunnelModel funnel) {
    List<String> groups =
        funnel.department() == Department.DELIVERY
            ? List.of(SchoolGroup.CURATORS.id())
            : List.of(SchoolGroup.MANAGERS.id(), SchoolGroup.SALES_HEADS.id());
    Map<String, Named> people = new HashMap<>();
    for (String group : groups) {
      for (User user : caller.asSystem(() -> identity.createUserQuery().memberOfGroup(group).list())) {
        people.putIfAbsent(user.getId(), new Named(user.getId(), StaffDirectory.displayName(user)));
      }
    }
    List<Named> sorted = new ArrayList<>(people.values());
    sorted.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    return sorted;
  }
}
