package ru.onlineschool.funnels.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.File;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * The description at {@code /v3/api-docs} is what the school's partners feed to their tools: it
 * must be a valid OpenAPI document (component names as the specification allows them, every
 * reference pointing somewhere), and a client generated from it by openapi-generator must
 * compile. Names are Latin; what a person reads (titles, descriptions, tags) stays Russian.
 */
@ApplicationTest
class OpenApiClientTest {

  /** OpenAPI 3.x, «Components Object»: every key of every component map matches this. */
  static final Pattern COMPONENT_KEY = Pattern.compile("^[a-zA-Z0-9\\.\\-_]+$");

  private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

  @Autowired TestRestTemplate rest;

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String document() {
    ResponseEntity<String> docs = rest.getForEntity("/v3/api-docs", String.class);
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    return docs.getBody();
  }

  /** Keys under components.* that the specification forbids, as "schemas/Name". */
  static List<String> badComponentKeys(JsonNode api) {
    List<String> bad = new ArrayList<>();
    api.path("components").fields().forEachRemaining(kind -> kind.getValue().fieldNames().forEachRemaining(key -> {
      if (!COMPONENT_KEY.matcher(key).matches()) {
        bad.add(kind.getKey() + "/" + key);
      }
    }));
    return bad;
  }

  /** Every "$ref" of the document that does not point at a node of the same document. */
  static List<String> unresolvedReferences(JsonNode api) {
    List<String> refs = new ArrayList<>();
    collectReferences(api, refs);
    assertThat(refs).as("the document uses references at all").isNotEmpty();
    return refs.stream().filter(ref -> !ref.startsWith("#/") || api.at(pointer(ref)).isMissingNode()).distinct().toList();
  }

  private static void collectReferences(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
          refs.add(field.getValue().asText());
        } else {
          collectReferences(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(item -> collectReferences(item, refs));
    }
  }

