package ru.onlineschool.funnels.engine;

import java.util.HashSet;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityLinkEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import ru.onlineschool.funnels.deal.DealCardQuery;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.StageTags;

/**
 * The engine's history as the school reads it (issue 21): the level {@code full} without the rows
 * nobody reads. Everything a person uses stays — Tasklist's «История» tab (the user operation log
 * and the task's comments), Cockpit's instance view (runtime data; finished instances are looked
 * up in the historic process instance), Cockpit's decision, job log and batch views, the deal
 * card of a closed deal (its historic variables), every activity a deal passed or waited in (the
 * process tests and an administrator's questions read the path), history cleanup. Left out:
 *
 * <ul>
 *   <li>every variable change as a row of its own ({@code ACT_HI_DETAIL}): the historic variable
 *       keeps its last value, and neither the webapps nor the application read the changes;
 *   <li>the historic copy of every variable but those the card of a closed deal reads and the
 *       deals a reanimation links ({@link #KEPT_VARIABLES}): the client's data lives in the
 *       contact (personal data is not copied where nobody reads it and where a client's request
 *       to be forgotten would have to find it), the course, lead type, outcome and loss reason in
 *       the deal, the lead's comment and every task's result in the timeline, payments in their
 *       table; the rest is the engine's working state (stage, candidate group, a task's reading
 *       aids, a table's outputs, counters of calls), and a task's answers are emptied after every
 *       task anyway ({@code FreshAnswers}), so their last value said nothing;
 *   <li>the decision history of «Автоматические теги этапов», evaluated on every stage a deal
 *       enters: its result is the deal's automatic tags;
 *   <li>the log of identity links (candidate groups and assignees of tasks over time): who was
 *       assigned by hand is in the user operation log, who worked a task in its historic task.
 *   <li>the steps a deal passes without waiting: gateways (exclusive, parallel, inclusive — the
 *       activities before and after each tell which way it went), the plain start event of an
 *       embedded sub-process and the sub-process itself. A lead passes five of them in its first
 *       transaction. Event-based gateways, where a deal waits, and end events stay.
 * </ul>
 *
 * <p>Its id is the one of {@code full}: the database keeps saying «full», so a database of
 * {@code full} starts with this level and back without a change, and whatever the engine does for
 * the level {@code full} (cleanup, removal times) it does for this one. When the engine asks
 * without an entity (at parse time, when deleting or cleaning up) the answer is yes, so old rows
 * of every kind are still removed.
 */
public class SchoolHistoryLevel extends AbstractHistoryLevel {

  public static final String NAME = "school";

  /**
   * The only variables with a historic copy: what the card of a closed deal shows from the
   * process (teacher, group, dates, payment type, source, the last call's lines) and the two ends
   * of a reanimation: the lost deal it was for and the sale it handed its client over to (a
   * reanimation has no business key of its own until it opens a deal). Everything else a deal
   * holds lives in our tables — the contact, the deal, its timeline, payments — or is the engine's
   * working state.
   */
  static final Set<String> KEPT_VARIABLES = keptVariables();

  private static Set<String> keptVariables() {
    Set<String> kept = new HashSet<>(DealCardQuery.READ_FROM_HISTORY);
    kept.add(ProcessVariables.SALE_DEAL_ID);
    kept.add(ProcessVariables.ORIGINAL_DEAL_ID);
    return Set.copyOf(kept);
  }

  /** Decisions evaluated too often for their history to tell anyone anything. */
  static final Set<String> UNRECORDED_DECISIONS = Set.of(StageTags.DECISION_KEY);

  /**
   * Steps a deal passes in the same instant as the one before, which tell nothing the activities
   * around them do not: gateways it does not wait in (the next activity tells the way), the plain
   * start event of an embedded sub-process and the sub-process itself (its first activity tells it
   * began, its end event that it ended). Message and timer start events, event-based gateways and
   * end events stay.
   */
  static final Set<String> PASS_THROUGH_STEPS =
      Set.of("exclusiveGateway", "parallelGateway", "inclusiveGateway", "complexGateway", "startEvent", "subProcess");

  private static final Set<HistoryEventType> ACTIVITY_EVENTS =
      Set.of(
          HistoryEventTypes.ACTIVITY_INSTANCE_START,
          HistoryEventTypes.ACTIVITY_INSTANCE_UPDATE,
          HistoryEventTypes.ACTIVITY_INSTANCE_END,
          HistoryEventTypes.ACTIVITY_INSTANCE_MIGRATE);

  private static boolean isPassThroughStep(ExecutionEntity execution) {
    ActivityImpl activity = execution.getActivity();
    return activity != null && PASS_THROUGH_STEPS.contains(activity.getProperty("type"));
  }

  @Override
  public int getId() {
    return HistoryLevel.HISTORY_LEVEL_FULL.getId();
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
    if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL) {
      return false;
    }
    if (entity == null) {
      return true;
    }
    if (entity instanceof VariableInstanceEntity variable
        && (eventType == HistoryEventTypes.VARIABLE_INSTANCE_CREATE
            || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE
            || eventType == HistoryEventTypes.VARIABLE_INSTANCE_DELETE)) {
      return KEPT_VARIABLES.contains(variable.getName());
    }
    if (entity instanceof DmnDecision decision && eventType == HistoryEventTypes.DMN_DECISION_EVALUATE) {
      return !UNRECORDED_DECISIONS.contains(decision.getKey());
    }
    if (entity instanceof ExecutionEntity execution && ACTIVITY_EVENTS.contains(eventType) && isPassThroughStep(execution)) {
      return false;
    }
    if (entity instanceof IdentityLinkEntity
        && (eventType == HistoryEventTypes.IDENTITY_LINK_ADD || eventType == HistoryEventTypes.IDENTITY_LINK_DELETE)) {
      return false;
    }
    return true;
  }
}
