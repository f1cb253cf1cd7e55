package ru.onlineschool.funnels.stalled;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import ru.onlineschool.funnels.deal.Funnel;

/**
 * When a deal counts as «подвисла» ({@code school.stalled.*}): days in one stage per funnel
 * (SPEC: more than 2 days). Funnels not listed, or listed with 0, are not checked; «Ведение
 * курса» is not by default, its stages last weeks by design. The hourly run at {@code digestHour}
 * (school time, default 9) also gives the heads of sales their daily digest.
 */
@ConfigurationProperties(prefix = "school.stalled")
public record StalledProperties(Map<String, Integer> days, Integer digestHour) {

  public static final int DEFAULT_DAYS = 2;

  public StalledProperties {
    digestHour = digestHour == null ? 9 : digestHour;
    if (digestHour < 0 || digestHour > 23) {
      throw new IllegalArgumentException("school.stalled.digest-hour: час от 0 до 23");
    }
    Map<String, Integer> all = new LinkedHashMap<>();
    for (Funnel funnel : Funnel.sales()) {
      all.put(funnel.processKey(), DEFAULT_DAYS);
    }
    if (days != null) {
      days.forEach((funnel, value) -> {
        if (value == null || value < 0) {
          throw new IllegalArgumentException("school.stalled.days." + funnel + ": число дней должно быть 0 или больше");
        }
        all.put(funnel, value);
      });
    }
    all.values().removeIf(value -> value == 0);
    days = Map.copyOf(all);
  }
}
