package ru.onlineschool.funnels.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The diagrams in {@code bpmn/} stay readable on one screen: at most {@value #MAX_WIDTH} px wide, every
 * sequence flow drawn and none running across the whole diagram, no label over another label or over a
 * shape it does not belong to. The mutated
 * copies of a real model prove that each check catches what it should.
 */
class DiagramLayoutTest {

  static final double MAX_WIDTH = 2500;
  /** A flow longer than this runs across the diagram: a link event pair or a shared path reads better. */
  static final double MAX_FLOW_SPAN = MAX_WIDTH / 2;
  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
  private static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
  private static final String DI = "http://www.omg.org/spec/DD/20100524/DI";

  static Stream<Path> models() throws IOException {
    return Files.list(Path.of("bpmn")).filter(path -> path.toString().endsWith(".bpmn")).sorted();
  }

  @ParameterizedTest
  @MethodSource("models")
  void diagramFitsOnOneScreenAndNoLabelIsCovered(Path model) throws Exception {
    assertThat(problems(read(model))).as(model.toString()).isEmpty();
  }

  @Test
  void aShapeFarToTheRightMakesTheDiagramTooWide() throws Exception {
    Document document = read(Path.of("bpmn", "course-sale.bpmn"));
    Element bounds = bounds(shapeOf(document, "Event_Won"));
    bounds.setAttribute("x", String.valueOf(Double.parseDouble(bounds.getAttribute("x")) + MAX_WIDTH));

    assertThat(problems(document)).anyMatch(problem -> problem.startsWith("too wide"));
  }

  @Test
  void aFlowAcrossTheDiagramIsReported() throws Exception {
    Document document = read(Path.of("bpmn", "course-sale.bpmn"));
    Element waypoint = (Element) edgeOf(document, "Flow_ToOffer").getElementsByTagNameNS(DI, "waypoint").item(1);
    waypoint.setAttribute("x", String.valueOf(Double.parseDouble(waypoint.getAttribute("x")) + MAX_FLOW_SPAN));

    assertThat(problems(document)).anyMatch(problem -> problem.startsWith("flow across the diagram: Flow_ToOffer"));
  }

  @Test
  void aFlowWithoutWaypointsIsReported() throws Exception {
    Document document = read(Path.of("bpmn", "course-sale.bpmn"));
    Element edge = edgeOf(document, "Flow_ToOffer");
    edge.getParentNode().removeChild(edge);

    assertThat(problems(document)).contains("flow not drawn: Flow_ToOffer");
  }

  @Test
  void labelsOverAnotherLabelOrAShapeAreReported() throws Exception {
    Document document = read(Path.of("bpmn", "course-sale.bpmn"));
    Element won = bounds(label(shapeOf(document, "Event_Won")));
    Element lost = bounds(label(shapeOf(document, "Event_Lost")));
    lost.setAttribute("x", won.getAttribute("x"));
    lost.setAttribute("y", won.getAttribute("y"));
    Element task = bounds(shapeOf(document, "Activity_PaymentRule"));
    Element handOver = bounds(label(shapeOf(document, "Event_HandOverToDelivery")));
    handOver.setAttribute("x", task.getAttribute("x"));
    handOver.setAttribute("y", task.getAttribute("y"));

    assertThat(problems(document))
        .contains(
            "labels overlap: Event_Lost / Event_Won",
            "label over a shape: Event_HandOverToDelivery over Activity_PaymentRule");
  }

  /** What makes the diagram hard to read, one line per problem; empty when it reads well. */
  static List<String> problems(Document document) {
    List<String> problems = new ArrayList<>();
    Map<String, double[]> shapes = new HashMap<>();
    Map<String, double[]> labels = new HashMap<>();
    Set<String> containers = new HashSet<>();
    Map<String, String> hosts = new HashMap<>();
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;

    NodeList subProcesses = document.getElementsByTagNameNS(BPMN, "subProcess");
    for (int i = 0; i < subProcesses.getLength(); i++) {
      containers.add(((Element) subProcesses.item(i)).getAttribute("id"));
    }
    NodeList boundaries = document.getElementsByTagNameNS(BPMN, "boundaryEvent");
    for (int i = 0; i < boundaries.getLength(); i++) {
      Element boundary = (Element) boundaries.item(i);
      hosts.put(boundary.getAttribute("id"), boundary.getAttribute("attachedToRef"));
    }
    NodeList shapeElements = document.getElementsByTagNameNS(BPMNDI, "BPMNShape");
    for (int i = 0; i < shapeElements.getLength(); i++) {
      Element shape = (Element) shapeElements.item(i);
      String id = shape.getAttribute("bpmnElement");
      double[] box = box(bounds(shape));
      shapes.put(id, box);
      minX = Math.min(minX, box[0]);
      maxX = Math.max(maxX, box[0] + box[2]);
      Element label = label(shape);
      if (label != null && bounds(label) != null) {
        labels.put(id, box(bounds(label)));
      }
    }
    Set<String> drawn = new HashSet<>();
    NodeList edges = document.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
    for (int i = 0; i < edges.getLength(); i++) {
      Element edge = (Element) edges.item(i);
      NodeList waypoints = edge.getElementsByTagNameNS(DI, "waypoint");
      if (waypoints.getLength() >= 2) {
        drawn.add(edge.getAttribute("bpmnElement"));
      }
      double flowMin = Double.MAX_VALUE;
      double flowMax = -Double.MAX_VALUE;
      for (int w = 0; w < waypoints.getLength(); w++) {
        double x = Double.parseDouble(((Element) waypoints.item(w)).getAttribute("x"));
        flowMin = Math.min(flowMin, x);
        flowMax = Math.max(flowMax, x);
      }
      if (waypoints.getLength() > 0) {
        minX = Math.min(minX, flowMin);
        maxX = Math.max(maxX, flowMax);
        if (flowMax - flowMin > MAX_FLOW_SPAN) {
          problems.add("flow across the diagram: %s, %.0f px".formatted(edge.getAttribute("bpmnElement"), flowMax - flowMin));
        }
      }
      Element label = label(edge);
      if (label != null && bounds(label) != null) {
        labels.put(edge.getAttribute("bpmnElement"), box(bounds(label)));
      }
    }
    for (double[] label : labels.values()) {
      minX = Math.min(minX, label[0]);
      maxX = Math.max(maxX, label[0] + label[2]);
    }
    if (maxX - minX > MAX_WIDTH) {
      problems.add("too wide: %.0f px, at most %.0f".formatted(maxX - minX, MAX_WIDTH));
    }

    NodeList flows = document.getElementsByTagNameNS(BPMN, "sequenceFlow");
    for (int i = 0; i < flows.getLength(); i++) {
      String id = ((Element) flows.item(i)).getAttribute("id");
      if (!drawn.contains(id)) {
        problems.add("flow not drawn: " + id);
      }
    }

    List<String> labelled = new ArrayList<>(labels.keySet());
    labelled.sort(null);
    for (int i = 0; i < labelled.size(); i++) {
      for (int j = i + 1; j < labelled.size(); j++) {
        if (overlap(labels.get(labelled.get(i)), labels.get(labelled.get(j)))) {
          problems.add("labels overlap: " + labelled.get(i) + " / " + labelled.get(j));
        }
      }
      String owner = labelled.get(i);
      for (Map.Entry<String, double[]> shape : shapes.entrySet()) {
        String other = shape.getKey();
        boolean own = other.equals(owner) || other.equals(hosts.get(owner));
        if (!own && !containers.contains(other) && overlap(labels.get(owner), shape.getValue())) {
          problems.add("label over a shape: " + owner + " over " + other);
        }
      }
    }
    return problems;
  }

  private static boolean overlap(double[] a, double[] b) {
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  }

  private static double[] box(Element bounds) {
    return new double[] {
      Double.parseDouble(bounds.getAttribute("x")),
      Double.parseDouble(bounds.getAttribute("y")),
      Double.parseDouble(bounds.getAttribute("width")),
      Double.parseDouble(bounds.getAttribute("height"))
    };
  }

  private static Element bounds(Element parent) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child && DC.equals(child.getNamespaceURI()) && "Bounds".equals(child.getLocalName())) {
        return child;
      }
    }
    return null;
  }

  private static Element label(Element shapeOrEdge) {
    NodeList labels = shapeOrEdge.getElementsByTagNameNS(BPMNDI, "BPMNLabel");
    return labels.getLength() == 0 ? null : (Element) labels.item(0);
  }

  private static Element shapeOf(Document document, String elementId) {
    return diagramElement(document, "BPMNShape", elementId);
  }

  private static Element edgeOf(Document document, String elementId) {
    return diagramElement(document, "BPMNEdge", elementId);
  }

  private static Element diagramElement(Document document, String kind, String elementId) {
    NodeList all = document.getElementsByTagNameNS(BPMNDI, kind);
    for (int i = 0; i < all.getLength(); i++) {
      if (elementId.equals(((Element) all.item(i)).getAttribute("bpmnElement"))) {
        return (Element) all.item(i);
      }
    }
    throw new IllegalArgumentException("no " + kind + " for " + elementId);
  }

  static Document read(Path model) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    try (InputStream in = Files.newInputStream(model)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }
}
