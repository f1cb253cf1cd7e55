package ru.onlineschool.funnels.delivery;

import ru.onlineschool.funnels.api.TextRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.StageRecorder;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * Changes of a delivery deal from outside: new course dates or group, and a student who quits.
 * Pending timers follow new dates: every waiting timer whose definition in the model mentions
 * {@code startDate} or {@code endDate} gets its due date recalculated by the engine from the
 * model's own expression ({@code ManagementService#recalculateJobDuedate}), so a process owner who
 * adds another date-based timer in Modeler needs no Java change. Each request is one transaction
 * with the engine's: rejected means nothing changed.
 */
@Service
public class CourseSchedule {

  /** Timer expressions that depend on the course dates. */
  static final Pattern DATE_DEPENDENT = Pattern.compile("\\b(startDate|endDate)\\b");
  /** Stages after which the dates no longer matter. */
  static final Set<String> COURSE_OVER = Set.of("FINISHED", "CERT_SENT");
  static final int MAX_REASON = 100;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

  private final RuntimeService runtime;
  private final ManagementService management;
  private final RepositoryService repository;
  private final DeliveryDeals deliveryDeals;
  private final DealStore deals;
  private final ZoneId zone;

  public CourseSchedule(
      RuntimeService runtime,
      ManagementService management,
      RepositoryService repository,
      DeliveryDeals deliveryDeals,
      DealStore deals,
      WorkingTime workingTime) {
    this.runtime = runtime;
    this.management = management;
    this.repository = repository;
    this.deliveryDeals = deliveryDeals;
    this.deals = deals;
    this.zone = workingTime.zone();
  }

  /** A timer that moved: its name in the model and its new due moment. */
  public record MovedTimer(String activityId, String name, Instant dueAt) {}

  /** The deal's course data after a change. */
  public record CourseDates(long dealId, String startDate, String endDate, String group, List<MovedTimer> movedTimers) {}

  /** Sets whichever of start, end and group is given and moves the pending timers. */
  @Transactional
  public CourseDates change(long dealId, LocalDate newStart, LocalDate newEnd, String newGroup, String userId) {
    if (newStart == null && newEnd == null && newGroup == null) {
      throw DeliveryProblem.badRequest("Укажите хотя бы одно из полей: startDate, endDate, group");
    }
    if (newGroup != null && (newGroup.isBlank() || newGroup.length() > 60 || TextRules.hasControlCharacters(newGroup, false))) {
      throw DeliveryProblem.badRequest("Группа — непустая строка не длиннее 60 символов, без управляющих символов");
    }
    ProcessInstance instance = openInstance(dealId);
    DeliveryDeals.DealState state = deliveryDeals.find(dealId).orElseThrow();
    if (COURSE_OVER.contains(state.stageCode())) {
      throw DeliveryProblem.conflict("Курс уже пройден (этап «" + stageTitle(instance) + "»): даты курса больше не меняются");
    }
    String id = instance.getId();
    LocalDate oldStart = date(runtime.getVariable(id, CourseDelivery.START_DATE));
    LocalDate oldEnd = date(runtime.getVariable(id, CourseDelivery.END_DATE));
    String oldGroup = (String) runtime.getVariable(id, CourseDelivery.GROUP);
    LocalDate start = newStart != null ? newStart : oldStart;
    LocalDate end = newEnd != null ? newEnd : oldEnd;
    if (start != null && end != null && !end.isAfter(start)) {
      throw DeliveryProblem.badRequest(
          "Дата окончания (" + DAY.format(end) + ") должна быть позже даты начала (" + DAY.format(start) + ")");
    }
    if (newStart != null) {
      runtime.setVariable(id, CourseDelivery.START_DATE, newStart.toString());
    }
    if (newEnd != null) {
      runtime.setVariable(id, CourseDelivery.END_DATE, newEnd.toString());
    }
    if (newGroup != null) {
      runtime.setVariable(id, CourseDelivery.GROUP, newGroup.trim());
    }
    List<MovedTimer> moved = newStart != null || newEnd != null ? moveTimers(instance) : List.of();

    List<String> changes = new ArrayList<>();
    if (newStart != null && !newStart.equals(oldStart)) {
      changes.add("начало " + day(oldStart) + " → " + DAY.format(newStart));
    }
    if (newEnd != null && !newEnd.equals(oldEnd)) {
      changes.add("окончание " + day(oldEnd) + " → " + DAY.format(newEnd));
    }
    if (newGroup != null && !newGroup.trim().equals(oldGroup)) {
      changes.add("группа " + (oldGroup == null ? "—" : oldGroup) + " → " + newGroup.trim());
    }
    String text = "Данные курса изменены: " + (changes.isEmpty() ? "без изменений" : String.join(", ", changes));
    if (!moved.isEmpty()) {
      text +=
          ". Перенесены: "
              + String.join(", ", moved.stream().map(t -> "«" + t.name() + "» на " + MOMENT.format(t.dueAt().atZone(zone))).toList());
    }
    deals.appendTimeline(dealId, DealContext.now(), TimelineKind.NOTE, null, text, userId);
    return new CourseDates(
        dealId, Objects.toString(runtime.getVariable(id, CourseDelivery.START_DATE), null),
        Objects.toString(runtime.getVariable(id, CourseDelivery.END_DATE), null),
        (String) runtime.getVariable(id, CourseDelivery.GROUP), moved);
  }

