package ru.onlineschool.funnels.migration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;

/**
 * {@code POST /api/admin/import/amocrm}: an administrator moves the school in from amoCRM's export
 * (CSV or XLSX), first as a dry run (the default), then for real; {@code GET …/progress} feeds a
 * progress bar; {@code GET …/mapping} gives the default mapping file to edit.
 */
@SchoolApi
@RestController
@Tag(name = "Импорт из amoCRM", description = "Переезд из amoCRM: контакты и сделки с историей")
public class AmoImportController {

  private final AmoImporter importer;
  private final AmoProgress progress;
  private final Caller caller;

  public AmoImportController(AmoImporter importer, AmoProgress progress, Caller caller) {
    this.importer = importer;
    this.progress = progress;
    this.caller = caller;
  }

  @Operation(
      operationId = "importFromAmoCrm",
      summary = "Импортировать выгрузку amoCRM",
      description =
          "Файл выгрузки сделок или контактов amoCRM (CSV в UTF-8 или Windows-1251 с разделителем «;» или «,», либо XLSX)"
              + " и необязательный файл сопоставления (JSON). По умолчанию — пробный прогон: отчёт о том, что будет создано,"
              + " пропущено и отклонено, без записи. С dryRun=false сделки записываются; повторный импорт того же файла ничего не меняет."
              + " Только для администраторов.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Отчёт по строкам", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AmoReport.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "403", description = "Только для администраторов", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "422", description = "Файл не прочитан или сопоставление неверно", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @PostMapping(value = "/api/admin/import/amocrm", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public AmoReport importFile(
      @Parameter(description = "Выгрузка amoCRM: CSV или XLSX") @RequestPart("file") MultipartFile file,
      @Parameter(description = "Сопоставление воронок, этапов, пользователей и заголовков (JSON); без него — по умолчанию") @RequestPart(value = "mapping", required = false) MultipartFile mapping,
      @Parameter(description = "true — только показать, что будет сделано") @RequestParam(defaultValue = "true") boolean dryRun) {
    requireAdmin();
    try {
      return importer.run(file.getBytes(), mapping == null ? null : mapping.getBytes(), dryRun);
    } catch (AmoImportException e) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "Импорт невозможен", e.getMessage());
    } catch (IOException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Файл не получен", "Файл не удалось прочитать: " + e.getMessage());
    }
  }

  @Operation(
      operationId = "amoCrmImportProgress",
      summary = "Ход импорта из amoCRM",
      description = "Сколько строк записано из скольких: для полосы прогресса. Только для администраторов.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping(value = "/api/admin/import/amocrm/progress", produces = MediaType.APPLICATION_JSON_VALUE)
  public AmoProgress.Snapshot progress() {
    requireAdmin();
    return progress.snapshot();
  }

  @Operation(
      operationId = "amoCrmImportMapping",
      summary = "Сопоставление по умолчанию",
      description = "Файл сопоставления для аккаунта amoCRM онлайн-школы: его можно скачать, поправить и передать в импорт.",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC))
  @GetMapping(value = "/api/admin/import/amocrm/mapping", produces = MediaType.APPLICATION_JSON_VALUE)
  public String defaultMapping() throws IOException {
    requireAdmin();
    try (InputStream in = AmoMapping.class.getResourceAsStream(AmoMapping.DEFAULTS)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private void requireAdmin() {
    if (!caller.isAdmin()) {
      throw ApiException.forbidden("Импорт из amoCRM запускают только администраторы.");
    }
  }
}
