package ru.onlineschool.funnels.distribution;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
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
 * «На месте» / «Нет на месте» in Tasklist's header (seed 003 «Smart-распределение»): {@code GET
 * /api/presence} is the caller's own state, {@code PUT /api/staff/{userId}/presence} sets the mark.
 * A manager or curator sets only his own; the head of sales and administrators anyone's. Tasklist
 * sends the change with the webapps' session and its CSRF token ({@code
 * ApiAuthenticationFilter.isCardEdit}).
 */
@SchoolApi
@RestController
@Tag(name = "Распределение", description = "Доступность менеджеров для Smart-распределения заявок")
public class StaffPresenceController {

  @Schema(name = "PresenceRequest", title = "Отметка «На месте»")
  public record PresenceRequest(
      @Schema(description = "true — «На месте», false — «Нет на месте»") @NotNull Boolean present) implements ApiRequest {}

  @Schema(name = "Presence", title = "На месте ли сотрудник")
  public record Presence(
      @Schema(description = "Логин менеджера или куратора") String userId,
      @Schema(description = "Его отметка: true — «На месте», false — «Нет на месте»") boolean present,
      @Schema(description = "На работе ли сейчас: получает ли новые заявки (куратор — новых студентов)") boolean atWork,
      @Schema(description = "Почему не на работе, по-русски; null, если на работе", nullable = true) String reason) {

    static Presence of(StaffPresence.State state) {
      return new Presence(state.userId(), state.present(), state.atWork(), state.reason());
    }
  }

  private final SmartDistribution distribution;
  private final Caller caller;

  public StaffPresenceController(SmartDistribution distribution, Caller caller) {
    this.distribution = distribution;
    this.caller = caller;
  }

  @Operation(
      operationId = "getMyPresence",
      summary = "На месте ли я",
      description =
          "Отметка вошедшего менеджера или куратора и на работе ли он сейчас: не отметил «Нет на месте», в рабочее время школы"
              + " и недавно что-то делал в Tasklist (таблица «Кто на работе»). Этот запрос сам действием не считается.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Отметка и состояние", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Presence.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Отметка есть только у менеджеров и кураторов", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/presence", produces = MediaType.APPLICATION_JSON_VALUE)
  public Presence mine() {
    String userId = caller.userId();
    if (!distribution.hasPresence(userId)) {
      throw ApiException.notFound("Отметка «На месте» есть только у менеджеров и кураторов.");
    }
    return Presence.of(distribution.presenceOf(userId, now()));
  }

  @Operation(
      operationId = "changePresence",
      summary = "Отметить «На месте» или «Нет на месте»",
      description =
          "Кто отметил «Нет на месте», не получает новых заявок (куратор — новых студентов). Менеджер или куратор отмечает"
              + " только себя, РОП и администратор — любого.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сохранено; ответ — состояние после изменения", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Presence.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Чужую отметку меняют только РОП и администраторы", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Такого менеджера или куратора нет", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/staff/{userId}/presence", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public Presence change(@PathVariable String userId, @Valid @RequestBody PresenceRequest request) {
    boolean self = userId.equals(caller.userId());
    if (!self && !caller.isAdmin() && !caller.isMemberOf(SchoolGroup.SALES_HEADS.id())) {
      throw ApiException.forbidden("Менеджер и куратор отмечают «На месте» только себя; других — РОП или администратор.");
    }
    if (!distribution.hasPresence(userId)) {
      throw ApiException.notFound("Менеджер или куратор " + userId + " не найден.");
    }
    Instant now = now();
    distribution.setPresence(userId, request.present(), caller.userId(), now);
    return Presence.of(distribution.presenceOf(userId, now));
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
