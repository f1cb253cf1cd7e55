package ru.onlineschool.funnels.migration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import ru.onlineschool.funnels.api.ApiRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/**
 * {@code POST /api/admin/import/amocrm}: an administrator moves the school in from amoCRM's export
 * (CSV or XLSX, the file as the request body — no multipart, so every generated client can send
 * it), first as a dry run (the default), then for real; {@code GET …/progress} feeds a progress
 * bar; {@code GET/PUT/DELETE …/mapping} reads, saves and resets the mapping.
 */
@SchoolApi
@RestController
@Tag(name = "Импорт из amoCRM", description = "Переезд из amoCRM: контакты и сделки с историей")
public class AmoImportController {

  /** The mapping an administrator saves: any of the sections, each replacing the default one. */
  @Schema(name = "AmoCrmMapping", title = "Сопоставление amoCRM со школой")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MappingRequest(
      @Schema(description = "Поле импорта (id, name, budget, responsible, createdAt, closedAt, pipeline, stage, tags, lossReason, course, notes, contactId, contactName, phones, emails, company, companyId, courseStart, courseEnd, group, teacher, webinarStart; выгрузка компаний: companyName, inn, kpp, companyContacts) → заголовки колонок, в которых оно может быть")
          Map<String, List<String>> headers,
      @Schema(description = "Воронка amoCRM → воронка школы (funnel: course-sale, course-delivery, webinar, reanimation) и коды этапов школы по названиям этапов amoCRM")
          Map<String, PipelineMapping> pipelines,
      @Schema(description = "Пользователь amoCRM (как в колонке «Ответственный») → логин сотрудника школы") Map<String, String> users)
      implements ApiRequest {}

  @Schema(name = "AmoCrmPipelineMapping", title = "Воронка amoCRM")
  public record PipelineMapping(
      @Schema(description = "Ключ воронки школы") String funnel,
      @Schema(description = "Этап amoCRM → код этапа школы") Map<String, String> stages) {}

  private static final ObjectMapper JSON_WRITER = new ObjectMapper();
  private final ObjectMapper json = JSON_WRITER;
  private final AmoImporter importer;
  private final AmoProgress progress;
  private final Caller caller;

  public AmoImportController(AmoImporter importer, AmoProgress progress, Caller caller) {
    this.importer = importer;
    this.progress = progress;
    this.caller = caller;
  }

  private static final String PROBLEM = "application/problem+json";

  @Operation(
      operationId = "importFromAmoCrm",
      summary = "Импортировать выгрузку amoCRM",
      description =
          "Тело запроса — файл выгрузки сделок, контактов или компаний amoCRM как есть (CSV в UTF-8 или Windows-1251 с разделителем «;» или «,»,"
              + " либо XLSX). Сопоставление воронок, этапов, пользователей и заголовков — сохранённое администратором"
              + " (PUT …/mapping) или по умолчанию. По умолчанию — пробный прогон: отчёт о том, что будет создано, пропущено и"
              + " отклонено, без записи. С dryRun=false сделки записываются; повторный импорт того же файла ничего не меняет."
              + " Только для администраторов.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Отчёт по строкам", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AmoReport.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "413", description = "Файл больше 32 МБ", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Файл не прочитан или сопоставление неверно", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/admin/import/amocrm", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public AmoReport importFile(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Выгрузка amoCRM: CSV или XLSX", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
          @RequestBody byte[] file,
      @Parameter(description = "true — только показать, что будет сделано") @RequestParam(defaultValue = "true") boolean dryRun) {
    requireAdmin();
    try {
      return importer.run(file, null, dryRun);
    } catch (AmoImportException e) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "Импорт невозможен", e.getMessage());
    }
  }

  @Operation(
      operationId = "amoCrmImportProgress",
      summary = "Ход импорта из amoCRM",
      description = "Сколько строк записано из скольких: для полосы прогресса. Только для администраторов.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Ход импорта", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AmoProgress.Snapshot.class))),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/admin/import/amocrm/progress", produces = MediaType.APPLICATION_JSON_VALUE)
  public AmoProgress.Snapshot progress() {
    requireAdmin();
    return progress.snapshot();
  }

  @Operation(
      operationId = "amoCrmImportMapping",
      summary = "Сопоставление amoCRM со школой",
      description = "Действующее сопоставление воронок, этапов, пользователей и заголовков: сохранённое администратором или по умолчанию (аккаунт онлайн-школы).",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Сопоставление (JSON)", content = @Content(mediaType = "application/json", schema = @Schema(type = "object"))),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/admin/import/amocrm/mapping", produces = MediaType.APPLICATION_JSON_VALUE)
  public String mapping() {
    requireAdmin();
    return importer.currentMapping();
  }

  @Operation(
      operationId = "saveAmoCrmImportMapping",
      summary = "Сохранить сопоставление",
      description = "Разделы headers, pipelines, users заменяют соответствующие разделы сопоставления по умолчанию; остальные остаются.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "204", description = "Сохранено"),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Сопоставление неверно", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PutMapping(value = "/api/admin/import/amocrm/mapping", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Void> saveMapping(@jakarta.validation.Valid @RequestBody MappingRequest mapping) {
    requireAdmin();
    try {
      importer.saveMapping(json.writeValueAsString(mapping), caller.userId());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (AmoImportException e) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "Сопоставление не сохранено", e.getMessage());
    }
    return ResponseEntity.noContent().build();
  }

  @Operation(
      operationId = "resetAmoCrmImportMapping",
      summary = "Вернуть сопоставление по умолчанию",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "204", description = "Сопоставление по умолчанию действует"),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
      })
  @DeleteMapping("/api/admin/import/amocrm/mapping")
  public ResponseEntity<Void> resetMapping() {
    requireAdmin();
    importer.resetMapping();
    return ResponseEntity.noContent().build();
  }

  private void requireAdmin() {
    if (!caller.isAdmin()) {
      throw ApiException.forbidden("Импорт из amoCRM запускают только администраторы.");
    }
  }
}
