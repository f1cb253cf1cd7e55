package ru.onlineschool.funnels.inbound;

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
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import ru.onlineschool.funnels.api.ApiAuthenticationFilter;
import ru.onlineschool.funnels.api.Problems;

/**
 * Authenticates the messengers' deliveries before anything else reads them (issue 20, inbound).
 * Both addresses are public — no login — and proven by a secret only the messenger knows:
 *
 * <ul>
 *   <li>{@code /api/webhooks/telegram}: the header {@code X-Telegram-Bot-Api-Secret-Token} must be
 *       the {@code secret_token} the bot was registered with;
 *   <li>{@code POST /api/webhooks/whatsapp}: {@code X-Hub-Signature-256} must be
 *       {@code sha256=} and the hex HMAC-SHA256 of the raw body under the Meta app's secret — the
 *       body is read here, byte for byte, before any JSON parsing, and handed on unchanged;
 *   <li>{@code GET /api/webhooks/whatsapp}: Meta's registration check, {@code hub.verify_token}
 *       must be the verify token (403 otherwise, as Meta expects).
 * </ul>
 *
 * Every comparison runs in constant time (digests, {@link MessageDigest#isEqual}). A wrong or
 * missing secret is 401 in Russian problem+json; a webhook without a configured secret answers
 * 404 as if it did not exist. A request that passes is marked
 * {@link ApiAuthenticationFilter#WEBHOOK_AUTHENTICATED}, which a client cannot set.
 */
public class MessengerWebhookFilter extends OncePerRequestFilter {

  public static final String TELEGRAM_PATH = ApiAuthenticationFilter.WEBHOOKS + "telegram";
  public static final String WHATSAPP_PATH = ApiAuthenticationFilter.WEBHOOKS + "whatsapp";
  public static final String TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  public static final String WHATSAPP_SIGNATURE_HEADER = "X-Hub-Signature-256";

  private final byte[] telegramSecret;
  private final byte[] whatsappAppSecret;
  private final byte[] whatsappVerifyToken;

  public MessengerWebhookFilter(MessengerWebhookProperties properties) {
    this.telegramSecret = digestOrNull(properties.telegram().webhookSecret());
    this.whatsappAppSecret = properties.whatsapp().appSecret() == null ? null : properties.whatsapp().appSecret().getBytes(StandardCharsets.UTF_8);
    this.whatsappVerifyToken = digestOrNull(properties.whatsapp().verifyToken());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean telegram = path.equals(TELEGRAM_PATH);
    boolean whatsapp = path.equals(WHATSAPP_PATH);
    if (!telegram && !whatsapp) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getRequestURI().indexOf(';') >= 0 || (telegram ? telegramSecret == null : whatsappAppSecret == null)) {
      Problems.write(response, 404, "Не найдено", "Этот вебхук выключен: в настройках школы не задан его секрет.");
      return;
    }
    if (telegram) {
      String presented = request.getHeader(TELEGRAM_SECRET_HEADER);
      if (presented == null || !MessageDigest.isEqual(telegramSecret, sha256(presented))) {
        Problems.write(
            response, 401, "Неверный секрет вебхука",
            "Заголовок " + TELEGRAM_SECRET_HEADER + " не совпадает с секретом бота в настройках школы. Зарегистрируйте вебхук заново (setWebhook с secret_token).");
        return;
      }
      pass(request, response, chain);
      return;
    }
    if ("GET".equals(request.getMethod())) {
      String token = request.getParameter("hub.verify_token");
      if (whatsappVerifyToken == null || token == null || !"subscribe".equals(request.getParameter("hub.mode"))
          || !MessageDigest.isEqual(whatsappVerifyToken, sha256(token))) {
        Problems.write(response, 403, "Проверка вебхука не пройдена", "Маркер подтверждения (Verify token) не совпадает с настройками школы.");
        return;
      }
      pass(request, response, chain);
      return;
    }
    byte[] body = readLimited(request.getInputStream());
    if (body == null) {
      Problems.write(response, 413, "Слишком большой запрос", "Тело запроса не должно превышать 64 КБ.");
      return;
    }
    String signature = request.getHeader(WHATSAPP_SIGNATURE_HEADER);
    if (signature == null || !MessageDigest.isEqual(sha256(expectedSignature(body)), sha256(signature.strip().toLowerCase(Locale.ROOT)))) {
      Problems.write(
          response, 401, "Неверная подпись",
          "Подпись " + WHATSAPP_SIGNATURE_HEADER + " не совпадает с телом запроса и секретом приложения Meta (App Secret) в настройках школы.");
      return;
    }
    pass(new CachedBody(request, body), response, chain);
  }

  private void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
    request.setAttribute(ApiAuthenticationFilter.WEBHOOK_AUTHENTICATED, Boolean.TRUE);
    chain.doFilter(request, response);
  }

  /** {@code sha256=} and the lower-case hex HMAC-SHA256 of the body, as Meta signs it. */
  String expectedSignature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(whatsappAppSecret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body, or null when it is longer than the API's limit. */
  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) ApiAuthenticationFilter.MAX_BODY_BYTES + 1);
    return bytes.length > ApiAuthenticationFilter.MAX_BODY_BYTES ? null : bytes;
  }

  private static byte[] digestOrNull(String secret) {
    return secret == null ? null : sha256(secret);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request with its body already read: the controller reads the very bytes that were signed. */
  private static final class CachedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
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

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
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
