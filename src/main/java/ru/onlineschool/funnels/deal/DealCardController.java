package ru.onlineschool.funnels.deal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/**
 * {@code GET /api/deals/{dealId}}: the deal card for staff. Who sees what mirrors Tasklist (seed
 * 003): administrators everything, heads of sales and managers every deal of the sales funnels
 * (also a colleague's: a client may call the wrong manager), curators the course-delivery deals.
 * Working a deal is another matter: only its tasks' assignee ({@code engine/TaskWorkGuard}).
 */
@SchoolApi
@RestController
@Tag(name = "Сделки", description = "Карточка сделки с историей")
public class DealCardController {

  private final DealCardQuery query;
  private final DealAccess access;
  private final DealEdits edits;

  public DealCardController(DealCardQuery query, DealAccess access, DealEdits edits) {
    this.query = query;
    this.access = access;
    this.edits = edits;
  }

  @Operation(
      summary = "Карточка сделки",
      description =
          """
          Клиент, воронка, этап, ответственный, курс, теги, итог и вся история сделки. \
          Администраторы видят все сделки, РОП и менеджеры — все сделки воронок продаж \
          (и сделки коллег), кураторы — все сделки «Ведение курса».""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Карточка", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealCard.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Сделка вам недоступна", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "404", description = "Сделка не найдена", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/deals/{dealId}", produces = MediaType.APPLICATION_JSON_VALUE)
  public DealCard card(@PathVariable long dealId) {
    DealCardQuery.Visibility deal =
        query.visibility(dealId).orElseThrow(() -> ApiException.notFound("Сделка " + dealId + " не найдена."));
    if (!access.maySee(deal.funnel())) {
      throw ApiException.forbidden("У вас нет доступа к сделке " + dealId + ".");
    }
    DealCard card = query.card(dealId).orElseThrow(() -> ApiException.notFound("Сделка " + dealId + " не найдена."));
    return card.withEditing(edits.editing(dealId).orElse(null));
  }
}
