package ru.onlineschool.funnels.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A wrong address, method or format (Accept, Content-Type) under {@code /api} never reaches one of our controllers, so
 * {@link ProblemDetails} cannot answer it; this does, in the same Russian problem format. Any
 * other path is left to Spring's defaults: rethrowing the same exception hands it on untouched.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice
public class UnmatchedApiRequests {

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noSuchAddress(NoResourceFoundException e, HttpServletRequest request) throws NoResourceFoundException {
    if (!underApi(request)) {
      throw e;
    }
    return ProblemDetails.problem(HttpStatus.NOT_FOUND, "Не найдено", "По этому адресу API ничего нет. Список адресов — в /swagger-ui.html.", List.of());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
      throws HttpRequestMethodNotSupportedException {
    if (!underApi(request)) {
      throw e;
    }
    ResponseEntity<ProblemDetail> problem =
        ProblemDetails.problem(HttpStatus.METHOD_NOT_ALLOWED, "Метод не поддерживается", "Этот адрес не принимает метод " + e.getMethod() + ".", List.of());
    return ResponseEntity.status(problem.getStatusCode()).headers(e.getHeaders()).contentType(problem.getHeaders().getContentType()).body(problem.getBody());
  }

  /** Accept without JSON: refused before the controller runs, so nothing is done that the client cannot read about. */
  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request)
      throws HttpMediaTypeNotAcceptableException {
    if (!underApi(request)) {
      throw e;
    }
    return ProblemDetails.problem(
        HttpStatus.NOT_ACCEPTABLE, "Неподдерживаемый формат ответа", "API отвечает только в формате JSON: передайте Accept: application/json.", List.of());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> notSupported(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    if (!underApi(request)) {
      throw e;
    }
    return ProblemDetails.problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Неподдерживаемый формат",
        "Передайте тело запроса в формате JSON с заголовком Content-Type: application/json.",
        List.of());
  }

  private static boolean underApi(HttpServletRequest request) {
    return request.getServletPath().startsWith("/api/");
  }
}
