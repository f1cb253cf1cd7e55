package ru.onlineschool.funnels.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * Every Tasklist filter sorts by priority (highest first), then due date; after start the task
 * table has an index in that order for one assignee («Мои задачи») and for all tasks («Все задачи
 * отдела»), so the first page is read from it (issue 15). A second start changes nothing.
 */
@ApplicationTest
class TasklistIndexesTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired TasklistIndexes indexes;

  private List<String> columns(String index) {
    return jdbc.queryForList(
        "SELECT COLUMN_NAME || ' ' || ORDERING_SPECIFICATION FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
            + " WHERE TABLE_NAME = 'ACT_RU_TASK' AND INDEX_NAME = ? ORDER BY ORDINAL_POSITION",
        String.class, index);
  }

  @Test
  void theTaskTableHasIndexesInTheFiltersOrderAndASecondStartKeepsThem() {
    indexes.ensure();

    // The filters' order, the task's id last (ties of overnight leads), and the counts' columns.
    // The columns a filter fixes (the assignee, the active state) first: see TasklistQueryPlanTest.
    assertThat(columns("SCHOOL_TASK_MINE_PAGE"))
        .containsExactly("ASSIGNEE_ ASC", "SUSPENSION_STATE_ ASC", "PRIORITY_ DESC", "DUE_DATE_ ASC", "ID_ ASC");
    assertThat(columns("SCHOOL_TASK_ALL_PAGE")).containsExactly("SUSPENSION_STATE_ ASC", "PRIORITY_ DESC", "DUE_DATE_ ASC", "ID_ ASC");
    assertThat(columns("SCHOOL_TASK_MINE_DUE")).containsExactly("ASSIGNEE_ ASC", "SUSPENSION_STATE_ ASC", "DUE_DATE_ ASC", "PROC_DEF_ID_ ASC", "ID_ ASC");
    assertThat(columns("SCHOOL_TASK_ASSIGNEE_COUNT")).as("the earlier count index without the due date is gone").isEmpty();
    assertThat(columns("SCHOOL_TASK_ASSIGNEE_DUE_COUNT")).as("and the one with the definition before the due date").isEmpty();
    assertThat(columns("SCHOOL_TASK_COUNT")).containsExactly("PROC_DEF_ID_ ASC", "SUSPENSION_STATE_ ASC", "ID_ ASC");
    // The order's indexes without the id, of an earlier version, are gone.
    assertThat(columns("SCHOOL_TASK_ASSIGNEE_ORDER")).isEmpty();
    assertThat(columns("SCHOOL_TASK_ORDER")).isEmpty();
    assertThat(columns("SCHOOL_TASK_ASSIGNEE_PAGE")).isEmpty();
    assertThat(columns("SCHOOL_TASK_PAGE")).isEmpty();
  }
}
