package ru.onlineschool.funnels.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.rest.hal.Hal;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * One Jackson mapper for the engine's REST API instead of a new one per use (issue 15).
 *
 * <p>Camunda's {@link JacksonConfigurator} hands out a freshly built {@code ObjectMapper} every
 * time a resource asks for one. Jackson caches what it learns about a class (which properties,
 * which (de)serializer) in the mapper, so each Tasklist call learnt {@code TaskQueryDto} and the
 * HAL classes again: a profile of «Мои задачи» at 50,000 open deals found a fifth of the request
 * threads' CPU building Jackson deserializers. This resolver answers before Camunda's with one mapper configured exactly as Camunda configures its own, rebuilt only when
 * Camunda's date format setting changes. It names the same media types as Camunda's resolver; of
 * two resolvers for a type Jersey asks the one with the higher {@code @Priority} first (Camunda's
 * has the default, {@code USER}), so the higher number is deliberate. A configured mapper is safe to share between threads;
 * Jackson clones the date format for each use.
 *
 * <p>Registered in every Jersey application of the process (engine-rest and the webapps' engine
 * API that Tasklist calls) through META-INF/services, like {@code security/EngineRestProblemsFeature}.
 */
@Produces({MediaType.APPLICATION_JSON, Hal.APPLICATION_HAL_JSON})
@Priority(Priorities.USER + 1000)
public class SharedRestObjectMapper implements ContextResolver<ObjectMapper> {

  private static volatile Shared shared;
  private static final AtomicLong HANDED_OUT = new AtomicLong();

  private record Shared(String dateFormat, ObjectMapper mapper) {}

  @Override
  public ObjectMapper getContext(Class<?> type) {
    HANDED_OUT.incrementAndGet();
    return mapper();
  }

  /** The mapper every engine REST resource of this process uses. */
  public static ObjectMapper mapper() {
    Shared current = shared;
    String dateFormat = JacksonConfigurator.dateFormatString;
    if (current == null || !current.dateFormat().equals(dateFormat)) {
      current = new Shared(dateFormat, JacksonConfigurator.configureObjectMapper(new ObjectMapper()));
      shared = current;
    }
    return current.mapper();
  }

  /** How many times the engine's REST resources asked for a mapper and got the shared one. */
  static long handedOut() {
    return HANDED_OUT.get();
  }

  /** Adds the resolver to each Jersey application; listed in META-INF/services. */
  public static class Registration implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
      if (!context.getConfiguration().isRegistered(SharedRestObjectMapper.class)) {
        context.register(SharedRestObjectMapper.class);
      }
    }
  }
}
