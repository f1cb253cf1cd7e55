package ru.onlineschool.funnels.support;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Process test classes ({@link ProcessTest}) fail unless they cover every flow node and
 * sequence flow of the models they run. Reports go to {@code target/process-test-coverage/}.
 */
@TestConfiguration
public class CoverageSettings {

  @Bean
  ProcessEngineCoverageProperties coverageProperties() {
    return ProcessEngineCoverageProperties.builder()
        .assertClassCoverageAtLeast(1.0)
        .excludeProcessDefinitionKeys("stage-listener-test")
        .build();
  }
}
