package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.StageRecorder;
import ru.onlineschool.funnels.deal.TaskResultRecorder;

/**
 * Our settings of the engine that are not plain properties: assignees and candidates get
 * TASK_WORK (work the task) rather than UPDATE (change anything on it), and every flow node
 * marked with a {@code stage} extension property records the deal's stage when entered. The
 * models and forms of the repository are deployed once the engine is built.
 */
@Component
public class SchoolEnginePlugin extends AbstractProcessEnginePlugin {

  private final StageRecorder stageRecorder;
  private final TaskResultRecorder taskResultRecorder;

  public SchoolEnginePlugin(StageRecorder stageRecorder, TaskResultRecorder taskResultRecorder) {
    this.stageRecorder = stageRecorder;
    this.taskResultRecorder = taskResultRecorder;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setDefaultUserPermissionForTask(TaskPermissions.TASK_WORK);
    configuration.setJavaSerializationFormatEnabled(false);
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<BpmnParseListener>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new StageParseListener(stageRecorder, taskResultRecorder));
    // A job run by hand is checked before it starts: a refusal must not count as a failed attempt.
    configuration.setManagementService(new CheckedJobExecution(configuration));
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    new ModelDeployment().deploy(engine);
  }
}
