package ru.onlineschool.funnels.webinar;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the funnel «Вебинар» ({@code school.webinar.*}).
 *
 * @param attendanceGrace how long after the webinar's end the platform may still report who
 *     attended; a registrant not reported by then did not come
 */
@ConfigurationProperties(prefix = "school.webinar")
public record WebinarProperties(Duration attendanceGrace) {

  public WebinarProperties {
    attendanceGrace = attendanceGrace == null ? Duration.ofHours(2) : attendanceGrace;
  }
}
