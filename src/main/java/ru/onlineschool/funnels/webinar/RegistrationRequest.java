package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;
import ru.onlineschool.funnels.lead.ClientContact;
import ru.onlineschool.funnels.lead.EmailAddress;
import ru.onlineschool.funnels.lead.Phone;
import ru.onlineschool.funnels.lead.PhoneOrEmail;

/** A registration as the webinar platform or the landing page sends it; the annotations are the rules. */
@PhoneOrEmail
@Schema(name = "WebinarRegistration", title = "Регистрация на вебинар", description = "Нужны имя, хотя бы одно из полей phone или email, название, начало и длительность вебинара.")
public record RegistrationRequest(
    @Schema(description = "Имя клиента", example = "Анна Иванова")
        @NotBlank @Size(max = ClientContact.NAME_MAX) @NoControlCharacters @StoredIn("contact.name")
        String name,
    @Schema(description = "Телефон в любом привычном виде", example = "8 916 123-45-67") @NoControlCharacters @Phone String phone,
    @Schema(description = "Адрес e-mail", example = "anna@example.ru")
        @Size(max = ClientContact.EMAIL_MAX) @NoControlCharacters @EmailAddress @StoredIn("contact.email")
        String email,
    @Schema(description = "Название вебинара", example = "Как войти в IT в 2026 году")
        @NotBlank @Size(max = 300) @NoControlCharacters @StoredIn("webinar.title")
        String webinarTitle,
    @Schema(description = "Начало, ISO-8601 со смещением; смещение — часовой пояс клиента для писем", example = "2026-12-03T19:00:00+03:00")
        @NotBlank @DateTimeWithOffset
        String startsAt,
    @Schema(description = "Длительность в минутах", example = "90")
        @NotNull @Min(value = 1, message = "{webinar.durationMinutes}") @Max(value = 720, message = "{webinar.durationMinutes}")
        Integer durationMinutes,
    // Both letter cases spelt out rather than (?i): the pattern is OpenAPI's too, and JavaScript has no inline flags.
    @Schema(description = "Ссылка на трансляцию, http(s)", example = "https://webinar.example/it-2026")
        @Size(max = 1000) @NoControlCharacters @Pattern(regexp = "\\s*|\\s*[Hh][Tt][Tt][Pp][Ss]?://\\S+\\s*", message = "{webinar.link}") @StoredIn("webinar.link")
        String link)
    implements ApiRequest, PhoneOrEmail.Contact {}