  /** The student quits: the deal closes as «Закрыто не реализовано» with the reason, from any stage. */
  @Transactional
  public void withdraw(long dealId, String reason, String userId) {
    if (reason == null || reason.isBlank()) {
      throw DeliveryProblem.badRequest("Укажите причину (reason), по которой ученик уходит");
    }
    if (reason.trim().length() > MAX_REASON) {
      throw DeliveryProblem.badRequest("Причина — не длиннее " + MAX_REASON + " символов");
    }
    if (TextRules.hasControlCharacters(reason.trim(), false)) {
      throw DeliveryProblem.badRequest("Причина — одна строка без управляющих символов");
    }
    ProcessInstance instance = openInstance(dealId);
    deals.appendTimeline(dealId, DealContext.now(), TimelineKind.NOTE, null, "Ученик уходит с курса: " + reason.trim(), userId);
    runtime
        .createMessageCorrelation(CourseDelivery.STUDENT_WITHDREW)
        .processInstanceId(instance.getId())
        .setVariable(StageRecorder.LOSS_REASON_VARIABLE, reason.trim())
        .correlate();
  }

  /** Who may change a delivery deal through the API. */
  public static boolean mayChange(Set<String> groups) {
    return groups.contains(SchoolGroup.CURATORS.id())
        || groups.contains(SchoolGroup.SALES_HEADS.id())
        || groups.contains(SchoolGroup.ADMINS.id())
        || groups.contains(SchoolGroup.CAMUNDA_ADMIN);
  }

  private ProcessInstance openInstance(long dealId) {
    DeliveryDeals.DealState state =
        deliveryDeals.find(dealId).filter(d -> CourseDelivery.PROCESS_KEY.equals(d.funnel())).orElseThrow(() -> DeliveryProblem.notFound(dealId));
    ProcessInstance instance =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(CourseDelivery.PROCESS_KEY)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .singleResult();
    if (state.closed() || instance == null) {
      throw DeliveryProblem.conflict("Сделка №" + dealId + " уже закрыта: менять её нельзя");
    }
    return instance;
  }

  private List<MovedTimer> moveTimers(ProcessInstance instance) {
    List<MovedTimer> moved = new ArrayList<>();
    var model = repository.getBpmnModelInstance(instance.getProcessDefinitionId());
    for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
      JobDefinition definition = management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult();
      ModelElementInstance element = model.getModelElementById(definition.getActivityId());
      if (element == null || !dependsOnCourseDates(element)) {
        continue;
      }
      management.recalculateJobDuedate(job.getId(), false);
      Date due = management.createJobQuery().jobId(job.getId()).singleResult().getDuedate();
      String name = element instanceof FlowElement flowElement ? flowElement.getName() : definition.getActivityId();
      moved.add(new MovedTimer(definition.getActivityId(), name, due.toInstant()));
    }
    return moved;
  }

  private static boolean dependsOnCourseDates(ModelElementInstance element) {
    return element.getChildElementsByType(TimerEventDefinition.class).stream()
        .anyMatch(
            timer ->
                Stream.of(timer.getTimeDate(), timer.getTimeCycle(), timer.getTimeDuration())
                    .filter(Objects::nonNull)
                    .anyMatch(expression -> DATE_DEPENDENT.matcher(expression.getTextContent()).find()));
  }

  private String stageTitle(ProcessInstance instance) {
    return Objects.toString(runtime.getVariable(instance.getId(), StageRecorder.STAGE_TITLE_VARIABLE), "");
  }

  private static LocalDate date(Object value) {
    return value == null || value.toString().isBlank() ? null : LocalDate.parse(value.toString().substring(0, 10));
  }

  private static String day(LocalDate date) {
    return date == null ? "—" : DAY.format(date);
  }
}
