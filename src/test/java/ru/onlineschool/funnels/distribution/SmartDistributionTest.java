package ru.onlineschool.funnels.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.support.ApplicationTest;

/** «Smart-распределение» on the demo managers, each test in a funnel of its own. */
@ApplicationTest
class SmartDistributionTest {

  static final List<String> MANAGERS = List.of("manager1", "manager2", "manager3");

  @Autowired SmartDistribution distribution;
  @Autowired DealStore deals;

  private final String funnel = "t-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void everybodyBackAtWork() {
    MANAGERS.forEach(m -> distribution.setAvailability(m, true, "test", Instant.now()));
  }

  private void openDeal(String responsible, String stage) {
    long contact = deals.createContact(new NewContact("Клиент", null, UUID.randomUUID() + "@example.ru", null), Instant.now());
    long deal = deals.createDeal(new NewDeal(funnel, contact, null, null, null), Instant.now());
    deals.enterStage(deal, new Stage(stage, stage), Instant.now());
    deals.setResponsible(deal, responsible);
  }

  @Test
  void theManagerWithFewestFreshDealsGetsTheLead() {
    openDeal("manager1", "NEW");
    openDeal("manager1", "ACCEPTED");
    openDeal("manager3", "ACCEPTED");
    // Deals further down the funnel are not «fresh» and do not count.
    openDeal("manager2", "QUALIFIED");
    openDeal("manager2", "INVOICE_SENT");

    assertThat(distribution.pickManager(funnel, Instant.now())).contains("manager2");
  }

  @Test
  void equalLoadsGoRoundRobin() {
    // Later than any clock the process tests set, so earlier assignments never look newer.
    Instant later = Instant.parse("2100-01-01T00:00:00Z");
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(distribution.pickManager(funnel, later.plusSeconds(i)).orElseThrow());
    }

    assertThat(picked.subList(0, 3)).containsExactlyInAnyOrderElementsOf(MANAGERS);
    assertThat(picked.subList(3, 6)).isEqualTo(picked.subList(0, 3));
  }

  @Test
  void anUnavailableManagerGetsNothingAndNobodyAvailableMeansNoOne() {
    distribution.setAvailability("manager2", false, "rop", Instant.now());
    for (int i = 0; i < 4; i++) {
      assertThat(distribution.pickManager(funnel, Instant.now().plusSeconds(i))).isPresent().get().isNotEqualTo("manager2");
    }

    MANAGERS.forEach(m -> distribution.setAvailability(m, false, "rop", Instant.now()));

    assertThat(distribution.pickManager(funnel, Instant.now())).isEmpty();
    assertThat(distribution.availableManagers()).isEmpty();
  }
}
