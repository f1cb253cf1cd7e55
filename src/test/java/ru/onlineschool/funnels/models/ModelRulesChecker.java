package ru.onlineschool.funnels.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks the process models ({@code bpmn/*.bpmn}, {@code bpmn/*.dmn}) and Camunda Forms
 * ({@code forms/*.form}) of a project directory against the rules the application relies on:
 * Camunda 7.24 execution platform, history time to live, no scripts, complete user tasks,
 * forms that the Tasklist of Camunda 7.24 (form-js 1.8.7) can render and that show every value
 * (a client's name, comment, course, …) as text, never as markup.
 */
final class ModelRulesChecker {

    static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    static final String MODELER_NS = "http://camunda.org/schema/modeler/1.0";

    static final String EXECUTION_PLATFORM = "Camunda Platform";
    static final String EXECUTION_PLATFORM_VERSION = "7.24.0";

    /** form-js 1.8.7 writes and reads schemaVersion 16 ({@code schemaVersion} export of form-js-viewer). */
    static final int MAX_FORM_SCHEMA_VERSION = 16;

    /**
     * Component types registered by form-js 1.8.7, the version that the Tasklist of Camunda 7.24 renders
     * forms with. Source: npm package {@code @bpmn-io/form-js-viewer@1.8.7}, file {@code dist/index.es.js},
     * array {@code formFields} (Textfield, Textarea, Numberfield, Datetime, ExpressionField, Checkbox,
     * Checklist, Radio, Select, Taglist, Text, Image, Table, Html, Spacer, Separator, Group, DynamicList,
     * IFrame, Button, Default) and the {@code config.type} of each. Not there, for example:
     * {@code filepicker}, {@code documentPreview}.
     */
    static final Set<String> FORM_JS_1_8_7_COMPONENT_TYPES = Set.of(
            "textfield", "textarea", "number", "datetime", "expression",
            "checkbox", "checklist", "radio", "select", "taglist",
            "text", "image", "table", "html", "spacer", "separator",
            "group", "dynamiclist", "iframe",
            "button", "default");

    enum Rule {
        UNREADABLE_FILE,
        UNEXPECTED_FILE,
        EXECUTION_PLATFORM,
        HISTORY_TTL,
        SCRIPT,
        USER_TASK_FORM_REF,
        USER_TASK_FORM_REF_BINDING,
        USER_TASK_ASSIGNMENT,
        USER_TASK_DUE_DATE,
        USER_TASK_DOCUMENTATION,
        FORM_ID,
        FORM_SCHEMA_VERSION,
        FORM_COMPONENT_TYPE,
        FORM_DUPLICATE_ID,
        FORM_VALUE_AS_MARKUP
    }

    record Violation(Path file, String elementId, Rule rule, String message) {
        @Override
        public String toString() {
            return file + " [" + elementId + "] " + rule + ": " + message;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A start or end tag of an HTML view, up to its first {@code >}. */
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern STYLE_BLOCK = Pattern.compile("(?is)<style.*?</style\\s*>");
    /** The one link built from a value: the client's phone, validated and stored as +79161234567. */
    static final String PHONE_LINK = "href=\"tel:{{clientPhone}}\"";

    private final List<Violation> violations = new ArrayList<>();

    private ModelRulesChecker() {
    }

    /** Checks {@code projectDir/bpmn} and {@code projectDir/forms}; a missing folder counts as empty. */
    static List<Violation> check(Path projectDir) {
        ModelRulesChecker checker = new ModelRulesChecker();
        Set<String> formIds = checker.checkForms(checker.listFiles(projectDir.resolve("forms"), ".form"));
        for (Path model : checker.listFiles(projectDir.resolve("bpmn"), ".bpmn", ".dmn")) {
            checker.checkModel(model, formIds);
        }
        return List.copyOf(checker.violations);
    }

    // ---------------------------------------------------------------- files

    /** All files below {@code dir} with one of the extensions; any other non-hidden file is a violation. */
    private List<Path> listFiles(Path dir, String... extensions) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (Stream.of(extensions).anyMatch(name::endsWith)) {
                    files.add(file);
                } else if (!name.startsWith(".")) {
                    add(file, "-", Rule.UNEXPECTED_FILE,
                            "only " + String.join(", ", extensions) + " files belong in " + dir);
                }
            }
        } catch (IOException e) {
            add(dir, "-", Rule.UNREADABLE_FILE, e.toString());
        }
        return files;
    }

    private void add(Path file, String elementId, Rule rule, String message) {
        violations.add(new Violation(file, elementId, rule, message));
    }

    // ---------------------------------------------------------------- forms

    /** Checks every form and returns the ids of all forms found. */
    private Set<String> checkForms(List<Path> formFiles) {
        Map<String, List<Path>> filesById = new TreeMap<>();
        for (Path file : formFiles) {
            JsonNode form = readJson(file);
            if (form == null) {
                continue;
            }
            String id = form.path("id").asText("");
            if (id.isBlank()) {
                add(file, "-", Rule.FORM_ID, "form has no id");
            } else {
                filesById.computeIfAbsent(id, key -> new ArrayList<>()).add(file);
            }
            checkSchemaVersion(file, id, form);
            checkComponentTypes(file, form.path("components"));
            checkValuesShownAsText(file, form.path("components"));
        }
        checkDuplicateFormIds(filesById);
        return filesById.keySet();
    }

    private JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            add(file, "-", Rule.UNREADABLE_FILE, "not valid JSON: " + e.getMessage());
            return null;
        }
    }

    private void checkSchemaVersion(Path file, String formId, JsonNode form) {
        JsonNode version = form.path("schemaVersion");
        if (!version.isInt()) {
            add(file, formId, Rule.FORM_SCHEMA_VERSION, "schemaVersion is missing or not an integer");
        } else if (version.intValue() > MAX_FORM_SCHEMA_VERSION) {
            add(file, formId, Rule.FORM_SCHEMA_VERSION, "schemaVersion " + version.intValue()
                    + " is above " + MAX_FORM_SCHEMA_VERSION + ", the newest that form-js 1.8.7 (Tasklist 7.24) reads");
        }
    }

    /** Walks the components recursively: group and dynamiclist hold their own {@code components}. */
    private void checkComponentTypes(Path file, JsonNode components) {
        for (JsonNode component : components) {
            String type = component.path("type").asText("");
            if (!FORM_JS_1_8_7_COMPONENT_TYPES.contains(type)) {
                add(file, componentId(component), Rule.FORM_COMPONENT_TYPE, "component type '" + type
                        + "' cannot be rendered by form-js 1.8.7 (Tasklist 7.24)");
            }
            checkComponentTypes(file, component.path("components"));
        }
    }

    /**
     * form-js 1.8.7's text view puts a template's values into its Markdown unescaped, so a client's
     * «[сайт](http://…)» or «![x](http://…)» became a live link or an outside image in Tasklist. Its
     * HTML view escapes every insertion, so a value is text there, as long as it does not stand
     * inside a tag, where it would decide a link or an image. Only our own link to a phone number
     * (stored in E.164 by the intake) is built from a value. Image and iframe addresses never come
     * from a variable.
     */
    private void checkValuesShownAsText(Path file, JsonNode components) {
        for (JsonNode component : components) {
            String type = component.path("type").asText("");
            if (type.equals("text") && isTemplated(component.path("text").asText(""))) {
                add(file, componentId(component), Rule.FORM_VALUE_AS_MARKUP, "a text view renders its values as"
                        + " Markdown (links, images, bold); show values in an HTML view, which escapes them");
            }
            if (type.equals("html")) {
                String content = component.path("content").asText("");
                Matcher tag = TAG.matcher(content);
                while (tag.find()) {
                    if (tag.group().replace(PHONE_LINK, "").contains("{{")) {
                        add(file, componentId(component), Rule.FORM_VALUE_AS_MARKUP, "a value inside the tag "
                                + tag.group() + " would decide markup; put values between tags (only "
                                + PHONE_LINK + " is allowed inside one)");
                    }
                }
                Matcher style = STYLE_BLOCK.matcher(content);
                while (style.find()) {
                    if (style.group().contains("{{")) {
                        add(file, componentId(component), Rule.FORM_VALUE_AS_MARKUP,
                                "a value inside <style> would decide the page's look");
                    }
                }
            }
            for (String address : List.of("source", "url")) {
                if ((type.equals("image") || type.equals("iframe")) && isTemplated(component.path(address).asText(""))) {
                    add(file, componentId(component), Rule.FORM_VALUE_AS_MARKUP, "the " + type + "'s " + address
                            + " comes from a variable: a value would load an outside page or image");
                }
            }
            checkValuesShownAsText(file, component.path("components"));
        }
    }

    /** A form-js template ({@code {{…}}}) or a FEEL expression ({@code =…}), as form-js itself tells them. */
    private static boolean isTemplated(String text) {
        return text.startsWith("=") || text.contains("{{");
    }

    private static String componentId(JsonNode component) {
        return component.hasNonNull("id") ? component.get("id").asText() : component.path("key").asText("-");
    }

    private void checkDuplicateFormIds(Map<String, List<Path>> filesById) {
        filesById.forEach((id, files) -> {
            if (files.size() > 1) {
                for (Path file : files) {
                    add(file, id, Rule.FORM_DUPLICATE_ID, "form id is used by " + files.size() + " files: " + files);
                }
            }
        });
    }

    // ---------------------------------------------------------------- BPMN and DMN

    private void checkModel(Path file, Set<String> formIds) {
        Document document = readXml(file);
        if (document == null) {
            return;
        }
        checkExecutionPlatform(file, document.getDocumentElement());
        if (file.getFileName().toString().endsWith(".dmn")) {
            checkNoDmnScripts(file, document);
        } else {
            checkHistoryTimeToLive(file, document);
            checkNoBpmnScripts(file, document);
            for (Element userTask : elements(document, BPMN_NS, "userTask")) {
                checkUserTask(file, userTask, formIds);
            }
        }
    }

    private Document readXml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return newDocumentBuilder().parse(in);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            add(file, "-", Rule.UNREADABLE_FILE, "not well-formed XML: " + e.getMessage());
            return null;
        }
    }

    private static DocumentBuilder newDocumentBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler()); // report through the exception, not on stderr
        return builder;
    }

    private void checkExecutionPlatform(Path file, Element definitions) {
        String platform = definitions.getAttributeNS(MODELER_NS, "executionPlatform");
        String version = definitions.getAttributeNS(MODELER_NS, "executionPlatformVersion");
        if (!EXECUTION_PLATFORM.equals(platform) || !EXECUTION_PLATFORM_VERSION.equals(version)) {
            add(file, idOf(definitions), Rule.EXECUTION_PLATFORM, "definitions must have modeler:executionPlatform=\""
                    + EXECUTION_PLATFORM + "\" and modeler:executionPlatformVersion=\"" + EXECUTION_PLATFORM_VERSION
                    + "\", found \"" + platform + "\" / \"" + version + "\"");
        }
    }

    private void checkHistoryTimeToLive(Path file, Document document) {
        for (Element process : elements(document, BPMN_NS, "process")) {
            boolean executable = "true".equals(process.getAttribute("isExecutable"));
            if (executable && process.getAttributeNS(CAMUNDA_NS, "historyTimeToLive").isBlank()) {
                add(file, idOf(process), Rule.HISTORY_TTL, "executable process has no camunda:historyTimeToLive");
            }
        }
    }

    /** Script tasks, camunda:script (listeners, input/output parameters), scriptFormat and script conditions. */
    private void checkNoBpmnScripts(Path file, Document document) {
        for (Element scriptTask : elements(document, BPMN_NS, "scriptTask")) {
            add(file, idOf(scriptTask), Rule.SCRIPT, "scriptTask is not allowed, use a Java delegate");
        }
        for (Element script : elements(document, CAMUNDA_NS, "script")) {
            Node owner = script.getParentNode();
            add(file, nearestModelId(script), Rule.SCRIPT,
                    "camunda:script inside " + owner.getNodeName() + " is not allowed");
        }
        for (Element element : elements(document, "*", "*")) {
            boolean hasScriptFormat = element.hasAttribute("scriptFormat")
                    || element.hasAttributeNS(CAMUNDA_NS, "scriptFormat");
            boolean isReportedAbove = "scriptTask".equals(element.getLocalName())
                    || ("script".equals(element.getLocalName()) && CAMUNDA_NS.equals(element.getNamespaceURI()));
            if (hasScriptFormat && !isReportedAbove) {
                add(file, nearestModelId(element), Rule.SCRIPT,
                        "scriptFormat on " + element.getNodeName() + " is not allowed");
            }
            if (element.hasAttribute("language")) {
                add(file, nearestModelId(element), Rule.SCRIPT, element.getNodeName() + " is a "
                        + element.getAttribute("language") + " script, use a JUEL expression");
            }
        }
    }

    /** DMN expressions must be FEEL or JUEL, not javascript, groovy, python, … */
    private void checkNoDmnScripts(Path file, Document document) {
        for (Element element : elements(document, "*", "*")) {
            String language = element.getAttribute("expressionLanguage").toLowerCase(Locale.ROOT);
            if (!language.isEmpty() && !language.contains("feel") && !language.equals("juel")) {
                add(file, nearestModelId(element), Rule.SCRIPT, element.getNodeName() + " uses expression language '"
                        + element.getAttribute("expressionLanguage") + "', only FEEL or JUEL are allowed");
            }
        }
    }

    private void checkUserTask(Path file, Element userTask, Set<String> formIds) {
        checkFormRef(file, userTask, formIds);
        checkAssignment(file, userTask);
        checkDueDate(file, userTask);
        checkDocumentation(file, userTask);
    }

    private void checkFormRef(Path file, Element userTask, Set<String> formIds) {
        String id = idOf(userTask);
        String formRef = userTask.getAttributeNS(CAMUNDA_NS, "formRef");
        if (formRef.isBlank()) {
            add(file, id, Rule.USER_TASK_FORM_REF, "user task has no camunda:formRef to a Camunda Form");
            return;
        }
        if (!isExpression(formRef) && !formIds.contains(formRef)) {
            add(file, id, Rule.USER_TASK_FORM_REF, "camunda:formRef=\"" + formRef + "\" matches no form id in forms/");
        }
        String binding = userTask.getAttributeNS(CAMUNDA_NS, "formRefBinding");
        if (!"deployment".equals(binding)) {
            add(file, id, Rule.USER_TASK_FORM_REF_BINDING,
                    "camunda:formRefBinding must be \"deployment\", found \"" + binding + "\"");
        }
    }

    private void checkAssignment(Path file, Element userTask) {
        if (userTask.getAttributeNS(CAMUNDA_NS, "candidateGroups").isBlank()
                && userTask.getAttributeNS(CAMUNDA_NS, "assignee").isBlank()) {
            add(file, idOf(userTask), Rule.USER_TASK_ASSIGNMENT,
                    "user task needs camunda:candidateGroups or camunda:assignee");
        }
    }

    private void checkDueDate(Path file, Element userTask) {
        if (userTask.getAttributeNS(CAMUNDA_NS, "dueDate").isBlank()) {
            add(file, idOf(userTask), Rule.USER_TASK_DUE_DATE, "user task has no camunda:dueDate");
        }
    }

    private void checkDocumentation(Path file, Element userTask) {
        boolean documented = childElements(userTask, BPMN_NS, "documentation").stream()
                .anyMatch(documentation -> !documentation.getTextContent().isBlank());
        if (!documented) {
            add(file, idOf(userTask), Rule.USER_TASK_DOCUMENTATION, "user task has no documentation");
        }
    }

    // ---------------------------------------------------------------- DOM helpers

    private static boolean isExpression(String value) {
        return value.contains("${") || value.contains("#{");
    }

    private static List<Element> elements(Document document, String namespace, String localName) {
        return asElements(document.getElementsByTagNameNS(namespace, localName));
    }

    private static List<Element> childElements(Element parent, String namespace, String localName) {
        List<Element> children = new ArrayList<>();
        for (Element child : asElements(parent.getChildNodes())) {
            if (namespace.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName())) {
                children.add(child);
            }
        }
        return children;
    }

    private static List<Element> asElements(NodeList nodes) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String idOf(Element element) {
        String id = element.getAttribute("id");
        return id.isEmpty() ? "<" + element.getNodeName() + ">" : id;
    }

    /** Id of the closest BPMN/DMN element (Camunda extension elements are skipped) that has one. */
    private static String nearestModelId(Element element) {
        for (Node node = element; node instanceof Element current; node = node.getParentNode()) {
            if (!CAMUNDA_NS.equals(current.getNamespaceURI()) && !current.getAttribute("id").isEmpty()) {
                return current.getAttribute("id");
            }
        }
        return "-";
    }
}
