package ru.onlineschool.funnels.delivery;

import org.springframework.http.HttpStatus;

/** A request to the delivery API that cannot be carried out; becomes problem+json in Russian. */
public class DeliveryProblem extends RuntimeException {

  private final HttpStatus status;
  private final String title;

  public DeliveryProblem(HttpStatus status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  static DeliveryProblem badRequest(String detail) {
    return new DeliveryProblem(HttpStatus.BAD_REQUEST, "Неверный запрос", detail);
  }

  static DeliveryProblem notFound(long dealId) {
    return new DeliveryProblem(
        HttpStatus.NOT_FOUND, "Сделка не найдена", "Сделки №" + dealId + " в воронке «Ведение курса» нет");
  }

  static DeliveryProblem conflict(String detail) {
    return new DeliveryProblem(HttpStatus.CONFLICT, "Действие невозможно на этом этапе", detail);
  }
}
