package ru.onlineschool.funnels.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

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
 * For {@code curators}, {@code sales-heads} and administrators (HTTP Basic); a curator changes only
 * the deals she leads, or one that waits for a curator (seed 003: like a manager in sales).
 */
@SchoolApi
@RestController
@RequestMapping("/api/deals/{dealId}")
@Tag(name = "Обучение", description = "Ведение курса: даты и группа ученика, отчисление — воронка «Ведение курса»")
public class CourseDeliveryController {

  /** {@code PATCH …/course}: any of the fields; dates as {@code 2030-03-10}. */
  public record CourseChange(String startDate, String endDate, String group) implements ApiRequest {}

  /** {@code POST …/withdrawal}. */
  public record Withdrawal(String reason) implements ApiRequest {}

  /** The answer to a withdrawal. */
  public record Withdrawn(long dealId, String stage, String lossReason) {}

  private final CourseSchedule schedule;
  private final Caller caller;
  private final DealStore deals;
  private final StaffDirectory staff;

  public CourseDeliveryController(CourseSchedule schedule, Caller caller, DealStore deals, StaffDirectory staff) {
    this.staff = staff;
    this.schedule = schedule;
    this.caller = caller;
    this.deals = deals;
  }

  @Operation(summary = "Изменить даты или группу курса", description = "Любое из полей; даты в виде 2030-03-10. Куратор сделки, РОП или администратор.")
  @PatchMapping(value = "/course", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public CourseSchedule.CourseDates changeCourse(
      @PathVariable long dealId,
      @RequestBody CourseChange change) {
    String user = authorize(dealId);
    return caller.asSystem(() -> schedule.change(
        dealId, date("startDate", change.startDate()), date("endDate", change.endDate()), change.group(), user));
  }

  @Operation(summary = "Отчислить ученика", description = "Сделка закрывается как «не реализовано» с указанной причиной. Куратор сделки, РОП или администратор.")
  @PostMapping(value = "/withdrawal", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public Withdrawn withdraw(
      @PathVariable long dealId,
      @RequestBody Withdrawal withdrawal) {
    String user = authorize(dealId);
    caller.asSystem(() -> {
      schedule.withdraw(dealId, withdrawal.reason(), user);
      return null;
    });
    return new Withdrawn(dealId, "LOST", withdrawal.reason().trim());
  }

  /** The staff member the /api filter authenticated, if allowed to change this delivery deal. */
  private String authorize(long dealId) {
    if (caller.userId() == null) {
      throw new DeliveryProblem(HttpStatus.UNAUTHORIZED, "Требуется вход", "Войдите логином и паролем сотрудника школы (HTTP Basic)");
    }
    if (!CourseSchedule.mayChange(caller.groups())) {
      throw new DeliveryProblem(
          HttpStatus.FORBIDDEN, "Недостаточно прав", "Менять сделки «Ведение курса» могут кураторы, РОП и администраторы");
    }
    String user = caller.userId();
    if (!caller.isAdmin() && !caller.isMemberOf(SchoolGroup.SALES_HEADS.id())) {
      // An unknown deal or one of another funnel is answered 404 by the schedule.
      String curator = deals.responsible(dealId).orElse(null);
      if (curator != null && !curator.equals(user) && CourseDelivery.PROCESS_KEY.equals(deals.funnel(dealId))) {
        throw new DeliveryProblem(
            HttpStatus.FORBIDDEN,
            "Недостаточно прав",
            "Сделку №" + dealId + " ведёт другой куратор, " + staff.nameOf(curator) + ": менять её могут он, РОП и администраторы");
      }
    }
    return user;
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
