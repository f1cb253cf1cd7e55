package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.lead.ClientContact;
import ru.onlineschool.funnels.lead.EmailAddress;
import ru.onlineschool.funnels.lead.Phone;

/** Who attended, as the webinar platform reports it: each by phone, e-mail or deal number. */
@Schema(name = "WebinarAttendance", title = "Посещаемость вебинара")
public record AttendanceRequest(
    @ArraySchema(arraySchema = @Schema(description = "Участники; у каждого phone, email или dealId"))
        @NotNull @Size(max = 5000, message = "{webinar.attended.size}")
        List<@IdentifiedAttendee @Valid Attendee> attended)
    implements ApiRequest {

  /** One attendee; the first of dealId, phone, email that is given identifies the registration. */
  @Schema(name = "WebinarParticipant", title = "Участник вебинара")
  public record Attendee(
      @Schema(description = "Номер сделки из ответа на регистрацию", example = "42") Long dealId,
      @Schema(description = "Телефон", example = "+79161234567") @NoControlCharacters @Phone String phone,
      @Schema(description = "E-mail", example = "anna@example.ru") @Size(max = ClientContact.EMAIL_MAX) @NoControlCharacters @EmailAddress String email) {}
}
