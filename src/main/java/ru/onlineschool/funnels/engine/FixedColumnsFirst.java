package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.Direction;
import org.camunda.bpm.engine.impl.QueryOrderingProperty;
import org.camunda.bpm.engine.impl.QueryPropertyImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryProperty;
import org.camunda.bpm.engine.impl.persistence.entity.SuspensionState;

/**
 * Lets H2 read the first page of a Tasklist filter from an index in the filter's order (issue 15).
 *
 * <p>The filters sort by priority, due date and task id ({@code tasklist/TasklistFilters}), and
 * {@code tasklist/TasklistIndexes} keeps indexes that start with the columns a filter fixes by
 * equality — the assignee of «Мои задачи», the «active» state Tasklist always asks for — followed
 * by that order. PostgreSQL reads such an index in order by itself. H2's planner does not: it
 * matches an {@code ORDER BY} against an index column by column from the first, so it sorted all
 * 16,709 tasks of a manager to show 15 (150–230 ms warm at 50,000 open deals).
 *
 * <p>Sorting first by a column every row of the result has the same value in changes nothing
 * in the order; it only lets H2 see that the index delivers it. So when a query fixes the
 * assignee and/or the active state and is sorted by priority first (the regulation's order), those
 * columns are put in front of its ordering, in the index's order; or-queries («Просроченные», «На
 * сегодня»: mine or my groups') get the active state in front (below). Any order a user chose that
 * does not begin with priority is left alone. Idempotent: the REST API runs one query object for the page and
 * again for the count.
 */
final class FixedColumnsFirst {

  static final QueryPropertyImpl SUSPENSION_STATE = new QueryPropertyImpl("SUSPENSION_STATE_");

  private FixedColumnsFirst() {}

  static void apply(TaskQueryImpl query) {
    List<QueryOrderingProperty> order = query.getOrderingProperties();
    if (order.isEmpty() || order.get(0).getRelation() != null) {
      return;
    }
    if (!TaskQueryProperty.PRIORITY.equals(order.get(0).getQueryProperty())) {
      return;
    }
    if (query.getQueries().size() > 1) {
      if (query.getQueries().size() == 2 && query.getSuspensionState() == SuspensionState.ACTIVE && query.getAssignee() == null && narrowsOnlyByDue(query)) {
        order.add(0, new QueryOrderingProperty(SUSPENSION_STATE, Direction.ASCENDING));
      }
      return;
    }
    List<QueryOrderingProperty> fixed = new ArrayList<>();
    if (query.getAssignee() != null) {
      fixed.add(new QueryOrderingProperty(TaskQueryProperty.ASSIGNEE, Direction.ASCENDING));
    }
    if (query.getSuspensionState() == SuspensionState.ACTIVE && (query.getAssignee() != null || narrowsNothingElse(query))) {
      fixed.add(new QueryOrderingProperty(SUSPENSION_STATE, Direction.ASCENDING));
    }
    order.addAll(0, fixed);
  }

  /**
   * Whether the query keeps nearly every task («Все задачи отдела»), so reading the index in order
   * finds a page at once. A query that narrows by candidate group, «unassigned» or due date may
   * match few of 50,000 tasks: reading the whole index in order to find them is slower than the
   * plan H2 picks by itself («Задачи группы»: 68 ms before, 1.6 s with the order forced).
   */
  private static boolean narrowsNothingElse(TaskQueryImpl query) {
    return narrowsOnlyByDue(query)
        && query.getDueDate() == null
        && query.getDueBefore() == null
        && query.getDueAfter() == null;
  }

  /**
   * Or-queries («Просроченные», «На сегодня»: mine or my groups' free tasks, due before a moment):
   * no index serves an «or» over the assignee and the candidate groups. With the task state first
   * in the order, {@code TaskQueryWithoutDistinct} recognises the filters' order and reads the
   * page as two halves, my tasks and the free ones, each from an index on the assignee — by its due
   * range or in the filters' order, whichever reads less
   * (as one statement H2 sorted 16,709 tasks of a manager for a page of 15, 150–270 ms at 50,000
   * open deals, and then walked every active task of the school). The condition «unassigned» or a
   * candidate group on the main query (not in the «or») would let H2 pick another index, as for
   * «Задачи группы»: left alone.
   */
  private static boolean narrowsOnlyByDue(TaskQueryImpl query) {
    return !query.isUnassigned()
        && query.getCandidateGroup() == null
        && query.getCandidateGroupsInternal() == null
        && query.getCandidateUser() == null;
  }
}
