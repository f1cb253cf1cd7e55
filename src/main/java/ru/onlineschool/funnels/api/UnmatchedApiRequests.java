package ru.onlineschool.funnels.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A wrong address or method under {@code /api} never reaches one of our controllers, so
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

  private static boolean underApi(HttpServletRequest request) {
    return request.getServletPath().startsWith("/api/");
  }
}
