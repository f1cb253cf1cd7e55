package ru.onlineschool.funnels.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import ru.onlineschool.funnels.deal.DealNotes;

/**
 * Comments of an open task for whoever may see the task. Camunda's comment resource first looks
 * the task up in the history, which staff may not read (no READ_HISTORY, issue 13), so «Добавить
 * комментарий» always failed with «No task found for task id …» and Tasklist's «История» showed
 * no comments. For a task the caller sees in the runtime this filter answers {@code GET
 * …/task/{id}/comment} and {@code POST …/task/{id}/comment/create} itself, through {@link
 * DealNotes} (which also writes the deal's history); everything else — a finished task, another
 * comment resource — goes on to Camunda unchanged. Registered for engine-rest and Tasklist's
 * engine API by {@link EngineRestProblemsFeature}; the engine's authentication of the caller is
 * already set there, and Camunda's CSRF filter has checked a Tasklist POST.
 */
@PreMatching
public class TaskComments implements ContainerRequestFilter {

  private static final Pattern COMMENTS = Pattern.compile("(?:.*/)?task/([^/]+)/comment(/create)?/?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Context ServletContext servletContext;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    Matcher matcher = COMMENTS.matcher(request.getUriInfo().getPath());
    if (!matcher.matches() || servletContext == null) {
      return;
    }
    boolean create = matcher.group(2) != null;
    String method = request.getMethod();
    if (create ? !"POST".equals(method) : !"GET".equals(method)) {
      return;
    }
    WebApplicationContext spring = WebApplicationContextUtils.getWebApplicationContext(servletContext);
    if (spring == null) {
      return;
    }
    Authentication caller = spring.getBean(IdentityService.class).getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return;
    }
    DealNotes notes = spring.getBean(DealNotes.class);
    Optional<Task> task = notes.visibleTask(matcher.group(1));
    if (task.isEmpty()) {
      return;
    }
    if (!create) {
      List<Map<String, Object>> comments = new ArrayList<>();
      for (Comment comment : notes.comments(task.get().getId())) {
        comments.add(dto(comment));
      }
      request.abortWith(Response.ok(comments, MediaType.APPLICATION_JSON_TYPE).build());
      return;
    }
    String message;
    try {
      JsonNode body = JSON.readTree(request.getEntityStream());
      message = body == null || !body.path("message").isTextual() ? null : body.path("message").asText();
    } catch (IOException notJson) {
      message = null;
    }
    // Refusals (empty, too long, not the caller's task) are exceptions: EngineRestProblems and
    // Camunda's own mappers answer them with the Russian message.
    Comment comment = notes.comment(task.get(), message, caller.getUserId());
    request.abortWith(Response.ok(dto(comment), MediaType.APPLICATION_JSON_TYPE).build());
  }

  /** The fields of Camunda's comment answer that Tasklist reads. */
  private static Map<String, Object> dto(Comment comment) {
    Map<String, Object> dto = new LinkedHashMap<>();
    dto.put("id", comment.getId());
    dto.put("userId", comment.getUserId());
    dto.put("time", comment.getTime() == null ? null : new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(comment.getTime()));
    dto.put("taskId", comment.getTaskId());
    dto.put("processInstanceId", comment.getProcessInstanceId());
    dto.put("message", comment.getFullMessage());
    dto.put("removalTime", null);
    dto.put("rootProcessInstanceId", comment.getRootProcessInstanceId());
    dto.put("links", List.of());
    return dto;
  }
}
