package ru.onlineschool.funnels.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.LinkEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;

/**
 * Runs after the unit and process tests ({@code ./mvnw verify}) and reads their coverage reports:
 * every flow node and sequence flow of every model in {@code bpmn/} must have been run by some
 * process test. Lists what was never run.
 *
 * <p>A link throw event is no step of its own in Camunda 7: the engine sends the flow that enters it
 * straight on to the link catch event, so no activity instance (and no coverage event) is ever
 * recorded for it. It counts as run when every flow into it was taken.
 */
class ProcessCoverageIT {

  static final Path REPORTS = Path.of("target", "process-test-coverage");
  static final Path MODELS = Path.of("bpmn");

  @Test
  void everyElementOfEveryModelIsCoveredByAProcessTest() throws IOException {
    Map<String, Set<String>> covered = coveredElements();
    List<Path> models;
    try (Stream<Path> files = Files.list(MODELS)) {
      models = files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
    assertThat(models).isNotEmpty();
    Map<String, Set<String>> missing = new HashMap<>();
    for (Path file : models) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (Process process : model.getModelElementsByType(Process.class)) {
        Set<String> elements = new TreeSet<>();
        model.getModelElementsByType(FlowNode.class).forEach(n -> elements.add(n.getId()));
        model.getModelElementsByType(SequenceFlow.class).forEach(f -> elements.add(f.getId()));
        Set<String> run = covered.getOrDefault(process.getId(), Set.of());
        elements.removeAll(run);
        for (IntermediateThrowEvent link : model.getModelElementsByType(IntermediateThrowEvent.class)) {
          boolean isLink = !link.getChildElementsByType(LinkEventDefinition.class).isEmpty();
          if (isLink && !link.getIncoming().isEmpty() && link.getIncoming().stream().allMatch(flow -> run.contains(flow.getId()))) {
            elements.remove(link.getId());
          }
        }
        if (!elements.isEmpty()) {
          missing.put(process.getId(), elements);
        }
      }
    }
    assertThat(missing).as("elements no process test ever ran (model → ids)").isEmpty();
  }

  private static Map<String, Set<String>> coveredElements() throws IOException {
    Map<String, Set<String>> covered = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    assertThat(REPORTS).as("coverage reports of the process tests (run ./mvnw verify)").isDirectory();
    try (Stream<Path> files = Files.walk(REPORTS)) {
      for (Path report : files.filter(p -> p.getFileName().toString().equals("report.json")).toList()) {
        for (JsonNode suite : json.readTree(report.toFile()).path("suites")) {
          for (JsonNode run : suite.path("runs")) {
            for (JsonNode event : run.path("events")) {
              covered
                  .computeIfAbsent(event.path("modelKey").asText(), k -> new TreeSet<>())
                  .add(event.path("definitionKey").asText());
            }
          }
        }
      }
    }
    return covered;
  }
}
