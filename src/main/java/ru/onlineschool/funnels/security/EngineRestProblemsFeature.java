package ru.onlineschool.funnels.security;

import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Adds {@link EngineRestProblems} to every Jersey application of the process: engine-rest and
 * the webapps' engine API that Tasklist calls ({@code /camunda/api/engine}), which Camunda
 * builds itself, so a Spring customizer of one would miss the other. Listed in
 * META-INF/services.
 */
public class EngineRestProblemsFeature implements ForcedAutoDiscoverable {

  @Override
  public void configure(FeatureContext context) {
    if (!context.getConfiguration().isRegistered(EngineRestProblems.ForRestException.class)) {
      context.register(EngineRestProblems.ForRestException.class);
      context.register(EngineRestProblems.ForEngineException.class);
      context.register(EngineRestProblems.ForAnyFailure.class);
      context.register(EngineRestProblems.ForLoginThrottled.class);
      context.register(TaskComments.class);
    }
  }
}
