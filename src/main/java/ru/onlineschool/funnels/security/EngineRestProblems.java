package ru.onlineschool.funnels.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import ru.onlineschool.funnels.identity.LoginThrottledException;

/**
 * The engine's REST answers (engine-rest and the Tasklist's own {@code /camunda/api/engine}) for
 * what staff meet in daily work, as 4xx in Camunda's error shape {@code {"type", "message"}} with
 * a Russian message, which Tasklist shows: two people completing one task (optimistic lock or the
 * task already gone), a task someone else claimed, and our own form checks («Заполните
 * «Результат»»). Camunda wraps these in a 500; everything else keeps Camunda's own mapping.
 *
 * <p>Registered for both REST applications by {@link EngineRestProblemsFeature}; the priority
 * wins over Camunda's mappers for the same exception types.
 */
@Priority(Priorities.USER - 100)
public class EngineRestProblems {

  static final String TASK_DONE = "Эту задачу уже выполнил другой сотрудник — обновите список задач.";
  static final String TASK_GONE = "Задачи уже нет: её выполнил или удалил другой сотрудник — обновите список задач.";
  static final String TASK_TAKEN = "Эту задачу уже взял в работу другой сотрудник — обновите список задач.";
  static final String CHANGED_MEANWHILE = "Эти данные только что изменил другой сотрудник — обновите страницу и повторите.";
  static final String NOT_FOUND = "Не найдено: объекта с таким идентификатором нет или он уже завершён.";
  static final String INCOMPLETE =
      "В запросе не хватает данных: нет тела запроса, обязательного поля или объекта, на который он ссылается.";
  static final String BAD_VALUE = "Значение в запросе слишком длинное или недопустимого вида.";
  static final String REFUSED = "Движок отклонил запрос: для этого объекта такая операция невозможна.";

  /**
   * Refusals the engine throws as a bare ProcessEngineException (Camunda answers 500) although
   * the request asked for something impossible: a message fragment and what to tell a person.
   */
  private static final Map<String, String> ENGINE_REFUSALS =
      Map.of(
          "cannot be deleted because is part of a running process",
              "Задачу процесса удалить нельзя: она закрывается только вместе со своим процессом.",
          "ENGINE-13040", "Перезапустить можно только завершённый или отменённый процесс.",
          "ENGINE-13043", "Ни одно условие запуска процесса не выполнено: ничего не запущено.",
          "does not have a subscription to a message event", "Этот процесс сейчас не ждёт такого сообщения.",
          "ENGINE-03076", "Модель с запущенными процессами удалить нельзя: сначала завершите или удалите их (каскадное удаление).");

  private EngineRestProblems() {}

  /** A request that acts on one task: its id. */
  private static final Pattern TASK_ACTION =
      Pattern.compile("(.*/)?task/([^/]+)/(complete|submit-form|resolve|claim|unclaim|assignee|delegate)/?$");

  /**
   * The loser of a race reads the task before the winner commits and the rest after it: then it
   * fails in whatever way that step fails (no permission any more — the grants went with the task —
   * or even a NullPointerException inside the engine, the execution being gone). Whatever the
   * failure, when the task it acted on no longer exists, the answer is «the task is gone».
   */
  static Response taskGone(UriInfo uri) {
    if (uri == null) {
      return null;
    }
    Matcher action = TASK_ACTION.matcher(uri.getPath());
    ProcessEngine engine = ProcessEngines.getDefaultProcessEngine(false);
    if (!action.matches() || engine == null) {
      return null;
    }
    String taskId = action.group(2);
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    // A plain lookup by id, without the caller's authorizations (a query would hide a task she may not see).
    boolean gone = configuration.getCommandExecutorTxRequired().execute(context -> context.getTaskManager().findTaskById(taskId)) == null;
    return gone ? body(Response.Status.NOT_FOUND, "NotFoundException", TASK_GONE) : null;
  }

