package ru.onlineschool.funnels.deal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * Reads a deal card from the deal store; times are shown in the school's zone. A card costs a
 * fixed number of indexed queries whatever the deal's history: the deal with its contact, tags,
 * payments, duplicates, timeline and the contact's other deals from the deal store (each by an
 * index of docs/performance.md), the process variables, open tasks and timers of the deal's
 * instance from the engine, and the names of every employee on the card in one user query.
 */
@Component
public class DealCardQuery {

  /** Just enough of the deal to decide who may see it. */
  public record Visibility(String funnel, String responsible) {}

  /** The process variables the card shows. */
  private static final String[] CARD_VARIABLES = {
    ProcessVariables.TEACHER,
    ProcessVariables.START_DATE,
    ProcessVariables.GROUP,
    ProcessVariables.PAYMENT_TYPE,
    ProcessVariables.SOURCE,
    ProcessVariables.CALL_LABEL,
    ProcessVariables.CALL_NOTE,
    ProcessVariables.CALL_TIME_NOTE,
    ProcessVariables.SILENT_CALL_NAME,
    ProcessVariables.DECISION_CALL_NOTE
  };

  /**
   * The variables the card of a closed deal reads from the engine's history: the history level
   * «school» keeps a historic copy of these (engine/SchoolHistoryLevel).
   */
  public static final Set<String> READ_FROM_HISTORY = Set.of(CARD_VARIABLES);

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final JdbcTemplate jdbc;
  private final DealStore deals;
  private final DealPayments payments;
  private final IdentityService identity;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final TaskService tasks;
  private final ManagementService management;
  private final SystemAccess system;
  private final List<WebinarOfDeal> webinars;
  private final ZoneId zone;
  private final FunnelCatalog funnels;
  private final TaskReadingAids readingAids;
  private final ClientClock clientClock;
  private final TelegramStartLinks telegramLinks;

  private final TimerActivities timerActivities;

  public DealCardQuery(
      JdbcTemplate jdbc,
      DealStore deals,
      DealPayments payments,
      IdentityService identity,
      RuntimeService runtime,
      HistoryService history,
      TaskService tasks,
      ManagementService management,
      SystemAccess system,
      List<WebinarOfDeal> webinars,
      SchoolProperties properties,
      FunnelCatalog funnels,
      TaskReadingAids readingAids,
      ClientClock clientClock,
      TelegramStartLinks telegramLinks,
      TimerActivities timerActivities) {
    this.timerActivities = timerActivities;
    this.clientClock = clientClock;
    this.telegramLinks = telegramLinks;
    this.funnels = funnels;
    this.readingAids = readingAids;
    this.jdbc = jdbc;
    this.deals = deals;
    this.payments = payments;
    this.identity = identity;
    this.runtime = runtime;
    this.history = history;
    this.tasks = tasks;
    this.management = management;
    this.system = system;
    this.webinars = webinars;
    this.zone = properties.timeZone();
  }

  public Optional<Visibility> visibility(long dealId) {
    return jdbc.query(
            "SELECT funnel, responsible FROM deal WHERE id = ?",
            (rs, row) -> new Visibility(rs.getString(1), rs.getString(2)),
            dealId)
        .stream()
        .findFirst();
  }

  /** The deal's own row with its contact, before names and the engine's part are added. */
  private record Row(
      String funnel, Stage stage, String responsible, String course, java.math.BigDecimal budget, String leadType, String lossReason,
      String outcome, OffsetDateTime createdAt, OffsetDateTime closedAt, Long parentDealId, Long duplicateOf, long contactId,
      String processInstanceId, String name, String phone, String email, String messenger, String timeZone, String convenientFrom,
      String convenientTo) {}

  private record Other(long dealId, String funnel, Stage stage, String responsible, String outcome, OffsetDateTime createdAt) {}

