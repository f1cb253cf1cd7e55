package ru.onlineschool.funnels.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An answer other than success that the client has to act on; {@link ProblemDetails} turns it into
 * {@code application/problem+json}. Title and detail are shown to people, so they are Russian.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final List<FieldProblem> errors;

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public ApiException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  /** 400 with the list of bad fields. */
  public static ApiException invalid(List<FieldProblem> errors) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "Некорректный запрос", "Исправьте поля, перечисленные в errors.", errors);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, "Не найдено", detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "Доступ запрещён", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "Конфликт", detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldProblem> errors() {
    return errors;
  }
}
