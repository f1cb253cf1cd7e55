package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import ru.onlineschool.funnels.deal.Stage;

/** The deal and its stage after the payment was taken into account. */
@Schema(name = "ОплатаПринята")
public record PaymentAccepted(@Schema(description = "Номер сделки") long dealId, @Schema(description = "Текущий этап сделки") Stage stage) {}
