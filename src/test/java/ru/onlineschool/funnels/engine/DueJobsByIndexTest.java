package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * Issue 21: the job executor finds due jobs through an index on the due date, so every job needs
 * one. A job an older version left without a due date must not be forgotten by the acquisition,
 * which no longer asks for empty due dates.
 */
@ApplicationTest
class DueJobsByIndexTest {

  @Autowired ProcessEngine engine;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;

  @Test
  void theJobExecutorAcquiresByDueDateThroughItsIndex() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();
    assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
    assertThat(jdbc.queryForObject(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'ACT_RU_JOB' AND INDEX_NAME = ?", Integer.class, DueJobsByIndex.INDEX))
        .isEqualTo(1);
  }

  @Test
  void aJobWithoutDueDateFromAnOlderVersionGetsItsCreationTimeAtTheNextStart() {
    // The demo deals wait on timers; one of them as an older version would have left a message job.
    Job job = management.createJobQuery().timers().active().listPage(0, 1).get(0);
    Date due = job.getDuedate();
    try {
      jdbc.update("UPDATE ACT_RU_JOB SET DUEDATE_ = NULL WHERE ID_ = ?", job.getId());
      assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getDuedate()).isNull();

      DueJobsByIndex.prepare((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());

      Job after = management.createJobQuery().jobId(job.getId()).singleResult();
      assertThat(after.getDuedate()).isEqualTo(after.getCreateTime());
      // Due, so the acquisition (due date passed) takes it.
      assertThat(management.createJobQuery().jobId(job.getId()).duedateLowerThan(new Date()).count()).isEqualTo(1);
    } finally {
      jdbc.update("UPDATE ACT_RU_JOB SET DUEDATE_ = ? WHERE ID_ = ?", new Timestamp(due.getTime()), job.getId());
    }
  }

  @Test
  void aSecondStartChangesNothing() {
    long before = management.createJobQuery().count();
    DueJobsByIndex.prepare((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
    assertThat(management.createJobQuery().count()).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB WHERE DUEDATE_ IS NULL", Integer.class)).isZero();
  }
}
