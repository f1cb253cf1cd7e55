package ru.onlineschool.funnels.migration;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import ru.onlineschool.funnels.api.Problems;
import ru.onlineschool.funnels.api.StaffPageFilter;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * The page {@code /import} with the login of the Camunda webapps (api/StaffPageFilter), for
 * administrators only: a signed-in employee who is not one gets 403 with a Russian explanation.
 * The page is only read; its writes go to {@code /api/admin/import/amocrm} with the session's CSRF
 * token, where the controller checks the same again.
 */
public class AmoImportPageFilter extends StaffPageFilter {

  public AmoImportPageFilter(IdentityService identity, String engineName) {
    super(identity, engineName, "/import/import.css");
  }

  @Override
  protected String onlyReadDetail() {
    return "Страница импорта только открывается; файл принимает /api/admin/import/amocrm.";
  }

  @Override
  protected boolean admits(List<String> groups, HttpServletResponse response) throws IOException {
    if (groups.contains(SchoolGroup.ADMINS.id()) || groups.contains(SchoolGroup.CAMUNDA_ADMIN)) {
      return true;
    }
    Problems.write(response, 403, "Доступ запрещён", "Импорт из amoCRM запускают только администраторы.");
    return false;
  }
}
