package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Reads our request bodies strictly: an unknown field (a typo such as {@code "phon"}), a
 * fraction for a whole number, a number for a yes/no or trailing garbage is an error the
 * sender sees, not data silently lost. Writing stays with Spring's usual converter.
 */
class StrictJson extends MappingJackson2HttpMessageConverter {

  StrictJson(ObjectMapper springMapper) {
    super(
        springMapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false));
  }

  @Override
  public boolean canRead(Class<?> clazz, MediaType mediaType) {
    return canRead(clazz, null, mediaType);
  }

  @Override
  public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
    return type instanceof Class<?> clazz
        && ApiRequest.class.isAssignableFrom(clazz)
        && super.canRead(type, contextClass, mediaType);
  }

  @Override
  public boolean canWrite(Class<?> clazz, MediaType mediaType) {
    return false;
  }

  @Override
  public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
    return false;
  }
}
