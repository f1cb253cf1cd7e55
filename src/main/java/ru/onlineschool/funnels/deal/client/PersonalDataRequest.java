package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import ru.onlineschool.funnels.api.ApiRequest;

/** The client's birthday and gender (seed 003); an absent field is cleared. The passport has its own address. */
@Schema(name = "PersonalDataRequest", description = "День рождения и пол клиента; поле, которого нет в запросе, очищается")
public record PersonalDataRequest(
    @Schema(description = "День рождения, ГГГГ-ММ-ДД: не в будущем и не раньше 1900 года", example = "1999-11-10")
        @CalendarDate(futureMessage = "{client.birthday.future}", earliestMessage = "{client.birthday.earliest}")
        String birthday,
    @Schema(description = "Пол: MALE — муж., FEMALE — жен.", example = "FEMALE", allowableValues = {"MALE", "FEMALE"})
        @Pattern(regexp = "\\s*(MALE|FEMALE)\\s*", message = "{client.gender}")
        String gender)
    implements ApiRequest {}
