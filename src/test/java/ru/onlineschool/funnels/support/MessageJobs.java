package ru.onlineschool.funnels.support;

import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Runs the jobs in front of «Сообщение клиенту: …» tasks ({@code asyncBefore}), as the job
 * executor would; tests keep the executor off and run them themselves.
 */
public final class MessageJobs {

  private MessageJobs() {}

  /** Executes every pending asynchronous continuation of the instance; returns how many ran. */
  public static int run(ManagementService management, String processInstanceId) {
    int ran = 0;
    List<Job> jobs;
    while (!(jobs = management.createJobQuery().processInstanceId(processInstanceId).messages().executable().list()).isEmpty()) {
      for (Job job : jobs) {
        management.executeJob(job.getId());
        ran++;
      }
      if (ran > 50) {
        throw new IllegalStateException("Слишком много асинхронных шагов подряд в процессе " + processInstanceId);
      }
    }
    return ran;
  }
}
