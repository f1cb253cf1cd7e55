package ru.onlineschool.funnels.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.engine.ModelStages;

/**
 * The order in which a funnel's stages are shown, left to right as on an amoCRM board: the
 * stages of the funnel's deployed model in the model's order ({@link ModelStages}), then codes
 * found in the data that the latest model no longer has (deals still standing at a removed stage).
 */
@Component
class FunnelStages {

  static final String WON = ModelStages.WON;
  static final String LOST = ModelStages.LOST;

  private final ModelStages models;

  FunnelStages(ModelStages models) {
    this.models = models;
  }

  /** The funnel's stages in board order, followed by any other codes found in the data. */
  List<Stage> ordered(String funnel, Map<String, String> seenTitles) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (Stage stage : models.of(funnel)) {
      stages.put(stage.code(), stage);
    }
    List<String> extra = new ArrayList<>(seenTitles.keySet());
    extra.removeIf(stages::containsKey);
    extra.sort(null);
    for (String code : extra) {
      stages.put(code, new Stage(code, seenTitles.get(code) == null ? code : seenTitles.get(code)));
    }
    return List.copyOf(stages.values());
  }

  static boolean isFinal(String code) {
    return WON.equals(code) || LOST.equals(code);
  }
}
