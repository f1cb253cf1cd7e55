package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import ru.onlineschool.funnels.api.ApiRequest;

/** Who attended, as the webinar platform reports it: each by phone, e-mail or deal number. */
@Schema(name = "Посещаемость вебинара")
public record AttendanceRequest(
    @ArraySchema(arraySchema = @Schema(description = "Участники, до 5000; у каждого phone, email или dealId", requiredMode = Schema.RequiredMode.REQUIRED))
        List<Attendee> attended)
    implements ApiRequest {

  /** One attendee; the first of dealId, phone, email that is given identifies the registration. */
  @Schema(name = "Участник вебинара")
  public record Attendee(
      @Schema(description = "Номер сделки из ответа на регистрацию", example = "42") Long dealId,
      @Schema(description = "Телефон", example = "+79161234567") String phone,
      @Schema(description = "E-mail", example = "anna@example.ru") String email) {}
}
