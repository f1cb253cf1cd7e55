package ru.onlineschool.funnels.delivery;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * «Назначить куратора» (bean {@code curatorDistribution}): the available member of
 * {@code curators} with the fewest open delivery deals; ties by login, so the choice is
 * repeatable. Nobody available: {@code curator} stays null and the tasks wait as group tasks
 * of {@code curators}. Availability uses the same marks as the managers' distribution, and only
 * curators at work now take students (the same rule as for managers: {@code StaffPresence}).
 */
@Component("curatorDistribution")
public class CuratorDistribution implements JavaDelegate {

  private final IdentityService identity;
  private final DeliveryDeals deliveryDeals;
  private final DealStore deals;

  public CuratorDistribution(IdentityService identity, DeliveryDeals deliveryDeals, DealStore deals) {
    this.identity = identity;
    this.deliveryDeals = deliveryDeals;
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long dealId = DealContext.dealId(execution);
    Optional<User> curator = pick();
    String userId = curator.map(User::getId).orElse(null);
    execution.setVariable(CourseDelivery.CURATOR, userId);
    deals.setResponsible(dealId, userId);
    String note =
        curator
            .map(user -> "Куратор: " + StaffDirectory.displayName(user) + " (наименьшая нагрузка)")
            .orElse("Свободных кураторов нет: задачи ждут в «Задачах группы» кураторов");
    deals.appendTimeline(dealId, DealContext.now(), TimelineKind.NOTE, null, note, null);
  }

  /** The curator to give the next student to, or empty when nobody is available. */
  public Optional<User> pick() {
    Map<String, Boolean> marks = deliveryDeals.availabilityMarks();
    Map<String, Integer> load = deliveryDeals.openDealsPerResponsible();
    java.util.List<User> curators = identity.createUserQuery().memberOfGroup(SchoolGroup.CURATORS.id()).list();
    java.util.Set<String> atWork = deliveryDeals.atWork(curators.stream().map(User::getId).toList(), DealContext.now());
    return curators.stream()
        .filter(user -> marks.getOrDefault(user.getId(), true) && atWork.contains(user.getId()))
        .min(Comparator.comparing((User user) -> load.getOrDefault(user.getId(), 0)).thenComparing(User::getId));
  }
}
