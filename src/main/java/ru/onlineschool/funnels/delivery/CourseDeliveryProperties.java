package ru.onlineschool.funnels.delivery;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of «Ведение курса» under {@code school.course-delivery}. A sale rarely records when
 * the course ends; the hand-over then assumes {@code default-duration} (3 months) from the start,
 * and the curator corrects it through the API when it differs.
 */
@ConfigurationProperties(prefix = "school.course-delivery")
public record CourseDeliveryProperties(Period defaultDuration) {

  public CourseDeliveryProperties {
    if (defaultDuration == null) {
      defaultDuration = Period.ofMonths(3);
    }
    if (defaultDuration.isNegative() || defaultDuration.isZero()) {
      throw new IllegalArgumentException("school.course-delivery.default-duration должна быть больше нуля");
    }
  }
}
