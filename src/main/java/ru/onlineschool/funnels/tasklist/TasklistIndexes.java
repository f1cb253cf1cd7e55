package ru.onlineschool.funnels.tasklist;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.StartupStep;

/**
 * Indexes on the engine's task table in the order every Tasklist filter sorts (priority highest
 * first, then due date, then the task's id; {@link TasklistFilters}), so the first page of a filter is read from the
 * index instead of sorting every matching task (issue 15, docs/performance.md): one for «Мои
 * задачи» (the assignee's tasks; also each half of «Просроченные» and «На сегодня», mine and the
 * free ones, engine/TaskQueryWithoutDistinct), one for «Все задачи отдела» (every task).
 *
 * <p>Created at start rather than by a Flyway migration: the engine creates its own tables after
 * our migrations have run on an empty database. {@code IF NOT EXISTS} makes the step idempotent
 * on H2 and PostgreSQL; the names are ours ({@code school_…}), so an engine upgrade that drops or
 * renames its own indexes leaves them alone.
 */
@Component
@Order(0)
public class TasklistIndexes implements StartupStep {

  private static final Logger log = LoggerFactory.getLogger(TasklistIndexes.class);

  /**
   * The columns a filter fixes by equality come first (the assignee of «Мои задачи», the active
   * state Tasklist always asks for), then the filters' order: so the first page is read from the
   * index on PostgreSQL and, with the query sorted by the fixed columns first
   * ({@code engine/FixedColumnsFirst}), on H2 too.
   */
  static final String ASSIGNEE_ORDER =
      "CREATE INDEX IF NOT EXISTS school_task_mine_page ON ACT_RU_TASK (ASSIGNEE_, SUSPENSION_STATE_, PRIORITY_ DESC, DUE_DATE_, ID_)";
  static final String ORDER =
      "CREATE INDEX IF NOT EXISTS school_task_all_page ON ACT_RU_TASK (SUSPENSION_STATE_, PRIORITY_ DESC, DUE_DATE_, ID_)";
  /**
   * Every list Tasklist shows comes with its count (the HAL list carries one, the filter's badge
   * another): {@code count(DISTINCT ID_)} over a manager's tasks, or everyone's, joined with the
   * definition. With the columns the count reads in one index PostgreSQL counts from the index
   * alone instead of visiting a heap page per task (16,736 tasks: 31 → 10 ms). The due date
   * follows the assignee and the state: «Просроченные» and «На сегодня» count and read my tasks
   * due before a moment as one range of it (engine/TaskQueryWithoutDistinct reads mine and my
   * groups' free ones apart), whether a manager has none of them due or thousands.
   */
  static final String ASSIGNEE_COUNT =
      "CREATE INDEX IF NOT EXISTS school_task_mine_due ON ACT_RU_TASK (ASSIGNEE_, SUSPENSION_STATE_, DUE_DATE_, PROC_DEF_ID_, ID_)";
  static final String COUNT = "CREATE INDEX IF NOT EXISTS school_task_count ON ACT_RU_TASK (PROC_DEF_ID_, SUSPENSION_STATE_, ID_)";
  /**
   * Earlier versions' indexes, replaced by those above: the pages without the task's id, then
   * without the fixed columns in front (which H2 could not use); the assignee's count without the
   * due date, then with the definition before it (no range of due dates).
   */
  static final String[] EARLIER = {
    "DROP INDEX IF EXISTS school_task_assignee_count",
    "DROP INDEX IF EXISTS school_task_assignee_due_count",
    "DROP INDEX IF EXISTS school_task_assignee_order",
    "DROP INDEX IF EXISTS school_task_order",
    "DROP INDEX IF EXISTS school_task_assignee_page",
    "DROP INDEX IF EXISTS school_task_page"
  };

  private final JdbcTemplate jdbc;

  public TasklistIndexes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void ensure() {
    List<String> statements = new ArrayList<>(List.of(ASSIGNEE_ORDER, ORDER, ASSIGNEE_COUNT, COUNT));
    statements.addAll(List.of(EARLIER));
    for (String index : statements) {
      try {
        jdbc.execute(index);
      } catch (DataAccessException e) {
        // Another node creating the same index at the same moment; Tasklist works without it, slower.
        log.warn("Tasklist index not created ({}): {}", index, e.getMessage());
      }
    }
  }
}
