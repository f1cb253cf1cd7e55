package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * Reads the funnels from the latest deployed process definitions: one query for the latest
 * versions per call, each version's model read once (a deployed version never changes). Read as the
 * system: which funnels exist does not depend on who asks.
 */
@Component
public class ModelFunnels implements FunnelCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(ModelFunnels.class);
  private static final int UNORDERED = Integer.MAX_VALUE;

  private final RepositoryService repository;
  private final SystemAccess system;
  /** Per process definition id: the funnel it declares, or empty for a process that is not a funnel. */
  private final Map<String, Optional<Ordered>> byDefinitionId = new ConcurrentHashMap<>();

  private record Ordered(int order, FunnelModel funnel) {}

  public ModelFunnels(RepositoryService repository, SystemAccess system) {
    this.repository = repository;
    this.system = system;
  }

  @Override
  public List<FunnelModel> all() {
    List<ProcessDefinition> latest =
        system.asSystem(() -> repository.createProcessDefinitionQuery().latestVersion().list());
    List<Ordered> funnels = new ArrayList<>();
    for (ProcessDefinition definition : latest) {
      byDefinitionId.computeIfAbsent(definition.getId(), id -> read(definition)).ifPresent(funnels::add);
    }
    funnels.sort(Comparator.comparingInt(Ordered::order).thenComparing(o -> o.funnel().title()));
    return funnels.stream().map(Ordered::funnel).toList();
  }

  private Optional<Ordered> read(ProcessDefinition definition) {
    Process process = system.asSystem(() -> repository.getBpmnModelInstance(definition.getId()))
        .getModelElementById(definition.getKey());
    if (process == null || process.getExtensionElements() == null) {
      return Optional.empty();
    }
    String department = null;
    int order = UNORDERED;
    for (CamundaProperties properties :
        process.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : properties.getCamundaProperties()) {
        if (DEPARTMENT_PROPERTY.equals(property.getCamundaName())) {
          department = property.getCamundaValue();
        } else if (ORDER_PROPERTY.equals(property.getCamundaName())) {
          order = parseOrder(definition, property.getCamundaValue());
        }
      }
    }
    if (department == null) {
      return Optional.empty();
    }
    Optional<Department> known = Department.of(department.strip());
    if (known.isEmpty()) {
      LOG.warn("Модель «{}» ({}): свойство department должно быть sales или delivery, а не «{}»; процесс не считается воронкой",
          definition.getName(), definition.getId(), department);
      return Optional.empty();
    }
    String title = definition.getName() == null || definition.getName().isBlank() ? definition.getKey() : definition.getName();
    return Optional.of(new Ordered(order, new FunnelModel(definition.getKey(), title, known.get())));
  }

  private static int parseOrder(ProcessDefinition definition, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException | NullPointerException e) {
      LOG.warn("Модель «{}» ({}): свойство funnelOrder должно быть целым числом, а не «{}»; воронка встаёт в конец списка",
          definition.getName(), definition.getId(), value);
      return UNORDERED;
    }
  }
}
