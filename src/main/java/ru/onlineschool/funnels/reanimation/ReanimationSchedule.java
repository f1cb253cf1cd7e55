package ru.onlineschool.funnels.reanimation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.ClientClock;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Назначить дату реанимации» (bean {@code reanimationSchedule}): counts the contact's
 * reanimations so far ({@code reanimationsSoFar}), asks the table «Лимит реанимаций на клиента»
 * ({@code bpmn/reanimation-limit.dmn}) whether one more may start ({@code withinLimit}) and
 * fixes when the reanimation deal appears ({@code reanimateAt}): the day the client named, when
 * the table says to wait for it and the manager recorded one, else the table's delay; always on
 * working time.
 */
@Component("reanimationSchedule")
public class ReanimationSchedule implements JavaDelegate {

  static final String WITHIN_LIMIT = ProcessVariables.WITHIN_LIMIT;
  static final String REANIMATIONS_SO_FAR = ProcessVariables.REANIMATIONS_SO_FAR;
  static final String LIMIT_DECISION = "reanimation-limit";
  static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

  private final WorkingTime workingTime;
  private final DealStore deals;
  private final DealHistory history;
  private final ClientClock clientClock;

  public ReanimationSchedule(WorkingTime workingTime, DealStore deals, DealHistory history, ClientClock clientClock) {
    this.workingTime = workingTime;
    this.deals = deals;
    this.history = history;
    this.clientClock = clientClock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long contactId = ((Number) execution.getVariable(ProcessVariables.CONTACT_ID)).longValue();
    int sofar = history.dealsOfContact(contactId, Reanimation.PROCESS_KEY) + otherWaiting(execution, contactId);
    execution.setVariable(REANIMATIONS_SO_FAR, sofar);
    // A delegate runs without the caller's authorization checks: the table is evaluated as the system.
    boolean withinLimit =
        execution.getProcessEngineServices().getDecisionService()
            .evaluateDecisionTableByKey(LIMIT_DECISION)
            .variables(Variables.createVariables().putValue(REANIMATIONS_SO_FAR, sofar))
            .evaluate()
            .<Boolean>getSingleEntry();
    execution.setVariable(WITHIN_LIMIT, withinLimit);
    if (!withinLimit) {
      return;
    }
    Instant now = DealContext.now();
    Instant planned = returnDate(execution).orElseGet(() -> workingTime.plus(now, DealContext.text(execution, "reanimationDelay")));
    long originalDealId = ((Number) execution.getVariable(Reanimation.ORIGINAL_DEAL_ID)).longValue();
    // The cold call comes with the reanimation: it waits for a moment that suits the client (issue 17).
    Instant at = clientClock.plan(originalDealId, planned).at();
    execution.setVariable(Reanimation.REANIMATE_AT, Date.from(at));
    deals.appendTimeline(
        originalDealId,
        now,
        TimelineKind.NOTE,
        null,
        "Реанимация назначена на " + SHOWN.format(at.atZone(workingTime.zone())) + clientClock.both(at, clientClock.ofDeal(originalDealId).zone())
            + " (причина отказа «"
            + DealContext.text(execution, Reanimation.ORIGINAL_LOSS_REASON) + "»)",
        null);
  }

  /** Reanimations of the contact still waiting for their date (they have no deal yet). */
  private static int otherWaiting(DelegateExecution execution, long contactId) {
    return (int)
        execution.getProcessEngineServices().getRuntimeService()
            .createProcessInstanceQuery()
            .processDefinitionKey(Reanimation.PROCESS_KEY)
            .activityIdIn(Reanimation.WAIT_ACTIVITY)
            .variableValueEquals(ProcessVariables.CONTACT_ID, contactId)
            .list()
            .stream()
            .filter(pi -> !pi.getId().equals(execution.getProcessInstanceId()))
            .count();
  }

  /** The working morning of the day the client named; a day already past means now. */
  private Optional<Instant> returnDate(DelegateExecution execution) {
    Object value = execution.getVariable(Reanimation.RETURN_DATE);
    if (!Boolean.TRUE.equals(execution.getVariable("useReturnDate")) || value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    LocalDate day = value instanceof Date date ? workingTime.schoolDate(date.toInstant()) : parseDay(value.toString().trim());
    Instant morning = workingTime.normalise(day.atStartOfDay(workingTime.zone())).toInstant();
    Instant now = DealContext.now();
    return Optional.of(morning.isAfter(now) ? morning : workingTime.normalise(now.atZone(workingTime.zone())).toInstant());
  }

  private static LocalDate parseDay(String text) {
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Не удалось прочитать дату, когда клиент просил вернуться: «" + text + "»", e);
    }
  }
}
