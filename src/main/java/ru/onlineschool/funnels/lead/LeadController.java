package ru.onlineschool.funnels.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/** {@code POST /api/leads}: website forms and the call centre hand in new leads. */
@SchoolApi
@RestController
@Tag(name = "Заявки", description = "Приём заявок с сайта и из колл-центра")
public class LeadController {


  private final LeadIntake intake;
  private final IdempotentRequests idempotency;

  public LeadController(LeadIntake intake, IdempotentRequests idempotency) {
    this.intake = intake;
    this.idempotency = idempotency;
  }

  @Operation(
      operationId = "acceptLead",
      summary = "Принять заявку",
      description =
          """
          Создаёт сделку в воронке «Продажа курса» и запускает её процесс: проверка дублей, \
          распределение на менеджера, задача «Обработать заявку».

          Телефон приводится к виду E.164 (`8 916 123-45-67` → `+79161234567`), e-mail — к нижнему \
          регистру. Если у клиента уже есть открытая сделка, новая закрывается как «Дубль» и \
          связывается с ней (`duplicateOf`). Если прошлая сделка закрыта — новая связывается с ней, \
          тип заявки «Вернувшиеся».

          С заголовком `Idempotency-Key` повтор того же запроса возвращает первый ответ и ничего \
          не создаёт.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY),
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Сделка создана",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LeadAccepted.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях заявки (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нет ключа API или он неверный", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "413", description = "Тело запроса больше 64 КБ", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "415", description = "Тело запроса не в формате JSON", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Idempotency-Key уже использован с другим запросом", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/leads", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> accept(
      @Valid @RequestBody LeadRequest request,
      @Parameter(description = "Ключ идемпотентности, до 100 символов: повтор запроса с ним вернёт первый ответ")
          @RequestHeader(value = IdempotentRequests.HEADER, required = false)
          String idempotencyKey) {
    String key = IdempotentRequests.key(idempotencyKey);
    return intake.accept(ValidLead.of(request), key, idempotency.fingerprint(key, "POST /api/leads", request)).toResponse();
  }
}
