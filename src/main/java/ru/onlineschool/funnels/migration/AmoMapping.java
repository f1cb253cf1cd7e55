package ru.onlineschool.funnels.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How amoCRM's export maps onto the school: which headers hold which field, which pipeline is
 * which funnel and which of its stages is which stage code, which amoCRM user is which login.
 * The defaults ({@code migration/amocrm-mapping.json}) are seed 003's account; an administrator's
 * file replaces any of the sections {@code headers}, {@code pipelines}, {@code users} whole and
 * keeps the others.
 */
public record AmoMapping(Map<String, List<String>> headers, Map<String, Pipeline> pipelines, Map<String, String> users) {

  /** An amoCRM pipeline: the funnel (process key) it becomes and its stages' codes by amoCRM's names (as written). */
  public record Pipeline(String funnel, Map<String, String> stages) {

    /** The code of amoCRM's stage {@code name}, compared as {@link #key} compares. */
    public Optional<String> stage(String name) {
      String wanted = key(name);
      return stages.entrySet().stream().filter(e -> key(e.getKey()).equals(wanted)).map(Map.Entry::getValue).findFirst();
    }
  }

  static final String DEFAULTS = "/migration/amocrm-mapping.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The defaults for seed 003's account. */
  public static AmoMapping defaults() {
    try (InputStream in = AmoMapping.class.getResourceAsStream(DEFAULTS)) {
      return from(JSON.readTree(in), null);
    } catch (IOException e) {
      throw new IllegalStateException("Нет файла сопоставления по умолчанию " + DEFAULTS, e);
    }
  }

  /** The default mapping file as it is. */
  public static String defaultsJson() {
    try (InputStream in = AmoMapping.class.getResourceAsStream(DEFAULTS)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Нет файла сопоставления по умолчанию " + DEFAULTS, e);
    }
  }

  /** The defaults with the sections the administrator's JSON names replaced; blank keeps the defaults. */
  public static AmoMapping withOverrides(byte[] json) {
    AmoMapping defaults = defaults();
    if (json == null || json.length == 0) {
      return defaults;
    }
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new AmoImportException("Файл сопоставления должен быть объектом JSON с разделами headers, pipelines, users.");
      }
      return from(root, defaults);
    } catch (JsonProcessingException e) {
      throw new AmoImportException("Файл сопоставления — не JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AmoImportException("Файл сопоставления не прочитан: " + e.getMessage());
    }
  }

  private static AmoMapping from(JsonNode root, AmoMapping base) {
    Map<String, List<String>> headers = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base.headers());
    if (root.has("headers")) {
      headers = new LinkedHashMap<>(headers);
      var fields = root.get("headers").fields();
      while (fields.hasNext()) {
        var field = fields.next();
        List<String> names = new ArrayList<>();
        if (field.getValue().isArray()) {
          field.getValue().forEach(n -> names.add(n.asText()));
        } else {
          names.add(field.getValue().asText());
        }
        headers.put(field.getKey(), List.copyOf(names));
      }
    }
    Map<String, Pipeline> pipelines = base == null ? Map.of() : base.pipelines();
    if (root.has("pipelines")) {
      Map<String, Pipeline> read = new LinkedHashMap<>();
      var fields = root.get("pipelines").fields();
      while (fields.hasNext()) {
        var pipeline = fields.next();
        JsonNode node = pipeline.getValue();
        if (!node.hasNonNull("funnel") || !node.has("stages")) {
          throw new AmoImportException("Воронка «" + pipeline.getKey() + "» в файле сопоставления: нужны поля funnel и stages.");
        }
        Map<String, String> stages = new LinkedHashMap<>();
        node.get("stages").fields().forEachRemaining(s -> stages.put(s.getKey(), s.getValue().asText()));
        read.put(pipeline.getKey(), new Pipeline(node.get("funnel").asText(), stages));
      }
      pipelines = read;
    }
    Map<String, String> users = base == null ? Map.of() : base.users();
    if (root.has("users")) {
      Map<String, String> read = new LinkedHashMap<>();
      root.get("users").fields().forEachRemaining(u -> read.put(u.getKey(), u.getValue().asText()));
      users = read;
    }
    return new AmoMapping(Map.copyOf(headers), Map.copyOf(pipelines), Map.copyOf(users));
  }

  /** Names compare without case, surrounding blanks and the difference of «е» and «ё». */
  static String key(String name) {
    return name == null ? "" : name.strip().replaceAll("\\s+", " ").replace('ё', 'е').replace('Ё', 'Е').toLowerCase(java.util.Locale.ROOT);
  }

  public Optional<Pipeline> pipeline(String name) {
    return find(pipelines, name);
  }

  public Optional<String> user(String name) {
    return find(users, name);
  }

  private static <T> Optional<T> find(Map<String, T> byName, String name) {
    String wanted = key(name);
    return byName.entrySet().stream().filter(e -> key(e.getKey()).equals(wanted)).map(Map.Entry::getValue).findFirst();
  }

  /** The header names a field may have, in the order tried. */
  public List<String> headerNames(String field) {
    return headers.getOrDefault(field, List.of());
  }
}