  /** The answer for a failure, or null to leave it to Camunda. */
  static Response answer(Throwable failure, UriInfo uri) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OptimisticLockingException) {
        // Only a task action means «someone did this task»; elsewhere (Cockpit, Admin) say what happened.
        boolean taskAction = uri != null && TASK_ACTION.matcher(uri.getPath()).matches();
        return body(Response.Status.CONFLICT, "OptimisticLockingException", taskAction ? TASK_DONE : CHANGED_MEANWHILE);
      }
      if (t instanceof TaskAlreadyClaimedException) {
        return body(Response.Status.CONFLICT, "TaskAlreadyClaimedException", TASK_TAKEN);
      }
      if (t instanceof NullValueException && t.getMessage() != null && t.getMessage().contains("Cannot find task")) {
        return body(Response.Status.NOT_FOUND, "NotFoundException", TASK_GONE);
      }
      if (t instanceof BadUserRequestException bad && hasCyrillic(bad.getMessage())) {
        // Our own checks (listeners, delegates) speak Russian already: say it as it is.
        return body(Response.Status.BAD_REQUEST, "BadUserRequestException", bad.getMessage());
      }
    }
    return null;
  }

  /**
   * Failures a client provokes with what it sent, which Camunda would answer 500 (issue 13): its
   * REST resources wrap some 400s into a 500 RestException, the engine's «required value is null»
   * (NullValueException: no such task, no worker id) and a few refusals are plain engine
   * exceptions, a missing body or field is a NullPointerException in the resource, a value too
   * long for its column is an SQL «data exception». Everything else stays a 500: a database away
   * or a bug must not look like the client's fault.
   */
  static Response clientFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if ((t instanceof NullValueException || t instanceof BadUserRequestException) && notFoundMessage(t.getMessage())) {
        return body(Response.Status.NOT_FOUND, "InvalidRequestException", NOT_FOUND);
      }
      if (t instanceof NullValueException) {
        return body(Response.Status.BAD_REQUEST, "InvalidRequestException", INCOMPLETE);
      }
      if (t instanceof BadUserRequestException) {
        // Camunda answers these 400 unless a resource wrapped them in a 500 (a signal nobody waits for).
        return body(Response.Status.BAD_REQUEST, "InvalidRequestException", REFUSED);
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
        return body(Response.Status.BAD_REQUEST, "InvalidRequestException", BAD_VALUE);
      }
      if (t instanceof NullPointerException && thrownReadingTheRequest(t)) {
        return body(Response.Status.BAD_REQUEST, "InvalidRequestException", INCOMPLETE);
      }
      if (t.getClass() == ProcessEngineException.class && t.getMessage() != null) {
        for (Map.Entry<String, String> refusal : ENGINE_REFUSALS.entrySet()) {
          if (t.getMessage().contains(refusal.getKey())) {
            return body(Response.Status.BAD_REQUEST, "InvalidRequestException", refusal.getValue());
          }
        }
      }
      if (t instanceof org.camunda.bpm.engine.rest.exception.InvalidRequestException && notFoundMessage(t.getMessage())) {
        return body(Response.Status.NOT_FOUND, "InvalidRequestException", NOT_FOUND);
      }
    }
    return null;
  }

  private static boolean notFoundMessage(String message) {
    String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    return text.contains("doesn't exist") || text.contains("does not exist") || text.contains("not found") || text.contains("no job found")
        || text.contains("no deployed");
  }

  /**
   * A NullPointerException in Camunda's REST layer (a body or a field it reads is missing) or in
   * an engine command or its authorization check reading the object the request names (there is
   * none: {@code /task/abc/deployed-form}). Elsewhere it is a fault of ours and stays a 500.
   */
  private static boolean thrownReadingTheRequest(Throwable npe) {
    StackTraceElement[] trace = npe.getStackTrace();
    if (trace.length == 0) {
      return false;
    }
    String where = trace[0].getClassName();
    return where.startsWith("org.camunda.bpm.engine.rest.")
        || where.startsWith("org.camunda.bpm.engine.impl.cmd.")
        || where.startsWith("org.camunda.bpm.engine.impl.cfg.auth.");
  }

  private static boolean hasCyrillic(String text) {
    return text != null && text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
  }

  private static Response body(Response.Status status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("message", message);
    body.put("code", null);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
  }

  /** Camunda's resources wrap engine failures in a RestException (complete, submit-form, …). */
  @Priority(Priorities.USER - 100)
  public static class ForRestException implements ExceptionMapper<org.camunda.bpm.engine.rest.exception.RestException> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(org.camunda.bpm.engine.rest.exception.RestException exception) {
      return orCamunda(exception, uri, true);
    }
  }

  /** Others let the engine's exception through unwrapped (claim, an authorization check, …). */
  @Priority(Priorities.USER - 100)
  public static class ForEngineException implements ExceptionMapper<ProcessEngineException> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(ProcessEngineException exception) {
      return orCamunda(exception, uri, true);
    }
  }

  /** Anything else the engine throws mid-race (a NullPointerException when the execution is gone). */
  @Priority(Priorities.USER - 100)
  public static class ForAnyFailure implements ExceptionMapper<RuntimeException> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(RuntimeException exception) {
      return orCamunda(exception, uri, false);
    }
  }

  /**
   * A login refused for a while (the webapps' login form, {@code /camunda/api/admin/auth/…}):
   * 429 with {@code Retry-After}; Tasklist's form shows the message.
   */
  @Priority(Priorities.USER - 100)
  public static class ForLoginThrottled implements ExceptionMapper<LoginThrottledException> {
    @Override
    public Response toResponse(LoginThrottledException exception) {
      return Response.fromResponse(body(Response.Status.TOO_MANY_REQUESTS, "LoginThrottledException", exception.getMessage()))
          .header("Retry-After", exception.retryAfterSeconds())
          .build();
    }
  }

  private static Response orCamunda(Throwable exception, UriInfo uri, boolean known) {
    Response answer = known ? answer(exception, uri) : null;
    if (answer == null) {
      answer = taskGone(uri);
    }
    if (answer == null && ExceptionHandlerHelper.getInstance().getStatus(exception).getStatusCode() >= 500) {
      answer = clientFault(exception);
    }
    return answer != null ? answer : ExceptionHandlerHelper.getInstance().getResponse(exception);
  }
}
