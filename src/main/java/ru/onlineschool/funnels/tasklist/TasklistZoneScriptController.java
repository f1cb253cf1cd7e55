package ru.onlineschool.funnels.tasklist;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;
import ru.onlineschool.funnels.config.SchoolProperties;

/**
 * Tells Tasklist the school's time zone ({@code school.time-zone}).
 *
 * <p>The custom script {@code app/tasklist/scripts/school-time-zone.js} (registered in
 * Tasklist's {@code scripts/config.js}) imports this ES module as {@code ../school/zone.js}
 * and shows every date in that zone instead of the browser's. The path lies under the
 * Tasklist's static files, so whoever may load Tasklist may load it; Camunda's own security
 * filter grants it anonymously like {@code scripts/config.js}, and the engines filter passes
 * it through because it is not an HTML page.
 */
@RestController
public class TasklistZoneScriptController {

  static final MediaType JAVASCRIPT =
      new MediaType("application", "javascript", StandardCharsets.UTF_8);

  private final String timeZone;
  private final String script;

  public TasklistZoneScriptController(SchoolProperties properties) {
    this.timeZone = ianaZone(properties.timeZone().getId());
    this.script =
        "// school.time-zone for app/tasklist/scripts/school-time-zone.js\n"
            + "export const timeZone = \""
            + this.timeZone
            + "\";\n"
            + "export const timeZoneTitle = \""
            + jsString(title(this.timeZone))
            + "\";\n";
  }

  @GetMapping("${camunda.bpm.webapp.application-path:/camunda}/app/tasklist/school/zone.js")
  public ResponseEntity<String> zoneScript() {
    return ResponseEntity.ok()
        .contentType(JAVASCRIPT)
        .cacheControl(CacheControl.noStore())
        .body(script);
  }

  String timeZone() {
    return timeZone;
  }

  /** «Москва (UTC+3)» for a zone of the school's list; the IANA id for any other. */
  static String title(String ianaZone) {
    return TimeZoneCatalog.russia().of(ZoneId.of(ianaZone)).map(TimeZoneCatalog.Zone::title).orElse(ianaZone);
  }

  private static String jsString(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  /**
   * Browsers understand only IANA zone names (Europe/Moscow, Asia/Yekaterinburg, UTC), not
   * Java's offset forms such as {@code +03:00} or {@code UTC+3}; a wrong value stops the start.
   */
  static String ianaZone(String value) {
    String id = value == null ? "" : value.trim();
    try {
      ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalStateException(
          "school.time-zone: неизвестный часовой пояс «" + value + "»", e);
    }
    if (!ZoneId.getAvailableZoneIds().contains(id) || !id.matches("[A-Za-z0-9/_+-]+")) {
      throw new IllegalStateException(
          "school.time-zone: укажите часовой пояс из базы IANA, например Europe/Moscow, а не «"
              + value
              + "»");
    }
    return id;
  }
}
