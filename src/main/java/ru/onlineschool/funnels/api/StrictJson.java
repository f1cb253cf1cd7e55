package ru.onlineschool.funnels.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Reads our request bodies strictly: an unknown field (a typo such as {@code "phon"}), a
 * fraction for a whole number, a number for a yes/no or trailing garbage is an error the
 * sender sees, not data silently lost. A number or a yes/no where text is expected ({@code
 * "name": 15}) is refused too, and so is a body that is not valid UTF-8 (Jackson would let some
 * broken sequences through as other characters). Writing stays with Spring's usual converter.
 */
class StrictJson extends MappingJackson2HttpMessageConverter {

  StrictJson(ObjectMapper springMapper) {
    super(strict(springMapper));
  }

  private static ObjectMapper strict(ObjectMapper springMapper) {
    ObjectMapper mapper =
        springMapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    for (CoercionInputShape scalar : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    return mapper;
  }

  @Override
  public Object read(Type type, Class<?> contextClass, HttpInputMessage inputMessage) throws IOException {
    MediaType contentType = inputMessage.getHeaders().getContentType();
    if (contentType != null && contentType.getCharset() != null && !StandardCharsets.UTF_8.equals(contentType.getCharset())) {
      return super.read(type, contextClass, inputMessage);
    }
    // At most 64 KB (ApiAuthenticationFilter): reading it whole first costs nothing.
    byte[] body = inputMessage.getBody().readAllBytes();
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw new HttpMessageNotReadableException("request body is not UTF-8", new NotUtf8Exception(), inputMessage);
    }
    return super.read(type, contextClass, new Buffered(inputMessage.getHeaders(), body));
  }

  /** The body was not valid UTF-8; {@link ProblemDetails} names it so. */
  static final class NotUtf8Exception extends IOException {
    NotUtf8Exception() {
      super("not UTF-8", null);
    }
  }

  private record Buffered(HttpHeaders headers, byte[] bytes) implements HttpInputMessage {
    @Override
    public InputStream getBody() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }
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
