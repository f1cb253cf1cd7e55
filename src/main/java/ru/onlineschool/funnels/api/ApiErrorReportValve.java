package ru.onlineschool.funnels.api;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answer for requests it refuses before any filter runs (a {@code %00} or a
 * malformed escape in the path): under {@code /api/} a Russian problem+json like every other
 * refusal of our API, elsewhere Tomcat's short HTML page without server details.
 */
public class ApiErrorReportValve extends ErrorReportValve {

  public ApiErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    String uri = request.getRequestURI();
    int status = response.getStatus();
    if (uri == null || !uri.startsWith("/api/") || status < 400 || response.getContentWritten() > 0) {
      super.report(request, response, throwable);
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String title = status >= 500 ? "Внутренняя ошибка" : status == 404 ? "Не найдено" : "Некорректный запрос";
    String detail =
        status >= 500
            ? "Запрос не выполнен из-за ошибки на сервере. Повторите позже."
            : "Сервер не смог разобрать запрос: проверьте адрес (недопустимые символы в пути) и заголовки.";
    String body =
        "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Cache-Control", "no-store");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the answer already started: nothing more to send.
    }
  }
}
