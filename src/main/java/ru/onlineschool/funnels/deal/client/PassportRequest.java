package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;

/**
 * The client's passport, all five fields of seed 003 at once. The values are personal data under
 * 152-ФЗ: the messages below never repeat what was sent, and nothing here is logged.
 */
@Schema(name = "PassportRequest", description = "Паспорт клиента (РФ): серия, номер, дата выдачи, кем выдан, код подразделения")
public record PassportRequest(
    @Schema(description = "Серия паспорта, 4 цифры", example = "4562") @NotBlank @Pattern(regexp = "\\s*\\d{4}\\s*", message = "{client.passport.series}")
        String series,
    @Schema(description = "Номер паспорта, 6 цифр", example = "183552") @NotBlank @Pattern(regexp = "\\s*\\d{6}\\s*", message = "{client.passport.number}")
        String number,
    @Schema(description = "Дата выдачи, ГГГГ-ММ-ДД; не позже сегодняшнего дня", example = "2021-11-12")
        @NotBlank
        @CalendarDate(earliest = "1997-10-01", earliestMessage = "{client.passport.issuedOn.earliest}", futureMessage = "{client.passport.issuedOn.future}")
        String issuedOn,
    @Schema(description = "Кем выдан", example = "МВД по г. Москва")
        @NotBlank @Size(max = 200) @NoControlCharacters @StoredIn("contact_personal_data.passport_issued_by")
        String issuedBy,
    @Schema(description = "Код подразделения, NNN-NNN", example = "340-234")
        @NotBlank @Pattern(regexp = "\\s*\\d{3}-\\d{3}\\s*", message = "{client.passport.divisionCode}")
        String divisionCode)
    implements ApiRequest {}
