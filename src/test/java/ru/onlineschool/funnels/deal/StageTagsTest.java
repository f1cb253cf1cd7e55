package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** Automatic stage tags: added by stage code from the configuration, «подвисла» removed, manual tags kept. */
@ApplicationTest
class StageTagsTest {

  @Autowired StageTags stageTags;
  @Autowired StageTagProperties properties;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;

  private long deal(String funnel) {
    long contact = deals.createContact(new NewContact("Тимур Тегов", TestPhones.unique(), null, null), Instant.now());
    return deals.createDeal(new NewDeal(funnel, contact, "SQL", null, null), Instant.now());
  }

  private boolean automatic(long deal, String tag) {
    return jdbc.queryForObject("SELECT automatic FROM deal_tag WHERE deal_id = ? AND tag = ?", Boolean.class, deal, tag);
  }

  @Test
  void theDefaultsFollowTheRegulationsTagsAdaptedToOurStages() {
    assertThat(properties.byStage())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "NOT_REACHED", List.of("Недозвон"),
                "TRIAL_SCHEDULED", List.of("Выслано_предложение"),
                "INVOICE_SENT", List.of("Выслано_предложение", "Согласована_оплата"),
                "CONTACTED", List.of("Выслано_предложение")));
  }

  @Test
  void enteringAStageAddsItsTagsRemovesStalledAndKeepsManualTags() {
    long deal = deal("course-sale");
    deals.addTag(deal, "оплата_юр_лицо", false, Instant.now());
    deals.addTag(deal, "Выслано_предложение", false, Instant.now());
    deals.addTag(deal, StageTags.STALLED, true, Instant.now());

    stageTags.entered(deal, new Stage("INVOICE_SENT", "Счет выставлен"), Instant.now());

    assertThat(deals.tags(deal)).containsExactlyInAnyOrder("оплата_юр_лицо", "Выслано_предложение", "Согласована_оплата");
    assertThat(automatic(deal, "Согласована_оплата")).isTrue();
    // Set by hand before the stage: stays manual.
    assertThat(automatic(deal, "Выслано_предложение")).isFalse();

    stageTags.entered(deal, new Stage("WON", "Успешно реализовано"), Instant.now());
    assertThat(deals.tags(deal)).as("tags stay when the deal moves on").contains("Согласована_оплата");
  }

  @Test
  void theSameCodeTagsInEveryFunnel() {
    long reanimation = deal("reanimation");

    stageTags.entered(reanimation, new Stage("NOT_REACHED", "Не дозвонились"), Instant.now());
    stageTags.entered(reanimation, new Stage("CONTACTED", "Контакт произведен"), Instant.now());

    assertThat(deals.tags(reanimation)).containsExactlyInAnyOrder("Недозвон", "Выслано_предложение");
  }
}
