package ru.onlineschool.funnels.delivery;

import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.SchoolApi;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery deal's REST endpoints: new course dates or group, and a student who quits.
 * For {@code curators}, {@code sales-heads} and administrators (HTTP Basic).
 */
@SchoolApi
@RestController
@RequestMapping("/api/deals/{dealId}")
public class CourseDeliveryController {

  /** {@code PATCH …/course}: any of the fields; dates as {@code 2030-03-10}. */
  public record CourseChange(String startDate, String endDate, String group) implements ApiRequest {}

  /** {@code POST …/withdrawal}. */
  public record Withdrawal(String reason) implements ApiRequest {}

  /** The answer to a withdrawal. */
  public record Withdrawn(long dealId, String stage, String lossReason) {}

  private final CourseSchedule schedule;
  private final Caller caller;

  public CourseDeliveryController(CourseSchedule schedule, Caller caller) {
    this.schedule = schedule;
    this.caller = caller;
  }

  @PatchMapping(value = "/course", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public CourseSchedule.CourseDates changeCourse(
      @PathVariable long dealId,
      @RequestBody CourseChange change) {
    String user = authorize();
    return caller.asSystem(() -> schedule.change(
        dealId, date("startDate", change.startDate()), date("endDate", change.endDate()), change.group(), user));
  }

  @PostMapping(value = "/withdrawal", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public Withdrawn withdraw(
      @PathVariable long dealId,
      @RequestBody Withdrawal withdrawal) {
    String user = authorize();
    caller.asSystem(() -> {
      schedule.withdraw(dealId, withdrawal.reason(), user);
      return null;
    });
    return new Withdrawn(dealId, "LOST", withdrawal.reason().trim());
  }

  /** The staff member the /api filter authenticated, if allowed to change delivery deals. */
  private String authorize() {
    if (caller.userId() == null) {
      throw new DeliveryProblem(HttpStatus.UNAUTHORIZED, "Требуется вход", "Войдите логином и паролем сотрудника школы (HTTP Basic)");
    }
    if (!CourseSchedule.mayChange(caller.groups())) {
      throw new DeliveryProblem(
          HttpStatus.FORBIDDEN, "Недостаточно прав", "Менять сделки «Ведение курса» могут кураторы, РОП и администраторы");
    }
    return caller.userId();
  }

  private static LocalDate date(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw DeliveryProblem.badRequest("Поле " + field + ": дата в формате ГГГГ-ММ-ДД, например 2030-03-10; получено «" + value + "»");
    }
  }
}
