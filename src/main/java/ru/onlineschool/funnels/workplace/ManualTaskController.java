package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/** {@code POST /api/deals/{dealId}/tasks}: «Поставить задачу» in the deal card (seeds 001, 002). */
@SchoolApi
@RestController
@Tag(name = "Сделки", description = "Карточка сделки с историей")
public class ManualTaskController {

  /** The task set: its id in Tasklist, name, assignee and due with the school's offset. */
  @Schema(name = "ManualTaskSet", title = "Поставленная задача")
  public record SetTask(String taskId, long dealId, String name, String assignee, OffsetDateTime dueAt) {}

  /** Whether the caller may set tasks on the deal now (rights, open deal, stage): the card shows «Поставить задачу» only then. */
  @Schema(name = "ManualTaskPermission", title = "Право ставить задачи")
  public record Permission(boolean maySetTasks) {}

  private final ManualTasks tasks;

  public ManualTaskController(ManualTasks tasks) {
    this.tasks = tasks;
  }

  @Operation(
      operationId = "setManualTask",
      summary = "Поставить задачу по сделке",
      description =
          """
          Задача по договорённости с клиентом: текст, дата и время по часовому поясу школы. Задачу получает \
          ответственный за сделку в «Мои задачи»; закрыть её можно только с письменным результатом; в истории \
          сделки видно, кто и когда её поставил и с каким результатом закрыл. Ставят ответственный менеджер \
          (в «Ведение курса» — куратор), РОП и администраторы; на каких этапах — решает таблица \
          «Задачи по договорённости: на каких этапах». Изменения требуют HTTP Basic.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "201", description = "Задача поставлена", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SetTask.class))),
        @ApiResponse(responseCode = "400", description = "Неверный запрос", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Ставить задачи по сделке вам нельзя", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "409", description = "Сделка закрыта или на её этапе задачи вручную не ставят", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/deals/{dealId}/tasks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<SetTask> set(@PathVariable long dealId, @Valid @RequestBody ManualTaskRequest request) {
    // Checked by @TaskDue before this point.
    var due = TaskDue.Check.moment(request.dueAt()).orElseThrow();
    ManualTasks.Created created = tasks.set(dealId, request.text(), due);
    SetTask body =
        new SetTask(created.taskId(), dealId, created.name(), created.assignee(), created.due().atZone(ZoneId.systemDefault()).toOffsetDateTime());
    return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/engine-rest/task/" + created.taskId())).body(body);
  }

  @Operation(
      operationId = "manualTaskPermission",
      summary = "Можно ли мне ставить задачи по сделке",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Ответ", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Permission.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/deals/{dealId}/tasks/permission", produces = MediaType.APPLICATION_JSON_VALUE)
  public Permission permission(@PathVariable long dealId) {
    return new Permission(tasks.maySet(dealId));
  }
}
