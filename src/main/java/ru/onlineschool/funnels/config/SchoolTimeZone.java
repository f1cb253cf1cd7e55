package ru.onlineschool.funnels.config;

import java.time.ZoneId;
import java.util.TimeZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes the school's time zone the JVM's default before anything else starts.
 *
 * <p>The engine evaluates filter expressions such as "due before the end of today" and
 * stores timestamps in the JVM's zone, so every node must run in the school's zone.
 */
public class SchoolTimeZone implements EnvironmentPostProcessor {

  static final String PROPERTY = "school.time-zone";
  static final String DEFAULT_ZONE = "Europe/Moscow";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String zone = environment.getProperty(PROPERTY, DEFAULT_ZONE);
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
  }
}
