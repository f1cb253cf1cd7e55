package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.Schema;
import ru.onlineschool.funnels.api.ApiRequest;

/** A registration as the webinar platform or the landing page sends it. */
@Schema(name = "Регистрация на вебинар", description = "Нужны имя, хотя бы одно из полей phone или email, название, начало и длительность вебинара.")
public record RegistrationRequest(
    @Schema(description = "Имя клиента, до 200 символов", example = "Анна Иванова", requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(description = "Телефон в любом привычном виде", example = "8 916 123-45-67") String phone,
    @Schema(description = "Адрес e-mail", example = "anna@example.ru") String email,
    @Schema(description = "Название вебинара, до 300 символов", example = "Как войти в IT в 2026 году", requiredMode = Schema.RequiredMode.REQUIRED)
        String webinarTitle,
    @Schema(description = "Начало, ISO-8601 со смещением; смещение — часовой пояс клиента для писем", example = "2026-12-03T19:00:00+03:00",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String startsAt,
    @Schema(description = "Длительность в минутах, 1–720", example = "90", requiredMode = Schema.RequiredMode.REQUIRED) Integer durationMinutes,
    @Schema(description = "Ссылка на трансляцию, http(s), до 1000 символов", example = "https://webinar.example/it-2026") String link)
    implements ApiRequest {}
