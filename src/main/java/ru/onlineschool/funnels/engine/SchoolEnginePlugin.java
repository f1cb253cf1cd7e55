package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.function.Supplier;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.StageRecorder;
import ru.onlineschool.funnels.deal.TaskReadingAids;
import ru.onlineschool.funnels.deal.TaskResultRecorder;
import ru.onlineschool.funnels.form.FreshAnswers;
import ru.onlineschool.funnels.form.TaskCompletionGuard;
import ru.onlineschool.funnels.identity.LoginThrottle;
import ru.onlineschool.funnels.identity.ThrottledIdentityProvider;

/**
 * Our settings of the engine that are not plain properties: staff work tasks (TASK_WORK), they
 * do not change them (UPDATE), every flow node
 * marked with a {@code stage} extension property records the deal's stage when entered, every
 * completion of a user task is checked against its form ({@link TaskCompletionGuard}), and
 * passwords are checked behind the login throttle ({@link ThrottledIdentityProvider}). The
 * models and forms of the repository are deployed once the engine is built. Queries with
 * expressions from anyone but an administrator are refused in front of every command
 * ({@link QueryExpressionGuard}). The engine's history leaves out what nobody reads
 * ({@link SchoolHistoryLevel}). The engine writes no authorization per task
 * ({@link DefinitionGrantsOnly}); a task is worked only by its assignee, the head of its funnel or
 * an administrator ({@link TaskWorkGuard}). The job executor acquires due jobs through an index on
 * their due date ({@link DueJobsByIndex}). FEEL expressions are parsed once ({@link FeelParsedOnce}).
 */
@Component
public class SchoolEnginePlugin extends AbstractProcessEnginePlugin {

  private final StageRecorder stageRecorder;
  private final TaskResultRecorder taskResultRecorder;
  private final LoginThrottle loginThrottle;
  private final TaskReadingAids readingAids;

  public SchoolEnginePlugin(
      StageRecorder stageRecorder, TaskResultRecorder taskResultRecorder, LoginThrottle loginThrottle, TaskReadingAids readingAids) {
    this.stageRecorder = stageRecorder;
    this.taskResultRecorder = taskResultRecorder;
    this.loginThrottle = loginThrottle;
    this.readingAids = readingAids;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // The engine's SQL mappings read query properties through OGNL; remember the getters (issue 15).
    RememberedGetters.install();
    // Only read by Camunda's default provider, which we replace; kept so that no path can grant UPDATE.
    configuration.setDefaultUserPermissionForTask(TaskPermissions.TASK_WORK);
    configuration.setJavaSerializationFormatEnabled(false);
    // History without the rows nobody reads (issue 21); camunda.bpm.history-level names it.
    if (configuration.getCustomHistoryLevels() == null) {
      configuration.setCustomHistoryLevels(new ArrayList<>());
    }
    configuration.getCustomHistoryLevels().add(new SchoolHistoryLevel());
    // Every password check goes through our throttle; the engine's lock «for good» is gone.
    configuration.setIdentityProviderSessionFactory(new ThrottledIdentityProvider.Factory(loginThrottle));
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<BpmnParseListener>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new StageParseListener(stageRecorder, taskResultRecorder, new FreshAnswers(), readingAids));
    addPreCommandInterceptor(configuration, () -> new QueryExpressionGuard(configuration));
    // A filter's count (Tasklist's badge and pager) stops at 1,001 tasks (issue 15).
    addPreCommandInterceptor(configuration, FilterCountBound::new);
    // Grants come from the groups' rights on the funnels' definitions, none per task; who may work
    // a task is decided from the task as it is now, before its form is checked.
    configuration.setResourceAuthorizationProvider(new DefinitionGrantsOnly());
    // ...which lets a task query ask for «tasks of these funnels» instead of joining every task
    // with the authorization table (issue 15).
    if (configuration.getCustomSessionFactories() == null) {
      configuration.setCustomSessionFactories(new ArrayList<>());
    }
    configuration.getCustomSessionFactories().add(new TaskReadByFunnel.Factory());
    // The school is one tenant: without this every query of a signed-in user carries
    // «TENANT_ID_ IS NULL», which H2 answers from the tenant index — every row (issue 15).
    configuration.setTenantCheckEnabled(false);
    addPostCommandInterceptor(configuration, () -> new TaskWorkGuard(configuration));
    addPostCommandInterceptor(configuration, TaskCompletionGuard::new);
    // A refusal of ours (a form answer, a payment, a task that is not hers) is one WARN line.
    RefusalLogging.install(configuration);
    // A job run by hand is checked before it starts: a refusal must not count as a failed attempt.
    configuration.setManagementService(new CheckedJobExecution(configuration));
    // Every job has a due date and the job executor finds the due ones by an index (issue 21).
    DueJobsByIndex.configure(configuration);
    // DMN tables and form conditions: each FEEL expression parsed once (issue 21).
    if (!configuration.isDmnFeelEnableLegacyBehavior()) {
      if (configuration.getDmnEngineConfiguration() == null) {
        configuration.setDmnEngineConfiguration((DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration());
      }
      FeelParsedOnce.install(configuration.getDmnEngineConfiguration());
    }
  }

  /**
   * In front of every command of both command chains, before its transaction: a refusal there
   * leaves nothing behind. One instance per chain (an interceptor holds its chain's next link).
   * The one way our plugins put an interceptor in front of the engine's commands.
   */
  public static void addPreCommandInterceptor(
      ProcessEngineConfigurationImpl configuration, Supplier<CommandInterceptor> interceptor) {
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(interceptor.get());
    if (configuration.getCustomPreCommandInterceptorsTxRequiresNew() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequiresNew(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequiresNew().add(interceptor.get());
  }

  /**
   * Behind the engine's command context of both command chains, right before the command runs, in
   * its transaction (a refusal rolls back whatever the command would have written); in the order
   * of the calls. One instance per chain.
   */
  private static void addPostCommandInterceptor(
      ProcessEngineConfigurationImpl configuration, Supplier<CommandInterceptor> interceptor) {
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(interceptor.get());
    if (configuration.getCustomPostCommandInterceptorsTxRequiresNew() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequiresNew(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequiresNew().add(interceptor.get());
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // Tasklist's pages and counts: candidate groups as «exists», and rows instead of distinct rows
    // where no join can repeat a task (issue 15).
    configuration.getSqlSessionFactory().getConfiguration().addInterceptor(new TaskQueryWithoutDistinct());
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    DueJobsByIndex.prepare((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
    new ModelDeployment().deploy(engine);
  }
}