  /**
   * The card as the caller may read it; the caller's right to the deal is checked by the
   * controller, the engine's part is read on the application's behalf.
   */
  public Optional<DealCard> card(long dealId) {
    Optional<Row> found =
        jdbc.query(
                "SELECT d.funnel, d.stage_code, d.stage_title, d.responsible, d.course, d.budget, d.lead_type,"
                    + " d.loss_reason, d.outcome, d.created_at, d.closed_at, d.parent_deal_id, d.duplicate_of,"
                    + " d.contact_id, d.process_instance_id, c.name, c.phone, c.email, c.messenger, c.time_zone, c.convenient_from,"
                    + " c.convenient_to"
                    + " FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
                DealCardQuery::row,
                dealId)
            .stream()
            .findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Row deal = found.get();
    List<TimelineEntry> timeline = deals.timeline(dealId);
    List<Other> others =
        jdbc.query(
            "SELECT id, funnel, stage_code, stage_title, responsible, outcome, created_at FROM deal"
                + " WHERE contact_id = ? AND id <> ? ORDER BY created_at DESC, id DESC",
            (rs, row) ->
                new Other(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3) == null ? null : new Stage(rs.getString(3), rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getObject(7, OffsetDateTime.class)),
            deal.contactId(),
            dealId);
    Set<String> staff = new LinkedHashSet<>();
    if (deal.responsible() != null) {
      staff.add(deal.responsible());
    }
    timeline.stream().map(TimelineEntry::userId).filter(id -> id != null).forEach(staff::add);
    others.stream().map(Other::responsible).filter(id -> id != null).forEach(staff::add);
    Map<String, String> names = names(staff);
    Map<String, Object> variables = variables(deal.processInstanceId());
    DealPayments.Balance balance = payments.balance(dealId);
    List<DealCard.Line> lines =
        timeline.stream()
            .map(
                e ->
                    new DealCard.Line(
                        format(e.occurredAt()),
                        e.kind().name(),
                        e.stageCode(),
                        e.text(),
                        e.userId(),
                        text(e.occurredAt()),
                        e.userId() == null ? null : names.getOrDefault(e.userId(), e.userId())))
            .toList();
    return Optional.of(
        new DealCard(
            dealId,
            contact(deal),
            new DealCard.FunnelRef(deal.funnel(), funnelTitle(deal.funnel())),
            deal.stage(),
            named(deal.responsible(), names),
            deal.course(),
            deal.budget(),
            balance.paid(),
            balance.text(),
            payments(dealId),
            deal.leadType(),
            deal.leadType() == null || deal.leadType().isBlank() ? null : readingAids.describe(deal.leadType()),
            deals.tags(dealId),
            deal.lossReason(),
            deal.outcome(),
            format(deal.createdAt()),
            format(deal.closedAt()),
            deal.parentDealId(),
            deal.duplicateOf(),
            duplicates(dealId),
            lines,
            string(variables.get(ProcessVariables.TEACHER)),
            dateText(variables.get(ProcessVariables.START_DATE)),
            string(variables.get(ProcessVariables.GROUP)),
            webinar(dealId),
            string(variables.get(ProcessVariables.PAYMENT_TYPE)),
            string(variables.get(ProcessVariables.SOURCE)),
            deals.leadSource(dealId).orElse(null),
            deal.closedAt() == null ? nextTouch(deal.processInstanceId(), callText(variables), variables, ClientClock.clientTime(deal.timeZone(), null, null).zone()) : null,
            others.stream()
                .map(o -> new DealCard.OtherDeal(o.dealId(), new DealCard.FunnelRef(o.funnel(), funnelTitle(o.funnel())), o.stage(), named(o.responsible(), names), o.outcome(), format(o.createdAt())))
                .toList(),
            null));
  }

  /** The planned call's label and, for a call the client asked for, its second line (seed 000 §2.3). */
  private static String callText(Map<String, Object> variables) {
    String label = string(variables.get(ProcessVariables.CALL_LABEL));
    String note = string(variables.get(ProcessVariables.CALL_NOTE));
    String timeNote = string(variables.get(ProcessVariables.CALL_TIME_NOTE));
    if (label == null) {
      return null;
    }
    return label + (note == null ? "" : " — " + note) + (timeNote == null ? "" : " — " + timeNote);
  }

  /**
   * What happens next on a deal: its open task due first (or one without a date); with no open
   * task, the timer the process waits for; empty when nothing is planned (the deal waits for the client).
   */
  private DealCard.NextTouch nextTouch(String processInstanceId, String callLabel, Map<String, Object> variables, ZoneId clientZone) {
    if (processInstanceId == null) {
      return null;
    }
    return system.asSystem(
        () -> {
          // An open task is the next touch (its boundary timers are its deadlines, not touches of their own).
          List<Task> open = tasks.createTaskQuery().processInstanceId(processInstanceId).list();
          Task firstTask = open.stream().filter(t -> t.getDueDate() != null).min(Comparator.comparing(Task::getDueDate)).orElse(null);
          if (firstTask != null) {
            return taskTouch(firstTask, callLabel, clientZone);
          }
          if (!open.isEmpty()) {
            return new DealCard.NextTouch(null, "Следующая задача: «" + open.get(0).getName() + "» — без срока");
          }
          // Nothing to do now: the process waits for a timer (the next call, a reminder).
          Job firstTimer =
              management.createJobQuery().processInstanceId(processInstanceId).timers().list().stream()
                  .filter(j -> j.getDuedate() != null)
                  .min(Comparator.comparing(Job::getDuedate))
                  .orElse(null);
          if (firstTimer == null) {
            return null;
          }
          Date due = firstTimer.getDuedate();
          String activity = timerActivities.activityOf(firstTimer);
          String waitingFor = waitingFor(activity, callLabel, variables);
          return new DealCard.NextTouch(
              format(due), waitingFor == null ? "Следующий шаг по плану: " + when(due, clientZone) : waitingFor.replace("{when}", when(due, clientZone)));
        });
  }

