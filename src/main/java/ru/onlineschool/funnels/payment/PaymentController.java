package ru.onlineschool.funnels.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/** {@code POST /api/payments}: the payment provider's webhook. */
@SchoolApi
@RestController
@Tag(name = "Оплаты", description = "Подтверждение оплаты от платёжного сервиса")
public class PaymentController {

  private final PaymentIntake intake;
  private final IdempotentRequests idempotency;

  public PaymentController(PaymentIntake intake, IdempotentRequests idempotency) {
    this.intake = intake;
    this.idempotency = idempotency;
  }

  @Operation(
      operationId = "acceptPayment",
      summary = "Подтвердить оплату",
      description =
          """
          Учитывает платёж по сделке, которая ждёт оплату на этапе «Счет выставлен»: всю сумму \
          или её часть (рассрочка, предоплата). Платежи по сделке вместе не могут превысить бюджет \
          счёта; принимаются только рубли. Выиграна ли сделка, решает таблица «Когда сделка \
          оплачена» в модели (по умолчанию — когда оплачен весь бюджет); до тех пор сделка остаётся \
          на этапе «Счет выставлен», в ответе — «оплачено X из Y ₽». Повтор с тем же номером платежа \
          и той же суммой ничего не меняет и возвращает первый ответ с кодом 200. Как заявки, \
          принимает и заголовок Idempotency-Key: повтор запроса с ним вернёт первый ответ с тем же \
          кодом и заголовком Idempotent-Replayed.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY),
      responses = {
        @ApiResponse(responseCode = "201", description = "Оплата учтена", content = @Content(mediaType = "application/json", schema = @Schema(implementation = PaymentAccepted.class))),
        @ApiResponse(responseCode = "200", description = "Этот платёж уже был учтён", content = @Content(mediaType = "application/json", schema = @Schema(implementation = PaymentAccepted.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors), в том числе валюта не рубли", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нет ключа API или он неверный", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Платёж больше остатка по счёту (поле amount в errors); ничего не учтено", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "409", description = "Сделка не ожидает оплату, или платёж с этим номером учтён по другой сделке или с другой суммой", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Idempotency-Key уже использован с другим запросом", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/payments", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> accept(
      @Valid @RequestBody PaymentRequest request,
      @Parameter(description = "Ключ идемпотентности, до 100 символов: повтор запроса с ним вернёт первый ответ")
          @RequestHeader(value = IdempotentRequests.HEADER, required = false)
          String idempotencyKey) {
    String key = IdempotentRequests.key(idempotencyKey);
    return intake.accept(request.normalised(), key, idempotency.fingerprint(key, "POST /api/payments", request)).toResponse();
  }
}
