package ru.onlineschool.funnels.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * How {@code /v3/api-docs} describes every error of our API: the body {@link ProblemDetails} and
 * {@link Problems} write (RFC 9457 with the {@code errors} array), not Spring's {@code
 * ProblemDetail} class, whose {@code properties} map is written flat into the body and would be
 * documented as a nested object. Never instantiated; {@link OpenApiConfiguration} puts it in place
 * of {@code ProblemDetail}.
 */
@Schema(name = "Problem", title = "Ошибка", description = "Ошибка в формате application/problem+json (RFC 9457), тексты на русском языке.")
public record ProblemSchema(
    @Schema(description = "Вид ошибки; у наших ошибок about:blank", example = "about:blank") String type,
    @Schema(description = "Что случилось, коротко", example = "Некорректный запрос") String title,
    @Schema(description = "HTTP-код ответа", example = "400") int status,
    @Schema(description = "Что случилось и что делать", example = "Исправьте поля, перечисленные в errors.") String detail,
    @Schema(description = "Адрес запроса", example = "/api/leads") String instance,
    @ArraySchema(arraySchema = @Schema(description = "Ошибки в полях: только у ошибок проверки данных")) List<FieldError> errors) {

  @Schema(name = "FieldProblem", title = "Ошибка в поле")
  public record FieldError(
      @Schema(description = "Поле, как в JSON запроса", example = "phone") String field,
      @Schema(description = "Что не так", example = "Телефон в неверном формате") String message) {}
}
