package ru.onlineschool.funnels.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.api.ApiAuthenticationFilter;
import ru.onlineschool.funnels.api.Problems;

/**
 * Authenticates Tilda's and Marquiz's requests by the secret in their address,
 * {@code /api/webhooks/{tilda|marquiz}/{secret}}: neither service can send a header of ours. The
 * secret is compared by digest in constant time, and the request goes on with the secret cut off
 * its address ({@code /api/webhooks/tilda}), so nothing after this filter — Spring's request
 * logging at DEBUG, error reports, our controllers — ever holds it. A wrong secret is 401, an
 * address that is no webhook or one switched off (no secret configured) 404; neither answer
 * repeats the address.
 */
public class WebhookSecretFilter extends OncePerRequestFilter {

  private static final Pattern ADDRESS = Pattern.compile(Pattern.quote(ApiAuthenticationFilter.WEBHOOKS) + "(tilda|marquiz)/([^/]+)/?");

  /** Channel → SHA-256 of its secret; a channel without a secret is absent. */
  private final Map<String, byte[]> secrets;

  public WebhookSecretFilter(WebhookProperties properties) {
    java.util.HashMap<String, byte[]> configured = new java.util.HashMap<>();
    put(configured, "tilda", properties.tilda().secret());
    put(configured, "marquiz", properties.marquiz().secret());
    this.secrets = Map.copyOf(configured);
  }

  private static void put(Map<String, byte[]> secrets, String channel, String secret) {
    if (secret != null && !secret.isBlank()) {
      secrets.put(channel, sha256(secret.strip()));
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // The messengers' addresses were authenticated before, by their own signature (inbound/MessengerWebhookFilter).
    if (Boolean.TRUE.equals(request.getAttribute(ApiAuthenticationFilter.WEBHOOK_AUTHENTICATED))) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher address = ADDRESS.matcher(path);
    if (request.getRequestURI().indexOf(';') >= 0 || !address.matches() || !secrets.containsKey(address.group(1))) {
      Problems.write(response, 404, "Не найдено", "Такого адреса вебхука нет или вебхук выключен. Скопируйте адрес из настроек школы.");
      return;
    }
    String channel = address.group(1);
    if (!MessageDigest.isEqual(secrets.get(channel), sha256(address.group(2)))) {
      Problems.write(
          response, 401, "Неверный адрес вебхука", "Секрет в адресе вебхука не совпадает с настройками школы. Скопируйте адрес заново.");
      return;
    }
    request.setAttribute(ApiAuthenticationFilter.WEBHOOK_AUTHENTICATED, Boolean.TRUE);
    chain.doFilter(new WithoutSecret(request, ApiAuthenticationFilter.WEBHOOKS + channel), response);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request as if it had been sent to the address without its secret. */
  private static final class WithoutSecret extends HttpServletRequestWrapper {

    private final String path;

    WithoutSecret(HttpServletRequest request, String path) {
      super(request);
      this.path = path;
    }

    @Override
    public String getRequestURI() {
      return getContextPath() + path;
    }

    @Override
    public StringBuffer getRequestURL() {
      StringBuffer url = new StringBuffer();
      url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort()).append(getRequestURI());
      return url;
    }

    @Override
    public String getServletPath() {
      return path;
    }

    @Override
    public String getPathInfo() {
      return null;
    }

    @Override
    public String getPathTranslated() {
      return null;
    }
  }
}
