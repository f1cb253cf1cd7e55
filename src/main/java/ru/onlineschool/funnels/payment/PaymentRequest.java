package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import ru.onlineschool.funnels.api.ApiRequest;

/** The payment provider's confirmation that an invoice was paid. */
@Schema(name = "Оплата", description = "Подтверждение оплаты счёта по сделке")
public record PaymentRequest(
    @Schema(description = "Номер сделки", example = "42", requiredMode = Schema.RequiredMode.REQUIRED) Long dealId,
    @Schema(description = "Сумма в рублях, больше нуля, не больше двух знаков после запятой", example = "15000.00", requiredMode = Schema.RequiredMode.REQUIRED)
        BigDecimal amount,
    @Schema(description = "Номер платежа у платёжного сервиса, до 100 символов; повтор с тем же номером ничего не меняет", example = "pay-2026-000123", requiredMode = Schema.RequiredMode.REQUIRED)
        String reference)
    implements ApiRequest {}
