package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.LinkEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.StageCatalog;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * The stages a funnel's latest deployed model declares, with the {@code stage}/{@code stageTitle}
 * properties {@link StageParseListener} records, in the order a deal meets them: a stage a
 * process owner adds in Camunda Modeler shows in the reports without a Java change.
 *
 * <p>The order is a walk of the process from its start events along the sequence flows (into a
 * sub-process and out of it, from an activity to the events on its border, from a link throw event
 * to the link catch event of the same name: a flow drawn in two pieces). A flow back to a step
 * already on the way is a loop and is not followed. A stage stands after the longest way to it, so
 * a shortcut (an invoice without a trial lesson) does not put «Счет выставлен» before «Пробный урок
 * проведен»; a stage drawn on several nodes stands at its furthest one. Stages the walk reaches at
 * the same step (outcomes of one call) go by the optional {@code stageOrder} property, then left to
 * right and top to bottom as drawn. The closing stages {@code WON} and {@code LOST} come last.
 *
 * <p>A stage whose node carries {@code countsAsWorkload=true} counts as its responsible's workload
 * for distribution ({@link #workloadStages}).
 *
 * <p>The walk is done once per process definition version and kept: a deployed version never changes.
 */
@Component
public class ModelStages implements StageCatalog {

  public static final String WON = "WON";
  public static final String LOST = "LOST";
  static final String STAGE_ORDER_PROPERTY = "stageOrder";

  private final RepositoryService repository;
  private final Map<String, List<Stage>> byDefinitionId = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> workloadByDefinitionId = new ConcurrentHashMap<>();

  private final SystemAccess system;

  public ModelStages(RepositoryService repository, SystemAccess system) {
    this.repository = repository;
    this.system = system;
  }

  /** The stages of the latest deployed version of the process {@code processKey}; none if not deployed. */
  public List<Stage> of(String processKey) {
    ProcessDefinition latest =
        repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult();
    if (latest == null) {
      return List.of();
    }
    return byDefinitionId.computeIfAbsent(latest.getId(), id -> walk(repository.getBpmnModelInstance(id), processKey));
  }

  /**
   * Read as the system: distribution asks on behalf of whoever completed a task, and the school's
   * rule must not depend on which definitions that user may read.
   */
  @Override
  public Set<String> workloadStages(String processKey) {
    return system.asSystem(
        () -> {
          ProcessDefinition latest =
              repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult();
          return latest == null ? Set.<String>of() : workloadOf(latest.getId(), processKey);
        });
  }

  @Override
  public Set<String> workloadStagesOf(String processDefinitionId) {
    Set<String> known = workloadByDefinitionId.get(processDefinitionId);
    if (known != null) {
      return known;
    }
    return system.asSystem(() -> workloadOf(processDefinitionId, repository.getProcessDefinition(processDefinitionId).getKey()));
  }

  private Set<String> workloadOf(String definitionId, String processKey) {
    return workloadByDefinitionId.computeIfAbsent(definitionId, id -> workload(repository.getBpmnModelInstance(id), processKey));
  }

  /** The stage codes of the process whose node says {@code countsAsWorkload=true}, sorted. */
  static Set<String> workload(BpmnModelInstance model, String processKey) {
    Process process = model.getModelElementById(processKey);
    Set<String> codes = new TreeSet<>();
    if (process != null) {
      collectWorkload(process.getFlowElements(), codes);
    }
    return java.util.Collections.unmodifiableSet(codes);
  }

  private static void collectWorkload(Collection<FlowElement> elements, Set<String> codes) {
    for (FlowElement element : elements) {
      Optional<String> code = property(element, StageParseListener.STAGE_PROPERTY);
      if (code.isPresent() && property(element, WORKLOAD_PROPERTY).map(v -> Boolean.parseBoolean(v.trim())).orElse(false)) {
        codes.add(code.get().trim());
      }
      if (element instanceof SubProcess sub) {
        collectWorkload(sub.getFlowElements(), codes);
      }
    }
  }

  static List<Stage> walk(BpmnModelInstance model, String processKey) {
    Process process = model.getModelElementById(processKey);
    return process == null ? List.of() : new Walk(model, process).stages();
  }

  private static final class Walk {

    private final List<FlowNode> nodes = new ArrayList<>();
    private final Map<FlowNode, List<FlowNode>> next = new HashMap<>();
    private final Map<String, double[]> positions = new HashMap<>();
    private final List<FlowNode> sources = new ArrayList<>();

    Walk(BpmnModelInstance model, Process process) {
      collect(process.getFlowElements(), null);
      followLinks();
      for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
        if (shape.getBpmnElement() != null && shape.getBounds() != null) {
          positions.put(shape.getBpmnElement().getId(), new double[] {shape.getBounds().getX(), shape.getBounds().getY()});
        }
      }
    }

    /** Nodes in document order; sources are the start events of the process and of its event sub-processes. */
    private void collect(Collection<FlowElement> elements, SubProcess parent) {
      for (FlowElement element : elements) {
        if (!(element instanceof FlowNode node)) {
          continue;
        }
        nodes.add(node);
        List<FlowNode> targets = next.computeIfAbsent(node, k -> new ArrayList<>());
        for (SequenceFlow flow : node.getOutgoing()) {
          targets.add(flow.getTarget());
        }
        if (node instanceof StartEvent && (parent == null || parent.triggeredByEvent())) {
          sources.add(node);
        }
        if (node instanceof SubProcess sub) {
          collect(sub.getFlowElements(), sub);
        }
      }
      for (FlowElement element : elements) {
        if (element instanceof BoundaryEvent boundary) {
          next.get(boundary.getAttachedTo()).add(boundary);
        }
        if (element instanceof SubProcess sub && !sub.triggeredByEvent()) {
          List<FlowNode> after = List.copyOf(next.get(sub));
          for (FlowElement inner : sub.getFlowElements()) {
            if (inner instanceof StartEvent start) {
              next.get(sub).add(start);
            }
            if (inner instanceof EndEvent end) {
              next.get(end).addAll(after);
            }
          }
        }
      }
    }

    /** A link throw event goes on at the link catch events of the same name, as the engine does. */
    private void followLinks() {
      Map<String, List<FlowNode>> catches = new HashMap<>();
      for (FlowNode node : nodes) {
        if (node instanceof IntermediateCatchEvent event) {
          for (LinkEventDefinition link : event.getChildElementsByType(LinkEventDefinition.class)) {
            catches.computeIfAbsent(link.getName(), k -> new ArrayList<>()).add(node);
          }
        }
      }
      for (FlowNode node : nodes) {
        if (node instanceof IntermediateThrowEvent event) {
          for (LinkEventDefinition link : event.getChildElementsByType(LinkEventDefinition.class)) {
            next.get(node).addAll(catches.getOrDefault(link.getName(), List.of()));
          }
        }
      }
    }

    List<Stage> stages() {
      Map<FlowNode, Integer> rank = ranks();
      Map<String, FlowNode> placedAt = new LinkedHashMap<>();
      for (FlowNode node : nodes) {
        Optional<String> code = property(node, StageParseListener.STAGE_PROPERTY);
        if (code.isPresent()) {
          placedAt.merge(code.get().trim(), node, (was, now) -> rank.get(now) > rank.get(was) ? now : was);
        }
      }
      List<String> open = new ArrayList<>(placedAt.keySet());
      open.removeAll(List.of(WON, LOST));
      open.sort(
          Comparator.<String>comparingInt(code -> rank.get(placedAt.get(code)))
              .thenComparingInt(code -> order(placedAt.get(code)))
              .thenComparingDouble(code -> position(placedAt.get(code))[0])
              .thenComparingDouble(code -> position(placedAt.get(code))[1]));
      List<Stage> stages = new ArrayList<>();
      for (String code : open) {
        stages.add(stage(code, placedAt.get(code)));
      }
      for (String closing : List.of(WON, LOST)) {
        if (placedAt.containsKey(closing)) {
          stages.add(stage(closing, placedAt.get(closing)));
        }
      }
      return List.copyOf(stages);
    }

    /** The longest way from a source to each node, loops cut where a flow returns to a node on the way. */
    private Map<FlowNode, Integer> ranks() {
      Set<FlowNode> onTheWay = new HashSet<>();
      Set<FlowNode> done = new HashSet<>();
      Set<List<FlowNode>> loops = new HashSet<>();
      List<FlowNode> finished = new ArrayList<>();
      for (FlowNode source : sources) {
        depthFirst(source, onTheWay, done, loops, finished);
      }
      Map<FlowNode, Integer> rank = new HashMap<>();
      sources.forEach(source -> rank.put(source, 0));
      // Reverse finishing order of a depth-first walk is a topological order once loops are cut.
      for (int i = finished.size() - 1; i >= 0; i--) {
        FlowNode node = finished.get(i);
        int here = rank.getOrDefault(node, 0);
        rank.putIfAbsent(node, here);
        for (FlowNode target : next.get(node)) {
          if (!loops.contains(List.of(node, target))) {
            rank.merge(target, here + 1, Math::max);
          }
        }
      }
      // A node no start event leads to is still a stage of the funnel: it goes after the walked ones.
      int after = rank.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
      nodes.forEach(node -> rank.putIfAbsent(node, after));
      return rank;
    }

    private void depthFirst(FlowNode node, Set<FlowNode> onTheWay, Set<FlowNode> done, Set<List<FlowNode>> loops, List<FlowNode> finished) {
      if (done.contains(node)) {
        return;
      }
      onTheWay.add(node);
      for (FlowNode target : next.get(node)) {
        if (onTheWay.contains(target)) {
          loops.add(List.of(node, target));
        } else {
          depthFirst(target, onTheWay, done, loops, finished);
        }
      }
      onTheWay.remove(node);
      done.add(node);
      finished.add(node);
    }

    private int order(FlowNode node) {
      return property(node, STAGE_ORDER_PROPERTY).map(value -> parse(value.trim())).orElse(Integer.MAX_VALUE);
    }

    private static int parse(String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        return Integer.MAX_VALUE;
      }
    }

    private double[] position(FlowNode node) {
      return positions.getOrDefault(node.getId(), new double[] {Double.MAX_VALUE, Double.MAX_VALUE});
    }

    private static Stage stage(String code, FlowNode node) {
      String name = node.getName() == null || node.getName().isBlank() ? code : node.getName();
      return new Stage(code, property(node, StageParseListener.STAGE_TITLE_PROPERTY).orElse(name).trim());
    }
  }

  /** Like {@link StageParseListener#property}, on the model API: the first non-blank value of a Camunda property. */
  static Optional<String> property(BaseElement element, String name) {
    if (element.getExtensionElements() == null) {
      return Optional.empty();
    }
    for (CamundaProperties properties : element.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : properties.getCamundaProperties()) {
        String value = property.getCamundaValue();
        if (name.equals(property.getCamundaName()) && value != null && !value.isBlank()) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }
}
