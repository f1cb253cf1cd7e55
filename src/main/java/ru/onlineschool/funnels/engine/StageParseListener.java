package ru.onlineschool.funnels.engine;

import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.util.xml.Namespace;
import ru.onlineschool.funnels.deal.StageRecorder;
import ru.onlineschool.funnels.form.FreshAnswers;

/**
 * Finds flow nodes whose model carries the extension properties {@code stage} (the stage
 * code, e.g. {@code QUALIFIED}) and optionally {@code stageTitle} (the Russian title; the
 * node's name when absent), and attaches the stage recorder to them. A process owner adds
 * a stage in Camunda Modeler without touching Java. Every user task also gets the recorder
 * of task results (result required, written to the deal's timeline) and opens with empty
 * answers ({@link FreshAnswers}).
 */
class StageParseListener extends AbstractBpmnParseListener {

  static final String STAGE_PROPERTY = "stage";
  static final String STAGE_TITLE_PROPERTY = "stageTitle";
  private static final Namespace CAMUNDA = new Namespace("http://camunda.org/schema/1.0/bpmn");

  private final StageRecorder recorder;
  private final TaskListener taskResults;
  private final TaskListener freshAnswers;
  private final TaskListener readingAids;

  StageParseListener(StageRecorder recorder, TaskListener taskResults, TaskListener freshAnswers, TaskListener readingAids) {
    this.recorder = recorder;
    this.taskResults = taskResults;
    this.freshAnswers = freshAnswers;
    this.readingAids = readingAids;
  }

  private void attach(Element element, ActivityImpl activity) {
    Optional<String> code = property(element, STAGE_PROPERTY);
    if (code.isEmpty()) {
      return;
    }
    String title = property(element, STAGE_TITLE_PROPERTY).orElse(element.attribute("name", code.get()));
    activity.addListener(ExecutionListener.EVENTNAME_START, recorder.listenerFor(code.get().trim(), title.trim()));
  }

  static Optional<String> property(Element element, String name) {
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return Optional.empty();
    }
    for (Element properties : extensions.elementsNS(CAMUNDA, "properties")) {
      for (Element property : properties.elementsNS(CAMUNDA, "property")) {
        String value = property.attribute("value");
        if (name.equals(property.attribute("name")) && value != null && !value.isBlank()) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseIntermediateThrowEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseBoundaryEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
    var behavior = (UserTaskActivityBehavior) activity.getActivityBehavior();
    behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, freshAnswers);
    behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, readingAids);
    behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, taskResults);
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseManualTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseExclusiveGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseInclusiveGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseParallelGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }

  @Override
  public void parseEventBasedGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
    attach(element, activity);
  }
}
