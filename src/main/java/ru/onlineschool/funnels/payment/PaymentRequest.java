package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import ru.onlineschool.funnels.api.ApiRequest;

/** The payment provider's confirmation that an invoice was paid, in full or in part. */
@Schema(name = "Оплата", description = "Подтверждение оплаты счёта по сделке: всей суммы или её части (рассрочка, предоплата)")
public record PaymentRequest(
    @Schema(description = "Номер сделки", example = "42", requiredMode = Schema.RequiredMode.REQUIRED) Long dealId,
    @Schema(
            description = "Сумма платежа в рублях, больше нуля, не больше двух знаков после запятой; вместе с прежними платежами не больше бюджета счёта",
            example = "15000.00",
            requiredMode = Schema.RequiredMode.REQUIRED)
        BigDecimal amount,
    @Schema(description = "Номер платежа у платёжного сервиса, до 100 символов; повтор с тем же номером ничего не меняет", example = "pay-2026-000123", requiredMode = Schema.RequiredMode.REQUIRED)
        String reference,
    @Schema(description = "Валюта платежа; принимаются только рубли", example = "RUB", defaultValue = "RUB", allowableValues = "RUB")
        String currency)
    implements ApiRequest {}
