package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import ru.onlineschool.funnels.deal.Stage;

/** The deal right after the payment was taken into account. */
@Schema(name = "PaymentAccepted", title = "Оплата принята")
public record PaymentAccepted(
    @Schema(description = "Номер сделки") long dealId,
    @Schema(description = "Этап сделки после платежа: «Счет выставлен», пока счёт оплачен не полностью") Stage stage,
    @Schema(description = "Оплачено по сделке с этим платежом, ₽", example = "20000.00") BigDecimal paid,
    @Schema(description = "Бюджет счёта, ₽", example = "64900.00") BigDecimal budget,
    @Schema(description = "То же словами", example = "оплачено 20 000 ₽ из 64 900 ₽") String paymentStatus) {}
