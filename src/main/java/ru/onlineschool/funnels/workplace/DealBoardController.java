package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.deal.DealBoard;
import ru.onlineschool.funnels.deal.FunnelCatalog.FunnelModel;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.engine.ModelStages;

/**
 * {@code GET /api/board}: «Доска сделок», amoCRM's pipeline view of one funnel. The columns are the
 * stages of the funnel's deployed model in the model's order ({@link ModelStages}, as the reports'
 * board); the closing stages are left out, the board shows open deals. Each column comes a page at a time; {@code stage} and {@code offset} ask for
 * the next page of one column. Nothing here moves a deal: stages change through the model's tasks.
 */
@SchoolApi
@RestController
@Tag(name = "Рабочее место", description = "Поиск клиента и доска сделок в Tasklist")
public class DealBoardController {

  /** Deals per column and page. */
  static final int PAGE = 20;
  static final String EVERYONE = "all";
  /** Deals counted per column at most: the badge then says «1000+». */
  static final int COUNT_CAP = 1000;

  /** The funnel shown, the caller's funnels, whose deals ({@code null}: everyone's), the people to choose from, the caller. */
  public record Board(
      Workplace.Named funnel, List<Workplace.Named> funnels, Workplace.Named responsible, List<Workplace.Named> responsibles,
      Workplace.Named me, List<Column> columns) {}

  /**
   * A stage with its open deals: {@code total} in all (counted up to {@value #COUNT_CAP}; {@code
   * exact} false when there are at least that many), {@code deals} from {@code offset} on.
   */
  public record Column(String code, String title, long total, boolean exact, int offset, List<Card> deals) {}

  public record Card(
      long dealId, String client, String course, BigDecimal budget, Workplace.Named responsible, String stageEnteredAt,
      Long daysInStage, NextTouch nextTouch, List<String> tags) {}

  /**
   * The deal's next open task and when it is due ({@code null}: no due date), in the school's zone;
   * without an open task, the timer its process waits for («Следующий звонок»).
   */
  public record NextTouch(
      String task,
      String due,
      @Schema(description = "Время у клиента, если он живёт по другим часам: « по Москве (16:00 у клиента, Владивосток)»; иначе пусто") String clientClock) {}

  private final DealBoard board;
  private final ModelStages models;
  private final NextTouches touches;
  private final Workplace workplace;
  private final Caller caller;
  private final ZoneId zone;
  private final ClientClock clientClock;

  public DealBoardController(
      DealBoard board, ModelStages models, NextTouches touches, Workplace workplace, Caller caller,
      SchoolProperties properties, ClientClock clientClock) {
    this.clientClock = clientClock;
    this.board = board;
    this.models = models;
    this.touches = touches;
    this.workplace = workplace;
    this.caller = caller;
    this.zone = properties.timeZone();
  }

