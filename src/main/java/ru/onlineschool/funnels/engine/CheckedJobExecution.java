package ru.onlineschool.funnels.engine;

import org.camunda.bpm.engine.impl.ManagementServiceImpl;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * The engine's management service, except that a job run by hand ({@code executeJob}: engine
 * REST's {@code POST /job/{id}/execute}, the Java API) is checked before
 * the job starts, in a transaction of its own that changes nothing.
 *
 * <p>Camunda checks the caller's right inside the job's own command, and its job-failure handling
 * then treats the refusal like any failure of the job: retries go down, the third refusal leaves a
 * failed-job incident, and the timer (the 15-minute first-contact escalation) never fires. That
 * handling wraps every command of the job, so it cannot be cured by a command interceptor; it has
 * to be kept from starting.
 *
 * <p>The rule is the engine's own (UPDATE on the instance or UPDATE_INSTANCE on its definition)
 * for a job of a process; a job of no process — history cleanup, the seed and work of batches
 * an administrator started — has no owner the engine could ask about, and only an administrator
 * may run it by hand.
 */
class CheckedJobExecution extends ManagementServiceImpl {

  CheckedJobExecution(ProcessEngineConfigurationImpl configuration) {
    super(configuration);
  }

  @Override
  public void executeJob(String jobId) {
    commandExecutor.execute(new MayExecuteJob(jobId));
    super.executeJob(jobId);
  }

  private record MayExecuteJob(String jobId) implements Command<Void> {

    @Override
    public Void execute(CommandContext context) {
      JobEntity job = jobId == null ? null : context.getJobManager().findJobById(jobId);
      if (job == null) {
        return null; // the engine's own answer (no id, no such job) comes next, before anything runs
      }
      if (job.getProcessDefinitionKey() == null) {
        context.getAuthorizationManager().checkCamundaAdmin();
      }
      for (CommandChecker checker : context.getProcessEngineConfiguration().getCommandCheckers()) {
        checker.checkUpdateJob(job);
      }
      return null;
    }
  }
}
