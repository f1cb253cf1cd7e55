package ru.onlineschool.funnels.deal;

import java.util.Arrays;
import java.util.List;

/** The school's four funnels; the key is the BPMN process id. */
public enum Funnel {
  COURSE_SALE("course-sale", "Продажа курса", true),
  COURSE_DELIVERY("course-delivery", "Ведение курса", false),
  WEBINAR("webinar", "Вебинар", true),
  REANIMATION("reanimation", "Реанимация", true);

  private final String processKey;
  private final String title;
  private final boolean sales;

  Funnel(String processKey, String title, boolean sales) {
    this.processKey = processKey;
    this.title = title;
    this.sales = sales;
  }

  public String processKey() {
    return processKey;
  }

  public String title() {
    return title;
  }

  /** Funnels worked by the sales department (managers and the head of sales). */
  public static List<Funnel> sales() {
    return Arrays.stream(values()).filter(f -> f.sales).toList();
  }
}
