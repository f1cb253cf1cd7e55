package ru.onlineschool.funnels.tasklist;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.QueryOrderingProperty;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StartupStep;

/**
 * The ready-made Tasklist filters, created at start when missing (matched by name, so a
 * filter an administrator has tuned in Tasklist is left as it is).
 */
@Component
@Order(1)
public class TasklistFilters implements StartupStep {

  static final String MY_TASKS = "Мои задачи";
  static final String GROUP_TASKS = "Задачи группы";
  static final String OVERDUE = "Просроченные";
  static final String TODAY = "На сегодня";
  static final String DEPARTMENT = "Все задачи отдела";

  /** The columns a manager needs: process variables every funnel sets. */
  static final List<Map<String, String>> COLUMNS =
      List.of(
          column(ProcessVariables.CLIENT_NAME, "Клиент"),
          column(ProcessVariables.CLIENT_PHONE, "Телефон"),
          column(ProcessVariables.COURSE, "Курс"),
          column(ProcessVariables.STAGE_TITLE, "Этап"));

  /**
   * What earlier versions stored: by due date, or (group tasks) by priority only (before issue
   * 15), then priority and due date without the task's id to break ties.
   */
  private static final Set<String> EARLIER_ORDERS = Set.of("DUE_DATE_ asc;", "PRIORITY_ desc;", "PRIORITY_ desc;DUE_DATE_ asc;");

  private static final String END_OF_TODAY = "${dateTime().withTimeAtStartOfDay().plusDays(1).toDate()}";

  private final FilterService filters;
  private final TaskService tasks;
  private final AuthorizationService authorizations;

  public TasklistFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations) {
    this.filters = filters;
    this.tasks = tasks;
    this.authorizations = authorizations;
  }

  @Override
  public void ensure() {
    List<String> staff =
        List.of(SchoolGroup.MANAGERS.id(), SchoolGroup.SALES_HEADS.id(), SchoolGroup.CURATORS.id(), SchoolGroup.ADMINS.id());

    ensure(
        MY_TASKS,
        "Задачи, назначенные на меня",
        -10,
        "#2e7d32",
        inRegulationOrder(tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}")),
        staff);
    ensure(
        GROUP_TASKS,
        "Свободные задачи моих групп: возьмите в работу",
        -5,
        "#1565c0",
        inRegulationOrder(tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").taskUnassigned()),
        staff);
    ensure(OVERDUE, "Мои и свободные задачи групп со сроком в прошлом", 0, "#c62828", mineOrGroups().dueBeforeExpression("${now()}"), staff);
    ensure(TODAY, "Мои и свободные задачи групп со сроком до конца дня", 5, "#ef6c00", mineOrGroups().dueBeforeExpression(END_OF_TODAY), staff);
    // Seed 003: everyone sees every task of the funnels she works (a colleague's too); the engine
    // shows each user only those, and lets her work only her own (engine/TaskWorkGuard).
    ensure(DEPARTMENT, "Все открытые задачи отдела: свои и коллег", 10, "#6a1b9a", inRegulationOrder(tasks.createTaskQuery()), staff);
  }

  private TaskQuery mineOrGroups() {
    return (TaskQuery)
        tasks
            .createTaskQuery()
            .or()
            .taskAssigneeExpression("${currentUser()}")
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .endOr()
            .orderByTaskPriority()
            .desc()
            .orderByDueDate()
            .asc()
            .orderByTaskId()
            .asc();
  }

  /**
   * Seeds 001 and 003: new leads and invoices first (the models give them the highest priority),
   * then by due time. Tasklist shows the same order in its sort label (scripts/school-sorting.js)
   * and appends its own sorting after the filter's. The task's id last makes the order total:
   * hundreds of leads that came overnight share priority and due time (09:15), and with the id the
   * database reads the first page straight from the index ({@link TasklistIndexes}) instead of
   * sorting every tied task (issue 15: 67 ms → 0.2 ms for 16,736 tasks on PostgreSQL).
   */
  private static TaskQuery inRegulationOrder(TaskQuery query) {
    return query.orderByTaskPriority().desc().orderByDueDate().asc().orderByTaskId().asc();
  }

  private void ensure(String name, String description, int priority, String color, TaskQuery query, List<String> readers) {
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name);
      filter.setQuery(query);
      filter.setProperties(properties(description, priority, color));
      filters.saveFilter(filter);
    } else if (filter.getQuery() instanceof TaskQueryImpl stored && EARLIER_ORDERS.contains(order(stored))) {
      // Created by an earlier version, in its order: now the regulation's. An order an
      // administrator chose in Tasklist stays.
      stored.getOrderingProperties().clear();
      stored.getOrderingProperties().addAll(((TaskQueryImpl) query).getOrderingProperties());
      filter.setQuery(stored);
      filters.saveFilter(filter);
    }
    for (String group : readers) {
      grantRead(filter.getId(), group);
    }
  }

  private void grantRead(String filterId, String groupId) {
    long existing =
        authorizations
            .createAuthorizationQuery()
            .groupIdIn(groupId)
            .resourceType(Resources.FILTER)
            .resourceId(filterId)
            .count();
    if (existing > 0) {
      return;
    }
    Authorization authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setResource(Resources.FILTER);
    authorization.setResourceId(filterId);
    authorization.addPermission(Permissions.READ);
    authorizations.saveAuthorization(authorization);
  }

  private static String order(TaskQueryImpl query) {
    StringBuilder order = new StringBuilder();
    for (QueryOrderingProperty property : query.getOrderingProperties()) {
      order.append(property.getQueryProperty().getName()).append(' ').append(property.getDirection().getName()).append(';');
    }
    return order.toString();
  }

  private static Map<String, Object> properties(String description, int priority, String color) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("refresh", true);
    properties.put("showUndefinedVariable", false);
    properties.put("variables", COLUMNS);
    return properties;
  }

  private static Map<String, String> column(String name, String label) {
    return Map.of("name", name, "label", label);
  }
}
