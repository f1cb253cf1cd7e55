package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;

/** The full passport: only for the deal's responsible, the heads of sales and administrators. */
@Schema(name = "Passport", description = "Паспорт клиента целиком (персональные данные, 152-ФЗ)")
public record Passport(
    @Schema(description = "Серия", example = "4562") String series,
    @Schema(description = "Номер", example = "183552") String number,
    @Schema(description = "Дата выдачи, ГГГГ-ММ-ДД", example = "2021-11-12") String issuedOn,
    @Schema(description = "Дата выдачи словами", example = "12.11.2021") String issuedOnText,
    @Schema(description = "Кем выдан", example = "МВД по г. Москва") String issuedBy,
    @Schema(description = "Код подразделения", example = "340-234") String divisionCode) {}
