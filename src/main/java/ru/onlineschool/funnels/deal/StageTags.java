package ru.onlineschool.funnels.deal;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The automatic tags that follow a deal's stage (SPEC «Tags»): entering any stage removes
 * «подвисла» (set by the process «Контроль подвисших сделок») and adds the stage's own tags from
 * {@link StageTagProperties}. Manual tags are never touched, and a tag the deal already has keeps
 * its origin.
 */
@Component
public class StageTags {

  /** A deal longer than its funnel's threshold in one stage. */
  public static final String STALLED = "подвисла";

  private final DealStore deals;
  private final StageTagProperties properties;

  public StageTags(DealStore deals, StageTagProperties properties) {
    this.deals = deals;
    this.properties = properties;
  }

  /** Called by {@link StageRecorder} when a deal enters a new stage. */
  void entered(long dealId, Stage stage, Instant at) {
    deals.removeTag(dealId, STALLED);
    for (String tag : properties.tagsFor(stage.code())) {
      deals.addTag(dealId, tag, true, at);
    }
  }
}
