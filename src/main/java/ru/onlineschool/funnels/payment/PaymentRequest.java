package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.DecimalPlaces;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.deal.DealPayments;

/**
 * The payment provider's confirmation that an invoice was paid, in full or in part. The
 * annotations are the rules (the manager's confirmation in the task list checks its amount and
 * number against the same ones, see {@link ManualPaymentConfirmation}).
 */
@Schema(name = "PaymentRequest", title = "Оплата", description = "Подтверждение оплаты счёта по сделке: всей суммы или её части (рассрочка, предоплата)")
public record PaymentRequest(
    @Schema(description = "Номер сделки", example = "42") @NotNull @Min(value = 1, message = "{payment.dealId.min}") Long dealId,
    @Schema(
            description = "Сумма платежа в рублях, не больше двух знаков после запятой; вместе с прежними платежами не больше бюджета счёта",
            example = "15000.00")
        @NotNull
        @DecimalMin(value = "0", inclusive = false, message = "{payment.amount.positive}")
        @DecimalPlaces(max = 2, message = "{payment.amount.cents}")
        @DecimalMax(value = "9999999999.99", message = "{payment.amount.max}")
        BigDecimal amount,
    @Schema(description = "Номер платежа у платёжного сервиса; повтор с тем же номером ничего не меняет", example = "pay-2026-000123")
        @NotBlank @Size(max = PaymentRequest.REFERENCE_MAX) @NoControlCharacters @StoredIn("payment.reference")
        String reference,
    @Schema(description = "Валюта платежа; принимаются только рубли", example = "RUB", defaultValue = "RUB", allowableValues = "RUB")
        @Pattern(regexp = "\\s*[Rr][Uu][Bb]\\s*", message = "{payment.currency}")
        String currency)
    implements ApiRequest {

  /** {@code payment.reference}; the manager's confirmation has the same limit. */
  static final int REFERENCE_MAX = 100;

  /** The stored form of a checked request: kopecks always shown, the reference trimmed, roubles. */
  PaymentRequest normalised() {
    return new PaymentRequest(dealId, amount.setScale(2, RoundingMode.UNNECESSARY), TextRules.stripped(reference), DealPayments.ROUBLES);
  }
}
