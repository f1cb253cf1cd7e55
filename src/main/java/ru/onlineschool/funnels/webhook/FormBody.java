package ru.onlineschool.funnels.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;

/**
 * An {@code application/x-www-form-urlencoded} body read from its bytes, not through the
 * container: Tilda encodes Cyrillic in UTF-8 on most sites and in windows-1251 on old ones, and
 * does not always say which. A charset in Content-Type is believed; without one the bytes are
 * UTF-8 when they are valid UTF-8, windows-1251 otherwise (no other encoding Tilda uses makes
 * valid UTF-8 from Russian text). The first value of a repeated name counts.
 */
final class FormBody {

  static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

  private FormBody() {}

  static Map<String, String> parse(byte[] body, String contentType) {
    Charset declared = declaredCharset(contentType);
    Map<String, String> fields = new LinkedHashMap<>();
    if (body == null || body.length == 0) {
      return fields;
    }
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '&') {
        if (i > start) {
          pair(body, start, i, declared, fields);
        }
        start = i + 1;
      }
    }
    return fields;
  }

  private static void pair(byte[] body, int from, int to, Charset declared, Map<String, String> fields) {
    int equals = -1;
    for (int i = from; i < to; i++) {
      if (body[i] == '=') {
        equals = i;
        break;
      }
    }
    String name = text(unescape(body, from, equals < 0 ? to : equals), declared).strip();
    String value = equals < 0 ? "" : text(unescape(body, equals + 1, to), declared);
    if (!name.isEmpty()) {
      fields.putIfAbsent(name, value);
    }
  }

  private static byte[] unescape(byte[] body, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
        if (high < 0 || low < 0) {
          throw malformed();
        }
        out.write(high * 16 + low);
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static String text(byte[] bytes, Charset declared) {
    if (declared != null) {
      return decode(bytes, declared);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, WINDOWS_1251);
    }
  }

  private static String decode(byte[] bytes, Charset charset) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "Некорректный запрос", "Тело запроса не в кодировке " + charset.name() + ", указанной в Content-Type.");
    }
  }

  private static Charset declaredCharset(String contentType) {
    if (contentType == null) {
      return null;
    }
    try {
      return MediaType.parseMediaType(contentType).getCharset();
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Неподдерживаемая кодировка", "Кодировка в Content-Type неизвестна: передайте UTF-8 или windows-1251.");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ApiException malformed() {
    return ApiException.invalid(List.of(new FieldProblem("body", "Неверная %-последовательность в теле формы")));
  }
}
