package ru.onlineschool.funnels.webinar;

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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/** The webinar platform's API: registrations, attendance, a moved webinar (key in X-Api-Key). */
@SchoolApi
@RestController
@Tag(name = "Вебинары", description = "Регистрации, посещаемость и перенос вебинаров — воронка «Вебинар»")
public class WebinarController {

  private final WebinarRegistrations registrations;
  private final IdempotentRequests idempotency;

  public WebinarController(WebinarRegistrations registrations, IdempotentRequests idempotency) {
    this.registrations = registrations;
    this.idempotency = idempotency;
  }

  @Operation(
      summary = "Зарегистрировать на вебинар",
      description =
          """
          Создаёт сделку воронки «Вебинар» и запускает её процесс: письмо с подтверждением и приглашением, \
          прогрев сразу и через день, напоминания за сутки и за 4 часа до начала (те, что уже прошли, \
          пропускаются). Первая регистрация заводит вебинар; его время дальше меняет только PATCH. \
          Повторная регистрация того же клиента возвращает его сделку (200). Idempotency-Key — как у заявок.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY),
      responses = {
        @ApiResponse(responseCode = "201", description = "Сделка создана", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebinarAnswers.Registered.class))),
        @ApiResponse(responseCode = "200", description = "Клиент уже зарегистрирован", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebinarAnswers.Registered.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нет ключа API или он неверный", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Idempotency-Key уже использован с другим запросом", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/webinars/{webinarId}/registrations", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> register(
      @Parameter(description = "Идентификатор вебинара на платформе", example = "it-2026-12") @PathVariable String webinarId,
      @Valid @RequestBody RegistrationRequest request,
      @Parameter(description = "Ключ идемпотентности, до 100 символов") @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    String id = WebinarRequests.webinarId(webinarId);
    String key = IdempotentRequests.key(idempotencyKey);
    WebinarRequests.ValidRegistration registration = WebinarRequests.registration(request);
    return registrations.register(id, registration, key, idempotency.fingerprint(key, "POST registrations " + id, request)).toResponse();
  }

  @Operation(
      summary = "Передать посещаемость",
      description =
          """
          Отмечает участников по номеру сделки, телефону или e-mail. Посетившие переходят на этап \
          «Посетил вебинар»: письмо с предложением и задача менеджеру «Позвонить участнику вебинара». \
          Кто не отмечен до конца вебинара плюс запас (school.webinar.attendance-grace), получает \
          запись и закрывается с причиной «Не пришел на вебинар». В notMatched — номера записей, \
          для которых регистрации нет или решение уже принято.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY),
      responses = {
        @ApiResponse(responseCode = "200", description = "Принято", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebinarAnswers.AttendanceAccepted.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Вебинар не найден", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/webinars/{webinarId}/attendance", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> attendance(
      @PathVariable String webinarId,
      @Valid @RequestBody AttendanceRequest request,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    String id = WebinarRequests.webinarId(webinarId);
    String key = IdempotentRequests.key(idempotencyKey);
    var attendees = WebinarRequests.attendees(request);
    return registrations.attendance(id, attendees, key, idempotency.fingerprint(key, "POST attendance " + id, request)).toResponse();
  }

  @Operation(
      summary = "Перенести вебинар",
      description = "Новое время начала. Напоминания всех открытых регистраций пересчитываются: уже прошедшие пропускаются.",
      security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY),
      responses = {
        @ApiResponse(responseCode = "200", description = "Перенесён", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebinarAnswers.Moved.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Вебинар не найден", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PatchMapping(value = "/api/webinars/{webinarId}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public WebinarAnswers.Moved move(@PathVariable String webinarId, @Valid @RequestBody MoveRequest request) {
    String id = WebinarRequests.webinarId(webinarId);
    return registrations.move(id, WebinarRequests.move(request));
  }
}
