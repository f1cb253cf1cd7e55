package ru.onlineschool.funnels.security;

import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.HistoricDetailQueryImpl;
import org.camunda.bpm.engine.impl.HistoricVariableInstanceQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.VariableInstanceQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import ru.onlineschool.funnels.engine.CommandCaller;

/**
 * One answer of the engine carries the client data of at most {@value #MAX_DEALS} deals for
 * anyone but an administrator (seed 003: heads of sales and managers may not export).
 *
 * <p>Names, phones and e-mails live in process variables, so the answers that can carry them are
 * variable lists (runtime, history, history details) and task lists, which engine-rest can fill
 * with each task's variables ({@code withTaskVariablesInReturn}). Whoever may read a deal's
 * variables may read them everywhere: the engine's permissions cannot tell Tasklist's page of 15
 * tasks from a script asking for every phone at once. What tells them apart is the size of the
 * answer, so the limit counts the distinct deals (process instances) in the result of a query
 * that comes from outside the engine — REST, the webapps, our own controllers — whatever address
 * or API brought it. Queries the engine runs inside its own commands (delegates, listeners) are
 * not counted. Counts are not limited: they carry no client data.
 *
 * <p>Tasklist asks for pages of 15 tasks and then for those tasks' variables by scope ids; Cockpit
 * pages a process instance's variables by 50. Both stay under the limit.
 */
public class ClientDataReadLimit extends CommandInterceptor {

  static final int MAX_DEALS = 50;
  static final String MESSAGE =
      "Один запрос может вернуть данные клиентов не более чем " + MAX_DEALS + " сделок: выгрузка клиентской базы запрещена. "
          + "Запрашивайте постранично (maxResults не больше " + MAX_DEALS + ") или откройте карточку сделки.";

  private final ProcessEngineConfigurationImpl configuration;

  public ClientDataReadLimit(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  @Override
  public <T> T execute(Command<T> command) {
    boolean fromOutside = Context.getCommandContext() == null;
    T result = next.execute(command);
    if (fromOutside && carriesClientData(command) && result instanceof List<?> rows && rows.size() > MAX_DEALS && !CommandCaller.isSystemOrAdministrator(configuration)) {
      // A read-only query: refusing after it ran leaves nothing behind.
      long deals = rows.stream().map(ClientDataReadLimit::dealOf).distinct().count();
      if (deals > MAX_DEALS) {
        throw new BadUserRequestException(MESSAGE);
      }
    }
    return result;
  }

  private static boolean carriesClientData(Command<?> command) {
    return command instanceof VariableInstanceQueryImpl
        || command instanceof HistoricVariableInstanceQueryImpl
        || command instanceof HistoricDetailQueryImpl
        || command instanceof TaskQueryImpl;
  }

  /** The process instance a row belongs to; a row outside any process counts on its own. */
  private static Object dealOf(Object row) {
    String processInstanceId = null;
    if (row instanceof VariableInstance variable) {
      processInstanceId = variable.getProcessInstanceId();
    } else if (row instanceof HistoricVariableInstance variable) {
      processInstanceId = variable.getProcessInstanceId();
    } else if (row instanceof HistoricDetail detail) {
      processInstanceId = detail.getProcessInstanceId();
    } else if (row instanceof Task task) {
      processInstanceId = task.getProcessInstanceId();
    }
    return Objects.requireNonNullElse(processInstanceId, row);
  }
}
