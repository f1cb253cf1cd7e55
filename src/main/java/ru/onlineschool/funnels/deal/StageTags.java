package ru.onlineschool.funnels.deal;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The automatic tags that follow a deal's stage (SPEC «Tags»): entering any stage removes
 * «подвисла», which the process «Контроль подвисших сделок» sets. Manual tags are never touched.
 */
@Component
public class StageTags {

  /** A deal longer than its funnel's threshold in one stage. */
  public static final String STALLED = "подвисла";

  private final DealStore deals;

  public StageTags(DealStore deals) {
    this.deals = deals;
  }

  /** Called by {@link StageRecorder} when a deal enters a new stage. */
  void entered(long dealId, Stage stage, Instant at) {
    deals.removeTag(dealId, STALLED);
  }
}
