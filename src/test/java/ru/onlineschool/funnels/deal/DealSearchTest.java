package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import ru.onlineschool.funnels.support.ApplicationTest;

/** What other features ask the deal module about deals they know by number. */
@ApplicationTest
class DealSearchTest {

  @Autowired DealStore deals;
  @Autowired DealSearch search;

  private long deal() {
    long contact = deals.createContact(new NewContact("Клиент", null, UUID.randomUUID() + "@example.ru", null), Instant.now());
    return deals.createDeal(new NewDeal("webinar", contact, null, null, null), Instant.now());
  }

  /** A webinar moved with thousands of registrants: asked in several slices, every open one is found once, in order. */
  @Test
  void openAmongManyNumbersFindsExactlyTheOpenDeals() {
    long open = deal();
    long closed = deal();
    deals.close(closed, "LOST", "Дорого", Instant.now());
    long alsoOpen = deal();
    List<Long> numbers = new ArrayList<>();
    numbers.add(alsoOpen);
    for (long missing = -1; missing >= -2 * DealSearch.SLICE; missing--) {
      numbers.add(missing);
    }
    numbers.add(closed);
    numbers.add(open);

    assertThat(search.openAmong(numbers)).containsExactly(open, alsoOpen);
    assertThat(search.openAmong(List.of())).isEmpty();
  }
}
