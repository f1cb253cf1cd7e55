package ru.onlineschool.funnels.reanimation;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the funnel «Реанимация» ({@code school.reanimation.*}).
 *
 * @param maxPerContact how many reanimation deals one contact may ever get; a lost deal past
 *     the limit starts nothing (no endless loop of lost sales and reanimations)
 */
@Validated
@ConfigurationProperties(prefix = "school.reanimation")
public record ReanimationProperties(@Min(0) Integer maxPerContact) {

  public ReanimationProperties {
    maxPerContact = maxPerContact == null ? 2 : maxPerContact;
  }
}
