package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import ru.onlineschool.funnels.deal.Stage;

/** Answers of the webinar API. */
public final class WebinarAnswers {

  private WebinarAnswers() {}

  @Schema(name = "WebinarRegistrationAccepted", title = "Регистрация принята")
  public record Registered(
      @Schema(description = "Номер сделки воронки «Вебинар»", example = "42") long dealId,
      @Schema(description = "Воронка", example = "webinar") String funnel,
      @Schema(description = "Вебинар", example = "it-2026-12") String webinarId,
      @Schema(description = "Этап сделки") Stage stage,
      @Schema(description = "true, если клиент уже был зарегистрирован: возвращена его сделка") boolean alreadyRegistered) {}

  @Schema(name = "WebinarAttendanceAccepted", title = "Посещаемость принята")
  public record AttendanceAccepted(
      @Schema(description = "Вебинар") String webinarId,
      @Schema(description = "Сделки участников, отмеченные как посетившие") List<Long> attended,
      @Schema(description = "Номера записей attended (с 0), по которым регистрация не найдена или решение уже принято") List<Integer> notMatched) {}

  @Schema(name = "WebinarMoved", title = "Вебинар перенесён")
  public record Moved(
      @Schema(description = "Вебинар") String webinarId,
      @Schema(description = "Новое начало") String startsAt,
      @Schema(description = "Сколько открытых сделок участников пересчитали напоминания") int registrations) {}
}
