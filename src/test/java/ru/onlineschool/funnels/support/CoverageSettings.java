package ru.onlineschool.funnels.support;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Process test classes ({@link ProcessTest}) record which flow nodes and sequence flows they
 * run; reports go to {@code target/process-test-coverage/}. The 100 % threshold is checked per
 * model over all classes together by {@code ProcessCoverageIT} after the tests, because one
 * class may start another funnel's process (a lost sale starts «Реанимация») without meaning
 * to cover it.
 */
@TestConfiguration
public class CoverageSettings {

  @Bean
  ProcessEngineCoverageProperties coverageProperties() {
    return ProcessEngineCoverageProperties.builder().excludeProcessDefinitionKeys(TestProcess.KEY).build();
  }
}
