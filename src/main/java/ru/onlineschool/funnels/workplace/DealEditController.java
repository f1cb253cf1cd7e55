package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.DealCard;
import ru.onlineschool.funnels.deal.DealCardController;
import ru.onlineschool.funnels.deal.DealEdits;

/**
 * Editing in the deal card (issue 16): {@code PATCH /api/deals/{dealId}} changes the client's and
 * the deal's fields, {@code PUT} and {@code DELETE /api/deals/{dealId}/tags/{tag}} set and remove a
 * manual tag. Each answers with the fresh card. Who may: {@code deal/DealAccess}; what and how:
 * {@code deal/DealEdits}. Tasklist's card calls them with the webapps' session and its CSRF token
 * ({@code api/ApiAuthenticationFilter}).
 */
@SchoolApi
@RestController
@Tag(name = "Сделки", description = "Карточка сделки с историей")
public class DealEditController {

  private final DealEdits edits;
  private final DealCardController cards;
  private final Caller caller;

  public DealEditController(DealEdits edits, DealCardController cards, Caller caller) {
    this.edits = edits;
    this.cards = cards;
    this.caller = caller;
  }

  @Operation(
      operationId = "changeDeal",
      summary = "Изменить данные клиента и сделки",
      description =
          """
          Имя, телефон, e-mail, предпочтительный канал, часовой пояс и удобное время звонка \
          клиента, курс и бюджет сделки. Этап и \
          ответственный меняются только задачами процесса и переназначением. Менять могут \
          ответственный менеджер, РОП (сделки продаж), куратор сделки «Ведение курса» и \
          администратор. Каждое изменение записывается в историю сделки со старым и новым \
          значением и сотрудником. Ответ — карточка с новыми данными.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Карточка после изменения", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealCard.class))),
        @ApiResponse(responseCode = "400", description = "Ошибки в полях (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять эту сделку вы не можете", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(
            responseCode = "409",
            description = "Данные изменились после чтения карточки, телефон или e-mail уже у другого клиента, сделка закрыта или счёт выставлен",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PatchMapping(value = "/api/deals/{dealId}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public DealCard change(@PathVariable long dealId, @Valid @RequestBody DealChange change) {
    edits.change(dealId, change.changes(), change.version(), caller.userId());
    return cards.card(dealId);
  }

  @Operation(
      operationId = "addDealTag",
      summary = "Поставить ручной тег",
      description = "Тег из таблицы «Ручные теги из форм». Уже стоящий тег ничего не меняет. Ответ — карточка.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Карточка с тегом", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealCard.class))),
        @ApiResponse(responseCode = "400", description = "Такого ручного тега нет", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять эту сделку вы не можете", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/deals/{dealId}/tags/{tag}", produces = MediaType.APPLICATION_JSON_VALUE)
  public DealCard addTag(@PathVariable long dealId, @Parameter(description = "Тег", example = "trial_lesson") @PathVariable String tag) {
    edits.addTag(dealId, tag, caller.userId());
    return cards.card(dealId);
  }

  @Operation(
      operationId = "removeDealTag",
      summary = "Снять ручной тег",
      description = "Автоматические теги ставит и снимает процесс: их вручную не снять (409). Ответ — карточка.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Карточка без тега", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealCard.class))),
        @ApiResponse(responseCode = "400", description = "Такого ручного тега нет", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Менять эту сделку вы не можете", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "409", description = "Тег автоматический", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @DeleteMapping(value = "/api/deals/{dealId}/tags/{tag}", produces = MediaType.APPLICATION_JSON_VALUE)
  public DealCard removeTag(@PathVariable long dealId, @Parameter(description = "Тег", example = "trial_lesson") @PathVariable String tag) {
    edits.removeTag(dealId, tag, caller.userId());
    return cards.card(dealId);
  }
}
