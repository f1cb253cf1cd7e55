package ru.onlineschool.funnels.deal.client;

import io.swagger.v3.oas.annotations.media.Schema;

/** The deal's company, if any, and whether the caller may change it. */
@Schema(name = "DealCompany", description = "Компания-плательщик по сделке")
public record DealCompany(
    @Schema(description = "Номер сделки") long dealId,
    @Schema(description = "Компания; пусто, если сделку оплачивает сам клиент") Company company,
    @Schema(description = "Может ли вызывающий привязать, изменить или отвязать компанию") boolean mayEdit) {}
