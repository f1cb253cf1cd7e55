package ru.onlineschool.funnels.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.onlineschool.funnels.deal.Stage;

/**
 * The order in which a funnel's stages are shown, left to right as on an amoCRM board. The
 * models set the stages; this list only orders them. A stage a process owner adds in Modeler
 * and that is missing here still appears in the reports, after the known ones.
 */
final class FunnelStages {

  static final String WON = "WON";
  static final String LOST = "LOST";

  private static final Map<String, List<Stage>> ORDER =
      Map.of(
          "course-sale",
          List.of(
              new Stage("NEW", "Новая заявка"),
              new Stage("ACCEPTED", "Принято в работу"),
              new Stage("NOT_REACHED", "Не дозвонились"),
              new Stage("CHAT", "Ведётся переписка"),
              new Stage("QUALIFIED", "Квалифицирован"),
              new Stage("TRIAL_SCHEDULED", "Назначен пробный урок"),
              new Stage("TRIAL_HELD", "Пробный урок проведен"),
              new Stage("INVOICE_SENT", "Счет выставлен"),
              new Stage(WON, "Успешно реализовано"),
              new Stage(LOST, "Закрыто не реализовано")),
          "course-delivery",
          List.of(
              new Stage("SCHEDULED", "Начало курса назначено"),
              new Stage("NOTIFIED", "Уведомление и материалы направлены"),
              new Stage("IN_PROGRESS", "Прохождение курса"),
              new Stage("FINISHED", "Курс пройден"),
              new Stage("CERT_SENT", "Сертификат отправлен"),
              new Stage(WON, "Успешно реализовано"),
              new Stage(LOST, "Закрыто не реализовано")),
          "reanimation",
          List.of(
              new Stage("COLD_CALL", "Холодный звонок"),
              new Stage("NOT_REACHED", "Не дозвонились"),
              new Stage("CONTACTED", "Контакт произведен"),
              new Stage("NEED_IDENTIFIED", "Выявлена потребность"),
              new Stage(LOST, "Закрыто и не реализовано")));

  private FunnelStages() {}

  /** The funnel's stages in board order, followed by any other codes found in the data. */
  static List<Stage> ordered(String funnel, Map<String, String> seenTitles) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (Stage stage : ORDER.getOrDefault(funnel, List.of())) {
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
