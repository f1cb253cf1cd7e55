package ru.onlineschool.funnels;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FunnelsApplication {

  public static void main(String[] args) {
    SpringApplication.run(FunnelsApplication.class, args);
  }
}
