package ru.onlineschool.funnels.sale;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The greeting of the table «Скрипт приветствия» addresses the client as «{имя}»; once the table
 * has picked the script, this listener (end of «Подобрать скрипт приветствия») puts in the first
 * word of the name the client left: «Здравствуйте, Тамара!». Without a name (or when the first
 * word is not a name: digits, markup) the placeholder goes with its comma: «Здравствуйте!». The table stays the process owner's text to edit.
 */
@Component("greetingByName")
public class GreetingByName implements ExecutionListener {

  static final String PLACEHOLDER = "{имя}";

  @Override
  public void notify(DelegateExecution execution) {
    Object script = execution.getVariable(ProcessVariables.GREETING_SCRIPT);
    if (script instanceof String text && text.contains(PLACEHOLDER)) {
      Object name = execution.getVariable(ProcessVariables.CLIENT_NAME);
      execution.setVariable(ProcessVariables.GREETING_SCRIPT, addressed(text, name == null ? null : name.toString()));
    }
  }

  /** The script with the client's first name in place of «{имя}». */
  static String addressed(String script, String clientName) {
    String first = clientName == null || clientName.isBlank() ? "" : clientName.strip().split("\\s+")[0];
    // A name is letters (Анна-Мария, O'Brien); anything else the client typed is not said aloud.
    if (!first.matches("[\\p{L}][\\p{L}'’-]{0,49}")) {
      first = "";
    }
    if (first.isEmpty()) {
      return script.replace(", " + PLACEHOLDER, "").replace(PLACEHOLDER, "");
    }
    return script.replace(PLACEHOLDER, first);
  }
}