  /** A "#/..." reference as a JSON pointer: the fragment is URI-encoded (RFC 6901, section 6). */
  private static String pointer(String ref) {
    return URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Test
  void everyComponentHasANameTheSpecificationAllowsAndEveryReferenceResolves() {
    JsonNode api = parse(document());

    assertThat(api.path("openapi").asText()).startsWith("3.");
    assertThat(badComponentKeys(api)).as("component keys outside %s", COMPONENT_KEY).isEmpty();
    assertThat(unresolvedReferences(api)).as("references that point nowhere").isEmpty();

    // Operation ids become method names of a generated client: unique by themselves, not by
    // springdoc's «_1» suffix, which depends on the order the controllers are scanned in.
    List<String> operationIds = new ArrayList<>();
    api.path("paths").forEach(path -> path.forEach(operation -> operationIds.add(operation.path("operationId").asText())));
    assertThat(operationIds).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[a-z][A-Za-z0-9]*"));

    // Latin names, Russian words: a person reading Swagger UI still reads Russian.
    JsonNode schemas = api.path("components").path("schemas");
    assertThat(schemas.path("DealCard").path("title").asText()).isEqualTo("Карточка сделки");
    assertThat(schemas.path("LeadRequest").path("title").asText()).isEqualTo("Заявка");
    assertThat(schemas.path("LeadRequest").path("description").asText()).startsWith("Заявка клиента.");
    assertThat(schemas.path("PaymentRequest").path("title").asText()).isEqualTo("Оплата");
    // Errors are described as they are sent: RFC 9457 fields and the «errors» array, flat.
    assertThat(schemas.has("ProblemDetail")).as("Spring's ProblemDetail class, whose «properties» map is written flat").isFalse();
    assertThat(schemas.path("Problem").path("properties").path("errors").path("items").path("$ref").asText()).isEqualTo("#/components/schemas/FieldProblem");
    assertThat(schemas.path("Problem").path("properties").has("properties")).isFalse();
    assertThat(api.at("/paths/~1api~1leads/post/responses/400/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
    // Every documented error of every operation is such a problem.
    List<String> otherErrors = new ArrayList<>();
    api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> operation.getValue().path("responses").fields().forEachRemaining(response -> {
      if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
        JsonNode content = response.getValue().path("content");
        if (content.size() != 1 || !content.path("application/problem+json").path("schema").path("$ref").asText().equals("#/components/schemas/Problem")) {
          otherErrors.add(operation.getKey() + " " + path.getKey() + " " + response.getKey() + " " + content);
        }
      }
    })));
    assertThat(otherErrors).as("errors not documented as application/problem+json Problem").isEmpty();
    assertThat(api.at("/paths/~1api~1reports~1conversion/get/responses/403/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
    List<String> tags = new ArrayList<>();
    api.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
    assertThat(tags).contains("Заявки", "Оплаты", "Сделки", "Отчёты");
    assertThat(tags).as("each tag is listed once").doesNotHaveDuplicates();
    // Every tag an operation uses is described in the list of tags, in Russian.
    Map<String, String> described = new java.util.HashMap<>();
    api.path("tags").forEach(tag -> described.put(tag.path("name").asText(), tag.path("description").asText()));
    api.path("paths").forEach(path -> path.forEach(operation -> operation.path("tags").forEach(tag -> {
      assertThat(described).as("tag of an operation").containsKey(tag.asText());
      assertThat(described.get(tag.asText())).as("description of tag " + tag.asText()).containsPattern(CYRILLIC);
    })));
  }

  /**
   * springdoc names a schema by the class's simple name: two records called Board in two packages
   * become ONE schema, and one of the two operations is documented with the other's body. Every
   * name is taken by one class of ours.
   */
  @Test
  void everySchemaNameBelongsToOneClass() {
    Map<String, java.util.Set<Class<?>>> byName = new java.util.TreeMap<>();
    java.util.Set<Class<?>> seen = new java.util.HashSet<>();
    handlers.getHandlerMethods().values().stream()
        .filter(method -> method.getBeanType().isAnnotationPresent(SchoolApi.class))
        .forEach(method -> {
          collectTypes(method.getMethod().getGenericReturnType(), seen, byName);
          for (java.lang.reflect.Parameter parameter : method.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(org.springframework.web.bind.annotation.RequestBody.class)) {
              collectTypes(parameter.getParameterizedType(), seen, byName);
            }
          }
        });
    assertThat(byName).as("schemas of our classes").containsKeys("DealCard", "LeadRequest", "ReportBoard");
    assertThat(byName.entrySet().stream().filter(e -> e.getValue().size() > 1).map(e -> e.getKey() + " " + e.getValue()).toList())
        .as("schema names shared by several classes")
        .isEmpty();
  }

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
  org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlers;

  private static void collectTypes(java.lang.reflect.Type type, java.util.Set<Class<?>> seen, Map<String, java.util.Set<Class<?>>> byName) {
    if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
      for (java.lang.reflect.Type argument : parameterized.getActualTypeArguments()) {
        collectTypes(argument, seen, byName);
      }
      collectTypes(parameterized.getRawType(), seen, byName);
    } else if (type instanceof Class<?> type1 && type1.getName().startsWith("ru.onlineschool.") && seen.add(type1)) {
      if (type1.isArray()) {
        collectTypes(type1.getComponentType(), seen, byName);
        return;
      }
      io.swagger.v3.oas.annotations.media.Schema named = type1.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
      String name = named != null && !named.name().isEmpty() ? named.name() : type1.getSimpleName();
      byName.computeIfAbsent(name, n -> new java.util.HashSet<>()).add(type1);
      if (type1.isRecord()) {
        for (java.lang.reflect.RecordComponent component : type1.getRecordComponents()) {
          collectTypes(component.getGenericType(), seen, byName);
        }
      }
    }
  }

