package ru.onlineschool.funnels.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * Thousands of open «Продажа курса» tasks written straight into the engine's task table in one
 * batch, for tests of how Tasklist counts and shows a big school: creating them through the
 * engine would take minutes, and only their listing is under test. {@link #remove()} takes them
 * away again (call it after the test: the application context is shared).
 */
public final class BulkTasks {

  private static final String PREFIX = "bulk-test-";

  private final JdbcTemplate jdbc;
  private final String definition;
  private int written;

  public BulkTasks(JdbcTemplate jdbc, RepositoryService repository) {
    this.jdbc = jdbc;
    this.definition = repository.createProcessDefinitionQuery().processDefinitionKey("course-sale").latestVersion().singleResult().getId();
  }

  /** {@code n} active tasks due at {@code due}: assigned to {@code assignee}, or free for the managers' group when null. */
  public void write(int n, String assignee, Instant due) {
    List<Object[]> tasks = new ArrayList<>();
    List<Object[]> links = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (int i = 0; i < n; i++) {
      String id = PREFIX + (written++);
      tasks.add(new Object[] {id, definition, "Перезвонить клиенту", assignee, now, Timestamp.from(due)});
      if (assignee == null) {
        links.add(new Object[] {id + "-link", SchoolGroup.MANAGERS.id(), id});
      }
    }
    jdbc.batchUpdate(
        "insert into ACT_RU_TASK (ID_, REV_, PROC_DEF_ID_, NAME_, ASSIGNEE_, PRIORITY_, CREATE_TIME_, DUE_DATE_, SUSPENSION_STATE_, TASK_STATE_)"
            + " values (?, 1, ?, ?, ?, 50, ?, ?, 1, 'Created')",
        tasks);
    jdbc.batchUpdate("insert into ACT_RU_IDENTITYLINK (ID_, REV_, GROUP_ID_, TYPE_, TASK_ID_) values (?, 1, ?, 'candidate', ?)", links);
  }

  public void remove() {
    jdbc.update("delete from ACT_RU_IDENTITYLINK where TASK_ID_ like ?", PREFIX + "%");
    jdbc.update("delete from ACT_RU_TASK where ID_ like ?", PREFIX + "%");
    written = 0;
  }
}