  /**
   * What the deal waits for at a timer of the models, as the card says it ({@code {when}} stands for
   * the moment): the planned calls by what they are about, the payment reminders; null for any other
   * timer («Следующий шаг по плану»).
   */
  private static String waitingFor(String activity, String callLabel, Map<String, Object> variables) {
    if (!PlannedTimers.isCall(activity) && !PlannedTimers.isPaymentReminder(activity)) {
      return null;
    }
    if (activity.contains("Recall") && callLabel != null) {
      return "Следующий звонок: {when} — " + callLabel;
    }
    String silentCall = string(variables.get(ProcessVariables.SILENT_CALL_NAME));
    if (activity.contains("SilentCall") && silentCall != null) {
      return "Следующий звонок: {when} — после предложения, " + silentCall;
    }
    if (activity.equals("Event_DayToThink")) {
      String line = string(variables.get(ProcessVariables.DECISION_CALL_NOTE));
      return "Следующий звонок: {when} — узнать решение" + (line == null ? "" : " (" + line + ")");
    }
    if (activity.contains("CallBackDue")) {
      return "Следующий звонок: {when} — клиент просил перезвонить";
    }
    if (PlannedTimers.isPaymentReminder(activity)) {
      return "Следующее напоминание об оплате: {when}";
    }
    return "Следующий звонок: {when}";
  }

  private DealCard.NextTouch taskTouch(Task task, String callLabel, ZoneId clientZone) {
    Date due = task.getDueDate();
    boolean call = "Activity_Recall".equals(task.getTaskDefinitionKey()) && callLabel != null;
    String text =
        call
            ? "Следующий звонок: " + when(due, clientZone) + " — " + callLabel
            : "Следующая задача: «" + task.getName() + "» — " + when(due, clientZone);
    return new DealCard.NextTouch(format(due), text);
  }

  /** {@link #when(Date)}, with the client's clock after it when he lives by another: «завтра, 10:00 по Москве (17:00 у клиента, Владивосток)». */
  private String when(Date at, ZoneId clientZone) {
    return when(at) + clientClock.both(at.toInstant(), clientZone);
  }

  /** «сегодня, 18:00», «завтра, 10:00», «вчера, 09:15» or «14.03.2026, 10:00» in the school's zone. */
  String when(Date at) {
    ZonedDateTime moment = at.toInstant().atZone(zone);
    LocalDate today = ClockUtil.getCurrentTime().toInstant().atZone(zone).toLocalDate();
    LocalDate day = moment.toLocalDate();
    String time = moment.format(TIME);
    if (day.equals(today)) {
      return "сегодня, " + time;
    }
    if (day.equals(today.plusDays(1))) {
      return "завтра, " + time;
    }
    if (day.equals(today.minusDays(1))) {
      return "вчера, " + time;
    }
    return moment.format(DAY) + ", " + time;
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> values = new HashMap<>();
    if (processInstanceId == null) {
      return values;
    }
    system.asSystem(
        () -> {
          runtime.createVariableInstanceQuery().processInstanceIdIn(processInstanceId).variableNameIn(CARD_VARIABLES).list()
              .forEach(v -> values.putIfAbsent(v.getName(), v.getValue()));
          if (values.isEmpty()) {
            history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableNameIn(CARD_VARIABLES).list()
                .forEach(v -> values.putIfAbsent(v.getName(), v.getValue()));
          }
        });
    return values;
  }

  private DealCard.Webinar webinar(long dealId) {
    return webinars.stream()
        .map(w -> w.of(dealId))
        .flatMap(Optional::stream)
        .map(w -> new DealCard.Webinar(w.title(), format(w.startsAt()), text(w.startsAt())))
        .findFirst()
        .orElse(null);
  }

