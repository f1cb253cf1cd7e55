package ru.onlineschool.funnels.deal;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Automatic tags by stage code ({@code school.stage-tags.*}, seed 000 §1.3 adapted to our stages):
 * a deal entering a stage gets its tags, in any funnel that has a stage with that code. Tags stay
 * when the deal moves on: they tell where it has been, as in amoCRM.
 */
@ConfigurationProperties(prefix = "school.stage-tags")
public record StageTagProperties(Map<String, List<String>> byStage) {

  public StageTagProperties {
    byStage = byStage == null ? Map.of() : Map.copyOf(byStage);
  }

  List<String> tagsFor(String stageCode) {
    return byStage.getOrDefault(stageCode, List.of());
  }
}