  @Operation(
      operationId = "dealBoard",
      summary = "Доска сделок",
      description =
          """
          Открытые сделки воронки по этапам, в порядке этапов модели. В каждой колонке — первые 20 \
          сделок, дольше всех стоящие в этапе; следующие — с параметрами stage и offset. По умолчанию \
          менеджер и куратор видят свои сделки, РОП и администратор — все (responsible=all).""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Доска", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Board.class))),
        @ApiResponse(responseCode = "400", description = "Неизвестная воронка, этап или сотрудник", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Воронка вам недоступна", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/board", produces = MediaType.APPLICATION_JSON_VALUE)
  public Board board(
      @Parameter(description = "Воронка: course-sale, webinar, reanimation, course-delivery") @RequestParam(name = "funnel", required = false) String funnelKey,
      @Parameter(description = "Логин ответственного или all; по умолчанию свои для менеджера, все для РОП") @RequestParam(name = "responsible", required = false) String responsibleParam,
      @Parameter(description = "Код этапа: только эта колонка") @RequestParam(name = "stage", required = false) String stageCode,
      @Parameter(description = "Сколько сделок колонки пропустить") @RequestParam(name = "offset", defaultValue = "0") int offset) {
    List<FunnelModel> visible = workplace.visibleFunnels();
    if (visible.isEmpty()) {
      throw ApiException.forbidden("Доска сделок доступна сотрудникам отдела продаж, кураторам и администраторам.");
    }
    for (String[] param : new String[][] {{"funnel", funnelKey}, {"responsible", responsibleParam}, {"stage", stageCode}}) {
      if (param[1] != null && param[1].isBlank()) {
        throw invalid(param[0], "Параметр " + param[0] + " не может быть пустым: уберите его или укажите значение.");
      }
    }
    FunnelModel funnel =
        funnelKey == null
            ? visible.get(0)
            : workplace.funnel(funnelKey).orElseThrow(() -> invalid("funnel", "Воронки «" + funnelKey + "» нет. Есть: " + workplace.funnelKeys() + "."));
    if (!visible.contains(funnel)) {
      throw ApiException.forbidden("Воронка «" + funnel.title() + "» вам недоступна.");
    }
    if (offset < 0) {
      throw invalid("offset", "Смещение не может быть отрицательным.");
    }
    String responsible = responsible(responsibleParam);

    List<Stage> stages = columns(funnel);
    if (stageCode != null) {
      stages = stages.stream().filter(s -> s.code().equals(stageCode)).toList();
      if (stages.isEmpty()) {
        throw invalid("stage", "В воронке «" + funnel.title() + "» нет этапа «" + stageCode + "».");
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Stage stage : stages) {
      counts.put(stage.code(), board.count(funnel.processKey(), stage.code(), responsible, COUNT_CAP));
    }
    int from = stageCode == null ? 0 : offset;
    Map<String, List<DealBoard.BoardDeal>> pages = new LinkedHashMap<>();
    List<Long> dealIds = new ArrayList<>();
    Map<Long, String> instanceOfDeal = new LinkedHashMap<>();
    Set<String> people = new HashSet<>();
    people.add(workplace.userId());
    if (responsible != null) {
      people.add(responsible);
    }
    for (Stage stage : stages) {
      List<DealBoard.BoardDeal> page =
          counts.get(stage.code()) > 0 ? board.column(funnel.processKey(), stage.code(), responsible, from, PAGE) : List.of();
      pages.put(stage.code(), page);
      page.forEach(d -> {
        dealIds.add(d.id());
        instanceOfDeal.put(d.id(), d.processInstanceId());
        people.add(d.responsible());
      });
    }
    Map<Long, List<String>> tags = board.tags(dealIds);
    Map<Long, NextTouches.Touch> next = touches.of(instanceOfDeal);
    Map<String, String> names = workplace.names(people);
    LocalDate today = LocalDate.now(zone);
    List<Column> columns =
        stages.stream()
            .map(
                stage ->
                    new Column(
                        stage.code(),
                        stage.title(),
                        counts.get(stage.code()),
                        counts.get(stage.code()) < COUNT_CAP,
                        from,
                        pages.get(stage.code()).stream().map(d -> card(d, tags, next, names, today)).toList()))
            .toList();
    return new Board(
        workplace.funnelRef(funnel.processKey()),
        visible.stream().map(f -> new Workplace.Named(f.processKey(), f.title())).toList(),
        workplace.person(responsible, names),
        workplace.responsibles(funnel),
        workplace.person(workplace.userId(), names),
        columns);
  }

  /** The responsible asked for: a login, everyone ({@value #EVERYONE}), or by default the caller's own unless she heads sales. */
  private String responsible(String asked) {
    if (asked == null) {
      return workplace.seesEveryoneByDefault() ? null : workplace.userId();
    }
    if (EVERYONE.equals(asked)) {
      return null;
    }
    if (!workplace.userExists(asked)) {
      throw invalid("responsible", "Сотрудника «" + asked + "» нет.");
    }
    return asked;
  }

  /**
   * The model's stages without the closing ones. Deals standing at a stage the latest model no
   * longer has are not on the board (the reports' board shows them): finding such codes means
   * reading every open deal of the funnel, which the board must not do at 50,000 deals.
   */
  private List<Stage> columns(FunnelModel funnel) {
    return caller.asSystem(() -> models.of(funnel.processKey())).stream()
        .filter(stage -> !ModelStages.WON.equals(stage.code()) && !ModelStages.LOST.equals(stage.code()))
        .toList();
  }

  private Card card(
      DealBoard.BoardDeal deal, Map<Long, List<String>> tags, Map<Long, NextTouches.Touch> next, Map<String, String> names, LocalDate today) {
    OffsetDateTime entered = deal.stageEnteredAt();
    NextTouches.Touch touch = next.get(deal.id());
    return new Card(
        deal.id(),
        deal.client(),
        deal.course(),
        deal.budget(),
        workplace.person(deal.responsible(), names),
        entered == null ? null : format(entered),
        entered == null ? null : ChronoUnit.DAYS.between(entered.atZoneSameInstant(zone).toLocalDate(), today),
        touch == null ? null : nextTouch(touch, deal.clientTimeZone()),
        tags.getOrDefault(deal.id(), List.of()));
  }

  private NextTouch nextTouch(NextTouches.Touch touch, String clientTimeZone) {
    if (touch.due() == null) {
      return new NextTouch(touch.task(), null, null);
    }
    String both = clientClock.both(touch.due(), ClientClock.clientTime(clientTimeZone, null, null).zone());
    return new NextTouch(touch.task(), format(touch.due().atOffset(java.time.ZoneOffset.UTC)), both.isEmpty() ? null : both);
  }

  private String format(OffsetDateTime at) {
    return at.atZoneSameInstant(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.invalid(List.of(new FieldProblem(field, message)));
  }
}
