package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** Automatic stage tags: added by the table «Автоматические теги этапов», «подвисла» removed, manual tags kept. */
@ApplicationTest
class StageTagsTest {

  @Autowired StageTags stageTags;
  @Autowired DealStore deals;
  @Autowired JdbcTemplate jdbc;
  @Autowired RepositoryService repository;
  @Autowired IdentityService identity;

  private long deal(String funnel) {
    long contact = deals.createContact(new NewContact("Тимур Тегов", TestPhones.unique(), null, null), Instant.now());
    return deals.createDeal(new NewDeal(funnel, contact, "SQL", null, null), Instant.now());
  }

  private boolean automatic(long deal, String tag) {
    return jdbc.queryForObject("SELECT automatic FROM deal_tag WHERE deal_id = ? AND tag = ?", Boolean.class, deal, tag);
  }

  @Test
  void theDefaultsFollowTheRegulationsTagsAdaptedToOurStages() {
    Map<String, List<String>> byStage = new HashMap<>();
    for (String code : List.of("NEW", "QUALIFIED", "NOT_REACHED", "TRIAL_SCHEDULED", "INVOICE_SENT", "CONTACTED", "COLD_CALL", "WON", "LOST")) {
      List<String> tags = List.copyOf(stageTags.tagsFor("course-sale", code));
      if (!tags.isEmpty()) {
        byStage.put(code, tags);
      }
    }
    assertThat(byStage)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "NOT_REACHED", List.of("Недозвон"),
                "TRIAL_SCHEDULED", List.of("Выслано_предложение"),
                "INVOICE_SENT", List.of("Выслано_предложение", "Согласована_оплата"),
                "CONTACTED", List.of("Выслано_предложение")));
  }

  /** Seed 000 §1.3: «Финальный_прозвон» is the automatic tag of the final-call column, not of every loss. */
  @Test
  void theFinalCallIsTaggedByItsTitle() {
    assertThat(stageTags.tagsFor("course-sale", "LOST", "Финальный прозвон")).containsExactly("Финальный_прозвон");
    assertThat(stageTags.tagsFor("course-sale", "LOST", "Закрыто не реализовано")).isEmpty();
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

  @Test
  void theProcessOwnerAddsATagForOneFunnelInTheTableWithoutAJavaChange() {
    repository.createDeployment().name("repeated offer").addClasspathResource("dmn-test/stage-tags-repeated-offer.dmn").deploy();
    try {
      // A new table applies within a minute of its deployment.
      ClockUtil.setCurrentTime(Date.from(Instant.now().plusSeconds(61)));
      long reanimation = deal("reanimation");
      long sale = deal("course-sale");

      stageTags.entered(reanimation, new Stage("CONTACTED", "Контакт произведен"), Instant.now());
      stageTags.entered(sale, new Stage("CONTACTED", "Контакт произведен"), Instant.now());

      assertThat(deals.tags(reanimation)).containsExactlyInAnyOrder("Выслано_предложение", "Повторное_предложение");
      assertThat(automatic(reanimation, "Повторное_предложение")).isTrue();
      assertThat(deals.tags(sale)).as("the new rule names the funnel «Реанимация» only").containsExactly("Выслано_предложение");
    } finally {
      repository.createDeployment().name("default stage tags").addClasspathResource("bpmn/stage-tags.dmn").deploy();
      ClockUtil.reset();
    }
    long after = deal("reanimation");
    stageTags.entered(after, new Stage("CONTACTED", "Контакт произведен"), Instant.now());
    assertThat(deals.tags(after)).as("the shipped table again").containsExactly("Выслано_предложение");
  }

  @Test
  void aManagerWhoMovesTheDealNeedsNoRightToTheTable() {
    long deal = deal("course-sale");
    identity.setAuthentication("manager1", List.of(SchoolGroup.MANAGERS.id()));
    try {
      stageTags.entered(deal, new Stage("NOT_REACHED", "Не дозвонились"), Instant.now());
    } finally {
      identity.clearAuthentication();
    }

    assertThat(deals.tags(deal)).containsExactly("Недозвон");
  }
}
