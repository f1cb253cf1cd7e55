package ru.onlineschool.funnels.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;
import ru.onlineschool.funnels.report.Reports.Board;
import ru.onlineschool.funnels.report.Reports.BoardStage;
import ru.onlineschool.funnels.report.Reports.Conversion;
import ru.onlineschool.funnels.report.Reports.FirstContact;
import ru.onlineschool.funnels.report.Reports.FunnelRef;
import ru.onlineschool.funnels.report.Reports.LossReason;
import ru.onlineschool.funnels.report.Reports.LossReasons;
import ru.onlineschool.funnels.report.Reports.ManagerFirstContact;
import ru.onlineschool.funnels.report.Reports.ManagerWorkload;
import ru.onlineschool.funnels.report.Reports.Workload;

/** Builds the reports; who may ask for what is decided before, by {@link ReportController}. */
@Service
@Transactional(readOnly = true)
public class ReportService {

  private final ReportQueries queries;
  private final TaskService tasks;
  private final IdentityService identity;
  private final StaffDirectory staff;
  private final ReportProperties properties;
  private final ZoneId zone;
  private final FunnelCatalog funnels;

  public ReportService(
      ReportQueries queries, TaskService tasks, IdentityService identity, StaffDirectory staff, ReportProperties properties,
      SchoolProperties school, FunnelCatalog funnels) {
    this.funnels = funnels;
    this.queries = queries;
    this.tasks = tasks;
    this.identity = identity;
    this.staff = staff;
    this.properties = properties;
    this.zone = school.timeZone();
  }

  /** The scope of whole days {@code from}..{@code to} in the school's zone. */
  ReportScope scope(String funnel, LocalDate from, LocalDate to, String responsible) {
    return new ReportScope(
        funnel, from, to, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(), responsible);
  }

  LocalDate today() {
    return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), zone);
  }

  public Board board(String funnel, String responsible) {
    List<BoardStage> stages = queries.board(funnel, responsible);
    return new Board(ref(funnel), stages, stages.stream().mapToLong(BoardStage::deals).sum());
  }

  public Conversion conversion(ReportScope scope) {
    ReportQueries.ConversionFigures figures = queries.conversion(scope);
    return new Conversion(ref(scope.funnel()), scope.from(), scope.to(), figures.stages(), figures.transitions(), figures.notSale());
  }

  /** Leads and their conversion by source: channel, utm_source, utm_campaign (issue 19). */
  public Reports.Sources sources(ReportScope scope) {
    return queries.sources(scope, ref(scope.funnel()));
  }

  /** Lost sales by reason; the deals closed as not a sale («Дубль», «Тест», «Спам») apart. */
  public LossReasons lossReasons(ReportScope scope) {
    ReportQueries.LossFigures figures = queries.lossReasons(scope);
    List<LossReason> reasons = figures.sales();
    return new LossReasons(
        ref(scope.funnel()), scope.from(), scope.to(), reasons.stream().mapToLong(LossReason::deals).sum(), reasons, figures.notSale());
  }

  /**
   * Per manager: of her leads created in the period, how many were answered within the allowed
   * time, and the median time to the first answer. A lead not answered yet counts as missed once
   * its time is up; before that it is not counted at all.
   */
  public FirstContact firstContact(ReportScope scope) {
    Duration sla = properties.firstContactSla();
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Map<String, List<ReportQueries.Lead>> byManager = new TreeMap<>();
    for (ReportQueries.Lead lead : queries.leads(scope)) {
      boolean pending = lead.firstContactAt() == null && lead.createdAt().plus(sla).isAfter(now);
      if (!pending) {
        byManager.computeIfAbsent(lead.responsible(), k -> new ArrayList<>()).add(lead);
      }
    }
    List<ManagerFirstContact> managers = new ArrayList<>();
    byManager.forEach(
        (manager, leads) -> {
          List<Duration> waits =
              leads.stream().filter(l -> l.firstContactAt() != null).map(l -> Duration.between(l.createdAt(), l.firstContactAt())).toList();
          long within = waits.stream().filter(w -> w.compareTo(sla) <= 0).count();
          managers.add(
              new ManagerFirstContact(
                  manager,
                  name(manager),
                  leads.size(),
                  waits.size(),
                  within,
                  ReportQueries.percent(within, leads.size()),
                  ReportQueries.medianMinutes(waits)));
        });
    return new FirstContact(ref(scope.funnel()), scope.from(), scope.to(), sla.toMinutes(), managers);
  }

  /**
   * Per manager, the open tasks of the funnel assigned to her and due by the end of today (the
   * Tasklist filter «На сегодня»), and the time they take at the configured minutes a task.
   * Read as the application: the caller's right to see these figures is checked already.
   */
  public Workload workload(String funnel, String responsible) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Date endOfToday = Date.from(today.plusDays(1).atStartOfDay(zone).toInstant());
    List<String> managers =
        responsible != null
            ? List.of(responsible)
            : identity.createUserQuery().memberOfGroup(SchoolGroup.MANAGERS.id()).orderByUserId().asc().list().stream()
                .map(User::getId)
                .toList();
    int perTask = properties.minutesPerTask();
    List<ManagerWorkload> rows = new ArrayList<>();
    for (String manager : managers) {
      long due = tasks.createTaskQuery().processDefinitionKey(funnel).taskAssignee(manager).dueBefore(endOfToday).count();
      long overdue = tasks.createTaskQuery().processDefinitionKey(funnel).taskAssignee(manager).dueBefore(Date.from(now)).count();
      rows.add(new ManagerWorkload(manager, name(manager), due, overdue, due * perTask, estimate(due, perTask)));
    }
    return new Workload(ref(funnel), today, perTask, rows);
  }

  /** «45 задач ≈ 2 ч 15 мин» (seed 001: every morning a manager knows how long her tasks take). */
  static String estimate(long tasks, int minutesPerTask) {
    long minutes = tasks * minutesPerTask;
    String time = minutes >= 60 ? (minutes / 60) + " ч " + (minutes % 60) + " мин" : minutes + " мин";
    return tasks + " " + plural(tasks, "задача", "задачи", "задач") + " ≈ " + time;
  }

  static String plural(long n, String one, String few, String many) {
    long lastTwo = n % 100;
    long last = n % 10;
    if (lastTwo >= 11 && lastTwo <= 14) {
      return many;
    }
    if (last == 1) {
      return one;
    }
    return last >= 2 && last <= 4 ? few : many;
  }

  String name(String userId) {
    return staff.nameOf(userId);
  }

  FunnelRef ref(String funnel) {
    return new FunnelRef(funnel, funnels.title(funnel));
  }
}
