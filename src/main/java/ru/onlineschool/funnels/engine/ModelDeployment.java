package ru.onlineschool.funnels.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Deploys the models of {@code bpmn/} and the forms of {@code forms/} as one deployment named
 * «school-models», with resource names as they are in the repository ({@code bpmn/course-sale.bpmn})
 * rather than the file system path the starter's auto-deployment would record. Unchanged files
 * deploy nothing (duplicate filtering), so a model a process owner deployed from Camunda Modeler
 * stays the latest version until the repository's copy changes.
 */
class ModelDeployment {

  static final String NAME = "school-models";
  private static final String[] PATTERNS = {"classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.dmn", "classpath*:forms/*.form"};

  void deploy(ProcessEngine engine) {
    var resolver = new PathMatchingResourcePatternResolver();
    DeploymentBuilder deployment =
        engine.getRepositoryService().createDeployment().name(NAME).source("repository").enableDuplicateFiltering(false);
    int count = 0;
    try {
      for (String pattern : PATTERNS) {
        Resource[] found = resolver.getResources(pattern);
        Arrays.sort(found, Comparator.comparing(Resource::getFilename));
        String folder = pattern.substring("classpath*:".length(), pattern.indexOf('/') + 1);
        for (Resource resource : found) {
          try (InputStream in = resource.getInputStream()) {
            deployment.addInputStream(folder + resource.getFilename(), new ByteArrayInputStream(in.readAllBytes()));
          }
          count++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Модели из bpmn/ и forms/ не прочитаны", e);
    }
    if (count > 0) {
      deployment.deploy();
    }
  }
}
