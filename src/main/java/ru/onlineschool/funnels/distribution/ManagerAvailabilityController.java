package ru.onlineschool.funnels.distribution;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * {@code PUT /api/managers/{userId}/availability}: the head of sales takes a manager out of the
 * distribution (vacation, sick leave) and back. Managers cannot change it themselves.
 */
@SchoolApi
@RestController
@Tag(name = "Распределение", description = "Доступность менеджеров для Smart-распределения заявок")
public class ManagerAvailabilityController {

  @Schema(name = "AvailabilityRequest", title = "Доступность")
  public record Availability(
      @Schema(description = "true — менеджер получает новые заявки, false — нет") @NotNull Boolean available)
      implements ApiRequest {}

  @Schema(name = "ManagerAvailability", title = "Доступность менеджера")
  public record ManagerAvailability(
      @Schema(description = "Логин менеджера") String userId, @Schema(description = "Получает ли новые заявки") boolean available) {}

  private final SmartDistribution distribution;
  private final Caller caller;

  public ManagerAvailabilityController(SmartDistribution distribution, Caller caller) {
    this.distribution = distribution;
    this.caller = caller;
  }

  @Operation(
      operationId = "changeManagerAvailability",
      summary = "Изменить доступность менеджера",
      description = "Недоступный менеджер не получает новые заявки. Менять может РОП или администратор.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сохранено", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ManagerAvailability.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Только для РОП и администраторов", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Такого менеджера нет", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/managers/{userId}/availability", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ManagerAvailability change(@PathVariable String userId, @Valid @RequestBody Availability request) {
    if (!caller.isAdmin() && !caller.isMemberOf(SchoolGroup.SALES_HEADS.id())) {
      throw ApiException.forbidden("Доступность менеджеров меняют только РОП и администраторы.");
    }
    if (!distribution.isManager(userId)) {
      throw ApiException.notFound("Менеджер " + userId + " не найден.");
    }
    distribution.setAvailability(userId, request.available(), caller.userId(), ClockUtil.getCurrentTime().toInstant());
    return new ManagerAvailability(userId, request.available());
  }
}
