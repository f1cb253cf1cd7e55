package ru.onlineschool.funnels.report;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the head of sales' reports ({@code school.reports.*}).
 *
 * @param firstContactSla how soon a new lead must be answered (SPEC, seed 002: 15 minutes)
 * @param minutesPerTask the workload estimate per open task (seed 001: about 3 minutes a call)
 */
@Validated
@ConfigurationProperties(prefix = "school.reports")
public record ReportProperties(Duration firstContactSla, @Min(1) Integer minutesPerTask) {

  public ReportProperties {
    firstContactSla = firstContactSla == null ? Duration.ofMinutes(15) : firstContactSla;
    minutesPerTask = minutesPerTask == null ? 3 : minutesPerTask;
  }
}
