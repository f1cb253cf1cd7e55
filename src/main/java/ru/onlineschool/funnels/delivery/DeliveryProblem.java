package ru.onlineschool.funnels.delivery;

import org.springframework.http.HttpStatus;
import ru.onlineschool.funnels.api.ApiException;

/**
 * A request to the delivery API that cannot be carried out; {@code ProblemDetails} makes it
 * problem+json in Russian, like every other refusal of our /api.
 */
public class DeliveryProblem extends ApiException {

  public DeliveryProblem(HttpStatus status, String title, String detail) {
    super(status, title, detail);
  }

  static DeliveryProblem badRequest(String detail) {
    return new DeliveryProblem(HttpStatus.BAD_REQUEST, "Неверный запрос", detail);
  }

  static DeliveryProblem notFound(long dealId) {
    return new DeliveryProblem(
        HttpStatus.NOT_FOUND, "Сделка не найдена", "Сделки №" + dealId + " в воронке «Ведение курса» нет");
  }

  public static DeliveryProblem conflict(String detail) {
    return new DeliveryProblem(HttpStatus.CONFLICT, "Действие невозможно на этом этапе", detail);
  }
}
