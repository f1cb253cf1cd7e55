package ru.onlineschool.funnels.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.report.Reports.Board;
import ru.onlineschool.funnels.report.Reports.Conversion;
import ru.onlineschool.funnels.report.Reports.FirstContact;
import ru.onlineschool.funnels.report.Reports.FunnelRef;
import ru.onlineschool.funnels.report.Reports.LossReasons;
import ru.onlineschool.funnels.report.Reports.Workload;

/**
 * The head of sales' reports as JSON and CSV. The same addresses answer under {@code /api/reports}
 * (HTTP Basic, for other systems) and under {@code /reports/api} (the Camunda webapp session, for
 * the page {@code /reports}). Heads of sales and administrators see every manager; a manager sees
 * only her own figures and may not export (seed 003).
 */
@SchoolApi
@RestController
@Tag(name = "Отчёты", description = "Отчёты РОП: сделки по этапам, конверсия, причины отказа, первый контакт, нагрузка, источники заявок")
@ApiResponse(responseCode = "400", description = "Неизвестная воронка или неверный период (массив errors)", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.springframework.http.ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.springframework.http.ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "Отчёт вам недоступен: воронка только для администраторов или выгрузка только для РОП", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = org.springframework.http.ProblemDetail.class)))
public class ReportController {

  static final int MAX_PERIOD_DAYS = 366;
  /** The loss-reason export's group of the deals that were a sale and were lost. */
  static final String LOST_SALES = "Потерянные продажи";
  private static final String API = "/api/reports";
  private static final String PAGE = "/reports/api";

  /** The funnel whose figures the «Отчёты» page opens with, and by which it tells who sees what. */
  static final String MAIN_FUNNEL = "course-sale";

  private final ReportService reports;
  private final Caller caller;
  private final FunnelCatalog funnels;

  public ReportController(ReportService reports, Caller caller, FunnelCatalog funnels) {
    this.reports = reports;
    this.caller = caller;
    this.funnels = funnels;
  }

