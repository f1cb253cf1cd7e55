package ru.onlineschool.funnels.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.identity.LoginClient;
import ru.onlineschool.funnels.identity.LoginThrottledException;

/**
 * Tells the engine's password check which client is asking (see {@link ClientAddress}), for
 * every request, whatever servlet it goes to. A throttled login that nobody below answered —
 * the engine's own Basic filter on /engine-rest lets the exception through — gets 429 with
 * {@code Retry-After} and the engine REST's error shape with a Russian message. Our /api and the
 * webapps' login form answer it themselves (problem+json, the form's message).
 */
public class LoginClientFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientAddress addresses;

  public LoginClientFilter(ClientAddress addresses) {
    this.addresses = addresses;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = addresses.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    try (LoginClient.Scope scope = LoginClient.enter(client)) {
      chain.doFilter(request, response);
    } catch (RuntimeException | ServletException e) {
      LoginThrottledException throttled = throttled(e);
      if (throttled == null || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      writeTooManyRequests(response, throttled);
    }
  }

  private static LoginThrottledException throttled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LoginThrottledException throttled) {
        return throttled;
      }
    }
    return null;
  }

  /** Camunda's error shape {@code {"type","message"}}, which its REST clients and Tasklist read. */
  static void writeTooManyRequests(HttpServletResponse response, LoginThrottledException throttled) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "LoginThrottledException");
    body.put("message", throttled.getMessage());
    body.put("code", null);
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
