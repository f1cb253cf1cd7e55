package ru.onlineschool.funnels.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * JSON over HTTPS to a messenger's API with bounded waits: connecting and the whole exchange each
 * take at most {@code school.messengers.timeout} (10 s), so an API that hangs fails the job, which is
 * retried, instead of holding a job-executor thread. Failures to reach the API become
 * {@link MessengerException}s in Russian; the request's URL is never part of them (Telegram's holds
 * the bot token).
 */
@Component
public class MessengerHttp {

  /** What the API answered: the HTTP status and the body as JSON (an empty object when it was not JSON). */
  public record Answer(int status, JsonNode body) {}

  private final ObjectMapper json;
  private final Duration timeout;
  private final HttpClient client;

  public MessengerHttp(ObjectMapper json, MessengerProperties properties) {
    this.json = json;
    this.timeout = properties.timeout();
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** POSTs the body as JSON with the given headers; {@code api} names the service in errors («Telegram»). */
  public Answer post(String api, String url, Object body, Map<String, String> headers) throws MessengerException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Accept", "application/json");
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new MessengerException("нет связи с " + api + ": сервер не принимает соединения");
    } catch (HttpTimeoutException e) {
      throw new MessengerException(api + " не ответил за " + timeout.toSeconds() + " с");
    } catch (IOException e) {
      throw new MessengerException("связь с " + api + " прервалась (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessengerException("отправка в " + api + " прервана");
    }
    return new Answer(response.statusCode(), parse(response.body()));
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException notJson) {
      return json.createObjectNode();
    }
  }

  /** A messenger did not take the message; the message says why, in Russian, for the deal's history. */
  public static class MessengerException extends Exception {
    public MessengerException(String message) {
      super(message);
    }
  }
}