  @Test
  void theChecksCatchACyrillicComponentNameAndADanglingReference() {
    // The contract above must fail the day someone writes @Schema(name = "КарточкаСделки") again.
    ObjectNode api = (ObjectNode) parse(document());
    ObjectNode schemas = (ObjectNode) api.path("components").path("schemas");
    JsonNode card = schemas.remove("DealCard");
    schemas.set("КарточкаСделки", card);

    assertThat(badComponentKeys(api)).containsExactly("schemas/КарточкаСделки");
    assertThat(unresolvedReferences(api)).contains("#/components/schemas/DealCard");
    try {
      assertThat(schemaErrors(api)).as("the OpenAPI 3.1 schema").anySatisfy(error -> assertThat(error).contains("КарточкаСделки"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    SwaggerParseResult parsed = new OpenAPIParser().readContents(api.toString(), null, new ParseOptions());
    assertThat(parsed.getMessages()).as("openapi-generator's parser").anySatisfy(message -> assertThat(message).contains("КарточкаСделки"));
  }

  /** The official JSON schema of OpenAPI 3.1 documents (2022-10-07), as vertx-openapi ships it. */
  static List<String> schemaErrors(JsonNode api) throws java.io.IOException {
    JsonNode schema;
    try (var in = OpenApiClientTest.class.getClassLoader().getResourceAsStream("spec.openapis.org/oas/3.1/schema/2022-10-07")) {
      assertThat(in).as("the OpenAPI 3.1 schema on the test classpath").isNotNull();
      schema = new ObjectMapper().readTree(in);
    }
    assertThat(schema.path("$id").asText()).isEqualTo("https://spec.openapis.org/oas/3.1/schema/2022-10-07");
    com.networknt.schema.Schema validator =
        com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(schema);
    return validator.validate(api).stream().map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
  }

  @Test
  void theDocumentIsValidAgainstTheOpenApi31Schema() throws Exception {
    JsonNode api = parse(document());
    assertThat(api.path("openapi").asText()).startsWith("3.1.");
    assertThat(schemaErrors(api)).as("violations of the OpenAPI 3.1 schema").isEmpty();
  }

  @Test
  void openApiGeneratorsParserFindsNothingWrong() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIParser().readContents(document(), null, options);

    assertThat(parsed.getMessages()).as("messages of the parser openapi-generator uses").isEmpty();
    assertThat(parsed.getOpenAPI().getPaths()).containsKey("/api/deals/{dealId}");
  }

  @Test
  void aJavaClientGeneratedByOpenApiGeneratorCompiles(@TempDir Path work) throws Exception {
    JsonNode api = parse(document());
    Path spec = work.resolve("api-docs.json");
    Files.writeString(spec, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(api));
    // Kept for a person who wants to look at what the partners get (and feed it to other tools).
    Files.createDirectories(Path.of("target"));
    Files.copy(spec, Path.of("target", "api-docs.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path out = work.resolve("client");

    CodegenConfigurator configurator =
        new CodegenConfigurator()
            .setGeneratorName("java")
            .setLibrary("native")
            .setInputSpec(spec.toString())
            .setOutputDir(out.toString())
            .setApiPackage("ru.school.client.api")
            .setModelPackage("ru.school.client.model")
            .setInvokerPackage("ru.school.client")
            .addAdditionalProperty("useJakartaEe", true)
            .addAdditionalProperty("openApiNullable", false)
            .addAdditionalProperty("annotationLibrary", "none")
            .addAdditionalProperty("hideGenerationTimestamp", true)
            .addGlobalProperty("apiTests", "false")
            .addGlobalProperty("modelTests", "false")
            .addGlobalProperty("apiDocs", "false")
            .addGlobalProperty("modelDocs", "false");
    List<File> generated = new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
    assertThat(generated).isNotEmpty();

    List<Path> sources;
    try (Stream<Path> files = Files.walk(out.resolve("src/main/java"))) {
      sources = files.filter(file -> file.toString().endsWith(".java")).toList();
    }
    // A model for every schema and a method for every operation of the document.
    TreeSet<String> models = new TreeSet<>();
    sources.stream().filter(file -> file.getParent().endsWith(Path.of("ru/school/client/model"))).forEach(file -> models.add(file.getFileName().toString().replace(".java", "")));
    assertThat(models).containsAll(iterable(api.path("components").path("schemas").fieldNames()));
    StringBuilder apis = new StringBuilder();
    for (Path file : sources) {
      if (file.getParent().endsWith(Path.of("ru/school/client/api"))) {
        apis.append(Files.readString(file));
      }
    }
    api.path("paths").forEach(path -> path.forEach(operation -> {
      String id = operation.path("operationId").asText();
      assertThat(apis.toString()).as("generated API has operation " + id).contains(" " + id + "(");
    }));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(work.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> arguments = List.of("-proc:none", "-nowarn", "-encoding", "UTF-8", "--release", "17", "-classpath", classpath, "-d", classes.toString());
      boolean compiled = javac.getTask(null, files, diagnostics, arguments, null, files.getJavaFileObjectsFromPaths(sources)).call();
      List<String> errors =
          diagnostics.getDiagnostics().stream()
              .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
              .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + " ") + d.getMessage(Locale.ROOT))
              .toList();
      assertThat(errors).as("compile errors of the generated client").isEmpty();
      assertThat(compiled).isTrue();
    }
    assertThat(classes.resolve("ru/school/client/model/DealCard.class")).exists();
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    List<T> list = new ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
