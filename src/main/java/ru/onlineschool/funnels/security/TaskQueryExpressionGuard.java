package ru.onlineschool.funnels.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses task queries with expressions sent in a request body, also inside {@code orQueries}.
 * The engine refuses ad-hoc expressions ({@code enable-expressions-in-adhoc-queries: false}) only
 * at the top level of a query; the or-queries Camunda's REST builds from a POST body escape that
 * check (found by issue 9's security suite). Stored filters — Tasklist's «Мои задачи» — keep
 * their expressions: they are run by id, not sent.
 */
public class TaskQueryExpressionGuard extends OncePerRequestFilter {

  /** Task queries and the extension of a filter's query, in engine-rest and in the webapps' engine API. */
  private static final Pattern QUERY = Pattern.compile(".*/(task(/count)?|filter/[^/]+/(list|count|singleResult))/?$");
  private static final int MAX_BODY = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MESSAGE =
      "Выражения в запросах задач запрещены (поля …Expression, также внутри orQueries): используйте готовые фильтры Tasklist.";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equalsIgnoreCase(request.getMethod()) || !QUERY.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(response, 413, "Слишком большой запрос.");
      return;
    }
    if (hasExpression(body)) {
      refuse(response, 400, MESSAGE);
      return;
    }
    chain.doFilter(new Buffered(request, body), response);
  }

  static boolean hasExpression(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return false; // not JSON: Camunda answers that itself
    }
    return hasExpression(json);
  }

  private static boolean hasExpression(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().endsWith("Expression") && !field.getValue().isNull()) {
          return true;
        }
        if (hasExpression(field.getValue())) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (hasExpression(element)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream()
        .write(JSON.writeValueAsBytes(Map.of("type", "BadUserRequestException", "message", message)));
  }

  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