  /** Names of employees by login, in one query; a login without a user keeps the login. */
  private Map<String, String> names(Set<String> userIds) {
    Map<String, String> names = new HashMap<>();
    if (userIds.isEmpty()) {
      return names;
    }
    List<User> users = system.asSystem(() -> identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list());
    for (User user : users) {
      String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " " + (user.getLastName() == null ? "" : user.getLastName())).strip();
      names.put(user.getId(), name.isEmpty() ? user.getId() : name);
    }
    return names;
  }

  private static DealCard.Named named(String userId, Map<String, String> names) {
    return userId == null ? null : new DealCard.Named(userId, names.getOrDefault(userId, userId));
  }

  private DealCard.Contact contact(Row deal) {
    String phone = deal.phone();
    boolean e164 = phone != null && phone.matches("\\+\\d{10,15}");
    return new DealCard.Contact(
        deal.name(),
        phone,
        deal.email(),
        e164 ? "tel:" + phone : null,
        e164 ? "https://wa.me/" + phone.substring(1) : null,
        e164 ? "https://t.me/" + phone : null,
        telegramLinks.link(deal.contactId()).orElse(null),
        channelTitle(deal.messenger()),
        deal.timeZone(),
        zoneTitle(deal.timeZone()),
        deal.convenientFrom(),
        deal.convenientTo(),
        ClientClock.windowText(ClientClock.clientTime(null, deal.convenientFrom(), deal.convenientTo())));
  }

  /** «Екатеринбург (UTC+5)»; without a zone of his own the client lives by the school's: «Москва (UTC+3) — пояс школы». */
  private String zoneTitle(String timeZone) {
    TimeZoneCatalog zones = TimeZoneCatalog.russia();
    ClientTime client = ClientClock.clientTime(timeZone, null, null);
    if (client.zone() != null) {
      return zones.of(client.zone()).map(TimeZoneCatalog.Zone::title).orElse(client.zone().getId());
    }
    return zones.of(zone).map(TimeZoneCatalog.Zone::title).orElse(zone.getId()) + " — пояс школы";
  }

  /** How the card names a stored messenger preference. */
  static String channelTitle(String messenger) {
    if (messenger == null || messenger.isBlank()) {
      return null;
    }
    return switch (messenger.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "whatsapp" -> "WhatsApp";
      case "telegram" -> "Telegram";
      case "email", "e-mail" -> "E-mail";
      case "phone", "call" -> "Телефон";
      default -> messenger.strip();
    };
  }

  private static Row row(ResultSet rs, int row) throws SQLException {
    return new Row(
        rs.getString("funnel"),
        rs.getString("stage_code") == null ? null : new Stage(rs.getString("stage_code"), rs.getString("stage_title")),
        rs.getString("responsible"),
        rs.getString("course"),
        rs.getBigDecimal("budget"),
        rs.getString("lead_type"),
        rs.getString("loss_reason"),
        rs.getString("outcome"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("closed_at", OffsetDateTime.class),
        rs.getObject("parent_deal_id", Long.class),
        rs.getObject("duplicate_of", Long.class),
        rs.getLong("contact_id"),
        rs.getString("process_instance_id"),
        rs.getString("name"),
        rs.getString("phone"),
        rs.getString("email"),
        rs.getString("messenger"),
        rs.getString("time_zone"),
        rs.getString("convenient_from"),
        rs.getString("convenient_to"));
  }

  private List<Long> duplicates(long dealId) {
    return jdbc.queryForList("SELECT id FROM deal WHERE duplicate_of = ? ORDER BY id", Long.class, dealId);
  }

  private List<DealCard.Payment> payments(long dealId) {
    return payments.payments(dealId).stream()
        .map(p -> new DealCard.Payment(p.reference(), p.amount(), p.currency(), format(p.receivedAt()), p.confirmedBy()))
        .toList();
  }

  private String funnelTitle(String code) {
    return funnels.title(code);
  }

  private static String string(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  /** A date variable («2026-03-14», a Date or an ISO date-time) as «14.03.2026». */
  private String dateText(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant().atZone(zone).format(DAY);
    }
    String text = value.toString().strip();
    try {
      return text.length() == 10 ? LocalDate.parse(text).format(DAY) : OffsetDateTime.parse(text).atZoneSameInstant(zone).format(DAY);
    } catch (RuntimeException notADate) {
      return text;
    }
  }

  private String format(OffsetDateTime at) {
    return at == null ? null : at.atZoneSameInstant(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private String format(Date at) {
    return at == null ? null : format(at.toInstant().atOffset(java.time.ZoneOffset.UTC));
  }

  /** «14.03.2026, 12:00» in the school's zone. */
  private String text(OffsetDateTime at) {
    if (at == null) {
      return null;
    }
    ZonedDateTime local = at.atZoneSameInstant(zone);
    return local.format(DAY) + ", " + local.format(TIME);
  }
}
