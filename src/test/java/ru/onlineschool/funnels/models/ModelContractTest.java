package ru.onlineschool.funnels.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import ru.onlineschool.funnels.FunnelsApplication;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The one contract between the models and the Java code: every name an expression in {@code
 * bpmn/*.bpmn} or an input expression in {@code bpmn/*.dmn} starts from must be a variable declared
 * in {@link ProcessVariables}, a bean of the application (a delegate or a helper such as {@code
 * workingTime}) or one of the engine's own names. Otherwise a typo such as {@code ${clientNmae}}
 * only shows up as an incident when a deal reaches that step.
 */
class ModelContractTest {

  private static final Path MODELS = Path.of("bpmn");
  private static final Path FORMS = Path.of("forms");
  private static final Path BAD_SAMPLES = Path.of("src", "test", "resources", "model-contract", "bad");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A name a form's text shows: {@code {{clientName}}}, {@code {{#if clientName}}}. */
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(?:#if\\s+|#each\\s+|#unless\\s+)?([A-Za-z_][A-Za-z_0-9]*)");
  /** A FEEL expression of a form (conditional hiding, {@code =outcome != "X"}) without its strings. */
  private static final Pattern FEEL_STRING = Pattern.compile("\"[^\"]*\"");

  /** What the engine itself puts into an expression's context. */
  private static final Set<String> ENGINE_NAMES =
      Set.of(
          "execution", "task", "variableScope", "decisionResult", "dateTime", "now",
          "currentUser", "currentUserGroups", "authenticatedUserId");
  /** Keywords and literals of JUEL and of FEEL (the DMN input expressions). */
  private static final Set<String> KEYWORDS =
      Set.of(
          "true", "false", "null", "empty", "not", "and", "or", "eq", "ne", "lt", "gt", "le",
          "ge", "div", "mod", "instanceof", "if", "then", "else", "in", "between", "instance",
          "of", "some", "every", "satisfies", "for", "return", "function");

  private static final Pattern EL = Pattern.compile("[$#]\\{([^}]*)}");
  private static final Pattern STRING_LITERAL = Pattern.compile("'[^']*'|\"[^\"]*\"");
  /** A name that starts a path: not a property or method after a dot, not a number. */
  private static final Pattern ROOT_NAME = Pattern.compile("(?<![\\w.])[A-Za-z_][A-Za-z_0-9]*");

  @Test
  void everyNameInTheModelsIsDeclared() throws Exception {
    assertThat(unknownNames(MODELS)).isEmpty();
  }

  @Test
  void aMisspelledNameInAModelIsCaught() throws Exception {
    assertThat(unknownNames(BAD_SAMPLES))
        .containsExactlyInAnyOrder(
            "typo.bpmn Activity_0zadacha: clientNmae in ${clientNmae}",
            "typo.bpmn Activity_0zadacha: workingTme in ${workingTme.after('PT4H')}",
            "typo.bpmn Flow_0vyhod1: outcom in ${outcom == 'CALL_BACK'}",
            "typo.bpmn Activity_0otpravka: clientMesage in ${clientMesage}",
            "typo.dmn InputExpression_0tip: leadTyp in leadTyp");
  }

  @Test
  void everyNameInTheFormsIsDeclared() throws Exception {
    assertThat(unknownFormNames(FORMS)).isEmpty();
  }

  @Test
  void aMisspelledNameInAFormIsCaught() throws Exception {
    assertThat(unknownFormNames(BAD_SAMPLES))
        .containsExactlyInAnyOrder(
            "typo.form Field_0pole: key clientNmae",
            "typo.form Field_0tekst: clientPhon in {{#if clientPhon}}",
            "typo.form Field_0vybor: outcom in =outcom != \"CALL_BACK\"");
  }

  /** Every form a task names is deployed with the models, and no form lies unused. */
  @Test
  void theModelsAndTheFormsNameEachOther() throws Exception {
    Set<String> referenced = new TreeSet<>();
    for (Path model : models(MODELS)) {
      Matcher ref = Pattern.compile("camunda:formRef=\"([^\"]+)\"").matcher(Files.readString(model));
      while (ref.find()) {
        referenced.add(ref.group(1));
      }
    }
    Set<String> forms = new TreeSet<>();
    for (Path form : forms(FORMS)) {
      forms.add(JSON.readTree(form.toFile()).path("id").asText());
    }
    assertThat(referenced).isNotEmpty();
    assertThat(forms).isEqualTo(referenced);
  }

  @Test
  void theDeclaredNamesAreTheOnesTheCodeUses() throws Exception {
    assertThat(declaredVariables()).contains("dealId", "clientName", "responsible", "attempts");
    assertThat(beanNames()).contains("clientMessage", "leadDistribution", "workingTime", "dates");
  }

  private static List<String> unknownNames(Path dir) throws Exception {
    Set<String> known = new TreeSet<>(ENGINE_NAMES);
    known.addAll(KEYWORDS);
    known.addAll(declaredVariables());
    known.addAll(beanNames());
    List<String> unknown = new ArrayList<>();
    for (Path model : models(dir)) {
      Element root = parse(model);
      boolean dmn = model.toString().endsWith(".dmn");
      collect(root, model.getFileName().toString(), dmn, known, unknown);
    }
    return unknown;
  }

  /**
   * The names a form reads or writes: a field's {@code key} (the variable its answer is stored in), a
   * list's {@code valuesKey}, a name shown in a text ({@code {{…}}}) and a name in a FEEL condition.
   */
  private static List<String> unknownFormNames(Path dir) throws Exception {
    Set<String> known = new TreeSet<>(declaredVariables());
    known.addAll(KEYWORDS);
    List<String> unknown = new ArrayList<>();
    for (Path form : forms(dir)) {
      collectForm(JSON.readTree(form.toFile()).path("components"), form.getFileName().toString(), known, unknown);
    }
    return unknown;
  }

  private static void collectForm(JsonNode components, String file, Set<String> known, List<String> unknown) {
    for (JsonNode component : components) {
      String id = component.path("id").asText("-");
      for (String attribute : List.of("key", "valuesKey")) {
        String name = component.path(attribute).asText(null);
        if (name != null && !known.contains(name)) {
          unknown.add(file + " " + id + ": " + attribute + " " + name);
        }
      }
      String text = component.path("content").asText("") + " " + component.path("text").asText("") + " " + component.path("label").asText("");
      Matcher shown = TEMPLATE.matcher(text);
      while (shown.find()) {
        if (!known.contains(shown.group(1))) {
          unknown.add(file + " " + id + ": " + shown.group(1) + " in " + shown.group().trim() + "}}");
        }
      }
      String hide = component.path("conditional").path("hide").asText("");
      if (hide.startsWith("=")) {
        Matcher name = ROOT_NAME.matcher(FEEL_STRING.matcher(hide.substring(1)).replaceAll("\"\""));
        while (name.find()) {
          if (!known.contains(name.group())) {
            unknown.add(file + " " + id + ": " + name.group() + " in " + hide);
          }
        }
      }
      collectForm(component.path("components"), file, known, unknown);
    }
  }

  private static void collect(Element element, String file, boolean dmn, Set<String> known, List<String> unknown) {
    if (element.getLocalName().equals("documentation") || element.getLocalName().equals("description")) {
      return;
    }
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      check(((Attr) attributes.item(i)).getValue(), false, file, owner(element), known, unknown);
    }
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element e) {
        collect(e, file, dmn, known, unknown);
      } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        // A DMN input expression is a bare FEEL expression; everything else only counts inside ${…}.
        boolean inputExpression =
            dmn && element.getLocalName().equals("text")
                && element.getParentNode().getLocalName().equals("inputExpression");
        check(child.getNodeValue(), inputExpression, file, owner(element), known, unknown);
      }
    }
  }

  private static void check(String value, boolean bare, String file, String owner, Set<String> known, List<String> unknown) {
    List<String> expressions = new ArrayList<>();
    if (bare) {
      if (!value.isBlank()) {
        expressions.add(value.trim());
      }
    } else {
      Matcher el = EL.matcher(value);
      while (el.find()) {
        expressions.add(el.group());
      }
    }
    for (String expression : expressions) {
      String body = bare ? expression : expression.substring(2, expression.length() - 1);
      Matcher name = ROOT_NAME.matcher(STRING_LITERAL.matcher(body).replaceAll("''"));
      while (name.find()) {
        if (!known.contains(name.group())) {
          unknown.add(file + " " + owner + ": " + name.group() + " in " + expression);
        }
      }
    }
  }

  /** The nearest element with an id: the one a modeler finds in Modeler. */
  private static String owner(Element element) {
    for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
      if (!e.getAttribute("id").isEmpty()) {
        return e.getAttribute("id");
      }
    }
    return "-";
  }

  private static Set<String> declaredVariables() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field field : ProcessVariables.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }

  /** The names the application's components are registered under, as Spring names them. */
  private static Set<String> beanNames() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Set<String> names = new TreeSet<>();
    for (BeanDefinition bean : scanner.findCandidateComponents(FunnelsApplication.class.getPackageName())) {
      names.add(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(bean, registry));
    }
    return names;
  }

  private static List<Path> models(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".bpmn") || f.toString().endsWith(".dmn")).sorted().toList();
    }
  }

  private static List<Path> forms(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".form")).sorted().toList();
    }
  }

  private static Element parse(Path model) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(model.toFile()).getDocumentElement();
  }
}