  @Operation(
      operationId = "reportBoard",
      summary = "Сделки по этапам сейчас",
      description = "Открытые сделки воронки на каждом этапе, как на доске сделок. Менеджер видит только свои сделки.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/board", PAGE + "/board"})
  public Board board(@Parameter(description = "Код воронки, например course-sale") @RequestParam(defaultValue = "course-sale") String funnel) {
    String own = scopeOf(funnel);
    return caller.asSystem(() -> reports.board(funnel, own));
  }

  @Operation(
      summary = "Конверсия этапов за период",
      description =
          """
          По истории сделок: сколько сделок вошло в каждый этап за период (дни from..to включительно, \
          по времени школы), сколько из них перешло дальше, сколько закрыто с этого этапа и сколько \
          в итоге успешно реализовано. transitions — переходы «этап → следующий этап». Сделки, закрытые \
          с причиной из таблицы «Не продажи» («Дубль», «Тест», «Спам»), в этапах и переходах не считаются: \
          notSale — их число и причины, notSale у этапа — сколько их вошло в этап.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/conversion", PAGE + "/conversion"})
  public Conversion conversion(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    ReportScope scope = scope(funnel, from, to);
    return caller.asSystem(() -> reports.conversion(scope));
  }

  @Operation(
      summary = "Причины отказа за период",
      description =
          "Сделки, закрытые как «не реализовано» за период, по причинам: reasons и total — потерянные продажи;"
              + " notSale — отдельно сделки, которые продажей не были (причины из таблицы «Не продажи»: «Дубль», «Тест», «Спам»).",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/loss-reasons", PAGE + "/loss-reasons"})
  public LossReasons lossReasons(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    ReportScope scope = scope(funnel, from, to);
    return caller.asSystem(() -> reports.lossReasons(scope));
  }

  @Operation(
      summary = "Первый контакт за 15 минут",
      description =
          """
          По менеджерам, для заявок, созданных за период: доля заявок, на которые ответили в срок \
          (первый звонок или выполненная задача по сделке), и медиана времени до первого контакта в минутах.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/first-contact", PAGE + "/first-contact"})
  public FirstContact firstContact(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    ReportScope scope = scope(funnel, from, to);
    return caller.asSystem(() -> reports.firstContact(scope));
  }

  @Operation(
      summary = "Нагрузка на сегодня",
      description = "Открытые задачи менеджеров со сроком до конца дня и оценка времени: «N задач ≈ X ч Y мин».",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/workload", PAGE + "/workload"})
  public Workload workload(@RequestParam(defaultValue = "course-sale") String funnel) {
    String own = scopeOf(funnel);
    return caller.asSystem(() -> reports.workload(funnel, own));
  }

  @Operation(
      summary = "Источники заявок за период",
      description =
          """
          Заявки (сделки воронки, созданные за период) по каналу (Tilda, Marquiz, API), utm_source и \
          utm_campaign: сколько пришло, сколько открыто, успешно реализовано и закрыто не реализованными, \
          конверсия в успех. Сделки, закрытые с причиной из таблицы «Не продажи» («Дубль», «Тест», «Спам»), \
          заявками не считаются: notSale — их число.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/sources", PAGE + "/sources"})
  public Reports.Sources sources(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    ReportScope scope = scope(funnel, from, to);
    return caller.asSystem(() -> reports.sources(scope));
  }

  @Operation(summary = "Выгрузка: источники заявок (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/sources.csv", PAGE + "/sources.csv"})
  public ResponseEntity<byte[]> sourcesCsv(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    mayExport();
    Reports.Sources report = sources(funnel, from, to);
    ReportCsv csv = new ReportCsv().row("Канал", "utm_source", "utm_campaign", "Заявок", "Открыто", "Успешно реализовано", "Не реализовано", "В успех, %");
    report.sources().forEach(r -> csv.row(r.channelTitle(), r.utmSource(), r.utmCampaign(), r.leads(), r.open(), r.won(), r.lost(), r.wonPercent()));
    csv.row("Не продажи: дубль, тест, спам", null, null, report.notSale(), null, null, null, null);
    return csv(csv, "sources-" + funnel + "-" + report.from() + "-" + report.to());
  }

  @Operation(summary = "Выгрузка: сделки по этапам (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/board.csv", PAGE + "/board.csv"})
  public ResponseEntity<byte[]> boardCsv(@RequestParam(defaultValue = "course-sale") String funnel) {
    mayExport();
    Board board = board(funnel);
    ReportCsv csv = new ReportCsv().row("Этап", "Код этапа", "Сделок");
    board.stages().forEach(s -> csv.row(s.title(), s.code(), s.deals()));
    return csv(csv, "board-" + funnel);
  }

  @Operation(summary = "Выгрузка: конверсия (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/conversion.csv", PAGE + "/conversion.csv"})
  public ResponseEntity<byte[]> conversionCsv(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    mayExport();
    Conversion report = conversion(funnel, from, to);
    ReportCsv csv =
        new ReportCsv().row("Этап", "Код этапа", "Вошли", "Перешли дальше", "Закрыты с этапа", "Успешно реализованы", "Дальше, %", "В успех, %", "Не продажи");
    report.stages()
        .forEach(s -> csv.row(s.title(), s.code(), s.entered(), s.movedOn(), s.lost(), s.won(), s.movedOnPercent(), s.wonPercent(), s.notSale()));
    // The deals that never were a sale, apart: one line under the stages, their count in the last column.
    csv.row(report.notSale().label(), null, null, null, null, null, null, null, report.notSale().deals());
    return csv(csv, "conversion-" + funnel + "-" + report.from() + "-" + report.to());
  }

  @Operation(summary = "Выгрузка: причины отказа (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/loss-reasons.csv", PAGE + "/loss-reasons.csv"})
  public ResponseEntity<byte[]> lossReasonsCsv(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    mayExport();
    LossReasons report = lossReasons(funnel, from, to);
    // Lost sales first (shares of the lost sales), then the deals that never were a sale (shares among them).
    ReportCsv csv = new ReportCsv().row("Причина отказа", "Сделок", "Доля, %", "Учёт");
    report.reasons().forEach(r -> csv.row(r.reason(), r.deals(), r.percent(), LOST_SALES));
    report.notSale().reasons().forEach(r -> csv.row(r.reason(), r.deals(), r.percent(), report.notSale().label()));
    return csv(csv, "loss-reasons-" + funnel + "-" + report.from() + "-" + report.to());
  }

  @Operation(summary = "Выгрузка: первый контакт (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/first-contact.csv", PAGE + "/first-contact.csv"})
  public ResponseEntity<byte[]> firstContactCsv(
      @RequestParam(defaultValue = "course-sale") String funnel,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    mayExport();
    FirstContact report = firstContact(funnel, from, to);
    ReportCsv csv = new ReportCsv().row("Менеджер", "Логин", "Заявок", "Отвечено", "В срок", "В срок, %", "Медиана, мин");
    report.managers().forEach(m -> csv.row(m.name(), m.manager(), m.leads(), m.answered(), m.withinSla(), m.withinSlaPercent(), m.medianMinutes()));
    return csv(csv, "first-contact-" + funnel + "-" + report.from() + "-" + report.to());
  }

  @Operation(summary = "Выгрузка: нагрузка на сегодня (CSV)", description = "Только РОП и администраторы.", security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/workload.csv", PAGE + "/workload.csv"})
  public ResponseEntity<byte[]> workloadCsv(@RequestParam(defaultValue = "course-sale") String funnel) {
    mayExport();
    Workload report = workload(funnel);
    ReportCsv csv = new ReportCsv().row("Менеджер", "Логин", "Задач на сегодня", "Из них просрочено", "Минут", "Оценка");
    report.managers().forEach(m -> csv.row(m.name(), m.manager(), m.tasks(), m.overdue(), m.minutes(), m.estimate()));
    return csv(csv, "workload-" + funnel + "-" + report.date());
  }

  /**
   * Who is looking at the reports, and what the page should offer her: whether she reads reports at
   * all ({@code mayRead}: a curator does not, and the page tells him so instead of failing), and
   * {@code today}, the school's date, which the page's default period ends with.
   */
  public record Viewer(
      String user, String name, boolean mayRead, boolean canExport, boolean ownFiguresOnly, List<FunnelRef> funnels, LocalDate today) {}

  @Operation(
      summary = "Кто смотрит отчёты",
      description =
          "Логин и имя сотрудника, видит ли он отчёты (mayRead: куратор — нет), может ли выгружать CSV, видит ли только свои показатели"
              + " и по каким воронкам (из развёрнутых моделей).",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping({API + "/viewer", PAGE + "/viewer"})
  public Viewer viewer() {
    String user = caller.userId();
    String name = caller.asSystem(() -> reports.name(user));
    LocalDate today = caller.asSystem(reports::today);
    if (!mayRead()) {
      return new Viewer(user, name, false, false, false, List.of(), today);
    }
    String own = scopeOf(MAIN_FUNNEL);
    boolean canExport = caller.isAdmin() || caller.isMemberOf(SchoolGroup.SALES_HEADS.id());
    List<FunnelRef> visible =
        funnels.all().stream()
            .filter(f -> f.department() == FunnelCatalog.Department.SALES || caller.isAdmin())
            .map(f -> new FunnelRef(f.processKey(), f.title()))
            .toList();
    return new Viewer(user, name, true, canExport, own != null, visible, today);
  }

  /** Administrators, heads of sales and managers read reports; curators and others do not. */
  private boolean mayRead() {
    return caller.isAdmin() || caller.isMemberOf(SchoolGroup.SALES_HEADS.id()) || caller.isMemberOf(SchoolGroup.MANAGERS.id());
  }

  /**
   * Checks that the caller may see the funnel's reports; returns the manager whose figures alone
   * she may see, or null for everybody's.
   */
  private String scopeOf(String funnel) {
    var found = funnels.find(funnel);
    boolean sales = found.map(f -> f.department() == FunnelCatalog.Department.SALES).orElse(false);
    if (found.isEmpty()) {
      throw ApiException.invalid(List.of(new FieldProblem("funnel", "Неизвестная воронка: " + funnel)));
    }
    if (caller.isAdmin()) {
      return null;
    }
    if (!mayRead()) {
      throw ApiException.forbidden("Отчёты доступны РОП, администраторам и менеджерам (свои показатели).");
    }
    boolean head = caller.isMemberOf(SchoolGroup.SALES_HEADS.id());
    if (!sales) {
      throw ApiException.forbidden("Отчёты по воронке «" + reports.ref(funnel).title() + "» доступны только администраторам.");
    }
    return head ? null : caller.userId();
  }

  private ReportScope scope(String funnel, LocalDate from, LocalDate to) {
    String own = scopeOf(funnel);
    LocalDate end = to != null ? to : caller.asSystem(reports::today);
    LocalDate start = from != null ? from : end.minusDays(29);
    List<FieldProblem> errors = new ArrayList<>();
    if (start.isAfter(end)) {
      errors.add(new FieldProblem("to", "Конец периода раньше начала"));
    } else if (start.plusDays(MAX_PERIOD_DAYS).isBefore(end.plusDays(1))) {
      errors.add(new FieldProblem("from", "Период не длиннее " + MAX_PERIOD_DAYS + " дней"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return reports.scope(funnel, start, end, own);
  }

  private void mayExport() {
    if (!caller.isAdmin() && !caller.isMemberOf(SchoolGroup.SALES_HEADS.id())) {
      throw ApiException.forbidden("Выгрузка отчётов доступна только РОП и администраторам.");
    }
  }

  private static ResponseEntity<byte[]> csv(ReportCsv csv, String name) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name + ".csv").build().toString())
        .body(csv.bytes());
  }
}
