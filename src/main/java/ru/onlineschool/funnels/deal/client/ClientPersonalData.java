package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;

/** The client's personal data as the caller may see it: the passport only as a mask. */
@Schema(name = "ClientPersonalData", description = "Личные данные клиента сделки; паспорт — только маской, целиком — отдельным запросом")
public record ClientPersonalData(
    @Schema(description = "Номер клиента (контакта)") long contactId,
    @Schema(description = "День рождения, ГГГГ-ММ-ДД", example = "1999-11-10") String birthday,
    @Schema(description = "День рождения словами", example = "10.11.1999") String birthdayText,
    @Schema(description = "Пол: MALE или FEMALE", example = "FEMALE") String gender,
    @Schema(description = "Пол словами", example = "Жен.") String genderTitle,
    @Schema(description = "Есть ли паспортные данные") boolean passportOnFile,
    @Schema(
            description =
                "Паспорт маской: последние четыре цифры номера видит тот, кому паспорт доступен («•••• ••3552»), остальные — одни точки;"
                    + " пусто, если паспорта нет",
            example = "•••• ••3552")
        String passportMasked,
    @Schema(description = "Может ли вызывающий открыть паспорт целиком") boolean mayViewPassport,
    @Schema(description = "Может ли вызывающий менять личные данные клиента и компанию сделки") boolean mayEdit) {}
