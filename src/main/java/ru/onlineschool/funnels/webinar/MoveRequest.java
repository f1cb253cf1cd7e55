package ru.onlineschool.funnels.webinar;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import ru.onlineschool.funnels.api.ApiRequest;

/** A webinar's new start. */
@Schema(name = "WebinarMove", title = "Перенос вебинара")
public record MoveRequest(
    @Schema(description = "Новое начало, ISO-8601 со смещением", example = "2026-12-04T19:00:00+03:00") @NotBlank @DateTimeWithOffset
        String startsAt)
    implements ApiRequest {}
