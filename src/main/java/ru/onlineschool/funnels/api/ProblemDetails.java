package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of our {@code /api} as {@code application/problem+json} in Russian: which field
 * is wrong and why, never a stack trace, and bad input never as 5xx. Limited to controllers
 * marked {@link SchoolApi}, so Camunda's webapps keep their own error pages.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(annotations = SchoolApi.class)
public class ProblemDetails {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

  /**
   * Whole numbers in addresses and query parameters only in decimal digits: Spring's default also
   * reads {@code 0x10} or {@code #10} as 16, so {@code /api/deals/0x10} opened deal 16.
   */
  @InitBinder
  void strictWholeNumbers(WebDataBinder binder) {
    binder.registerCustomEditor(long.class, new DecimalLongEditor());
    binder.registerCustomEditor(Long.class, new DecimalLongEditor());
  }

  static final class DecimalLongEditor extends java.beans.PropertyEditorSupport {
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?[0-9]{1,19}");

    @Override
    public void setAsText(String text) {
      if (text == null || !DECIMAL.matcher(text).matches()) {
        throw new IllegalArgumentException("not a decimal whole number");
      }
      setValue(Long.valueOf(text));
    }
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return problem(e.status(), e.title(), e.getMessage(), e.errors());
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
    return tooLarge();
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof BodyTooLargeException) {
        return tooLarge();
      }
      if (cause instanceof StrictJson.NotUtf8Exception) {
        return badBody("Тело запроса — не UTF-8: передавайте JSON в кодировке UTF-8.");
      }
      if (cause instanceof UnrecognizedPropertyException unknown) {
        return invalid(List.of(new FieldProblem(path(unknown), "Неизвестное поле")));
      }
      if (cause instanceof JsonParseException || cause instanceof JsonEOFException) {
        return badBody("Тело запроса — некорректный JSON.");
      }
      if (cause instanceof MismatchedInputException mismatch) {
        if (mismatch.getPath().isEmpty()) {
          return badBody("Тело запроса должно быть JSON-объектом.");
        }
        return invalid(List.of(new FieldProblem(path(mismatch), expected(mismatch.getTargetType()))));
      }
    }
    return badBody("Тело запроса пустое или не читается: ожидается JSON-объект.");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Неподдерживаемый формат",
        "Передайте тело запроса в формате JSON с заголовком Content-Type: application/json.",
        List.of());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return problem(HttpStatus.NOT_ACCEPTABLE, "Неподдерживаемый формат ответа", "API отвечает только в формате JSON.", List.of());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return problem(HttpStatus.METHOD_NOT_ALLOWED, "Метод не поддерживается", "Этот адрес не принимает метод " + e.getMethod() + ".", List.of());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> argumentType(MethodArgumentTypeMismatchException e) {
    return invalid(List.of(new FieldProblem(e.getName(), expected(e.getRequiredType()))));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
    return invalid(List.of(new FieldProblem(e.getHeaderName(), TextRules.REQUIRED)));
  }

  /**
   * Bean Validation of a {@code @Valid} request body: every bad field at once, one Russian message
   * each (from {@code ValidationMessages.properties}), named as in the JSON. Runs before the
   * controller, so nothing is written for a bad request.
   */
  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> notValid(MethodArgumentNotValidException e) {
    List<ConstraintViolation<?>> violations = new ArrayList<>();
    List<FieldProblem> others = new ArrayList<>();
    for (ObjectError error : e.getBindingResult().getAllErrors()) {
      if (error.contains(ConstraintViolation.class)) {
        violations.add(error.unwrap(ConstraintViolation.class));
      } else {
        others.add(new FieldProblem(error instanceof FieldError f ? f.getField() : error.getObjectName(), error.getDefaultMessage()));
      }
    }
    List<FieldProblem> errors = new ArrayList<>(RequestViolations.problems(violations));
    errors.addAll(others);
    return invalid(errors);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> notValid(HandlerMethodValidationException e) {
    List<FieldProblem> errors = new ArrayList<>();
    for (ParameterValidationResult result : e.getParameterValidationResults()) {
      String name = result.getMethodParameter().getParameterName();
      result.getResolvableErrors().forEach(error -> errors.add(new FieldProblem(name, error.getDefaultMessage())));
    }
    return invalid(errors);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (DatabaseUnavailable.causedBy(e)) {
      return databaseUnavailable(e);
    }
    log.error("Необработанная ошибка API", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Внутренняя ошибка",
        "Запрос не выполнен из-за ошибки на сервере. Повторите позже; если ошибка повторяется, сообщите администратору.",
        List.of());
  }

  /** The database is away (issue 9): 503 with Retry-After, logged without the stack trace. */
  private static ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
    log.warn("База данных недоступна, запрос получил 503: {}", e.toString());
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL);
    body.setTitle(DatabaseUnavailable.TITLE);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
        .contentType(PROBLEM)
        .body(body);
  }

  private static ResponseEntity<ProblemDetail> tooLarge() {
    return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Слишком большой запрос", "Тело запроса не должно превышать 64 КБ.", List.of());
  }

  private static ResponseEntity<ProblemDetail> badBody(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "Некорректный запрос", detail, List.of());
  }

  private static ResponseEntity<ProblemDetail> invalid(List<FieldProblem> errors) {
    ApiException e = ApiException.invalid(errors);
    return problem(e.status(), e.title(), e.getMessage(), e.errors());
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    if (!errors.isEmpty()) {
      body.setProperty("errors", errors);
    }
    return ResponseEntity.status(status).contentType(PROBLEM).body(body);
  }

  /** The JSON path of the bad value as the sender wrote it: {@code tags[2]}, {@code amount}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "Неверный тип значения";
    }
    if (type == String.class) {
      return "Ожидается строка";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "Ожидается массив";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "Ожидается целое число";
    }
    if (type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
      return "Ожидается число";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "Ожидается true или false";
    }
    return "Неверный тип значения";
  }
}
