package ru.onlineschool.funnels.delivery;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Errors of the delivery endpoints as {@code application/problem+json} in Russian. */
@RestControllerAdvice(assignableTypes = CourseDeliveryController.class)
class DeliveryProblemAdvice {

  @ExceptionHandler(DeliveryProblem.class)
  ResponseEntity<ProblemDetail> problem(DeliveryProblem problem) {
    var response = ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.status() == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"school\", charset=\"UTF-8\"");
    }
    return response.body(detail(problem.status(), problem.title(), problem.getMessage()));
  }

  @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
  ResponseEntity<ProblemDetail> unreadable(Exception e) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail(HttpStatus.BAD_REQUEST, "Неверный запрос", "Тело запроса — JSON-объект, например {\"startDate\": \"2030-03-10\"}"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> badId(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail(HttpStatus.BAD_REQUEST, "Неверный запрос", "Номер сделки — целое число"));
  }

  private static ProblemDetail detail(HttpStatus status, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    return body;
  }
}
