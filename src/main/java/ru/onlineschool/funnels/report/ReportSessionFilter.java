package ru.onlineschool.funnels.report;

import org.camunda.bpm.engine.IdentityService;
import ru.onlineschool.funnels.api.StaffPageFilter;

/**
 * The page {@code /reports} and its data ({@code /reports/api/*}) with the login of the Camunda
 * webapps (api/StaffPageFilter): every signed-in employee may open it; what each report shows is
 * decided by the engine's authorization for her.
 */
public class ReportSessionFilter extends StaffPageFilter {

  public ReportSessionFilter(IdentityService identity, String engineName) {
    super(identity, engineName, "/reports/reports.css");
  }

  @Override
  protected String onlyReadDetail() {
    return "Отчёты только читаются: используйте GET.";
  }

  @Override
  protected boolean isData(String path) {
    return path.startsWith("/reports/api/");
  }

  @Override
  protected String signInDetail() {
    return "Войдите в Tasklist или Cockpit и откройте отчёты снова.";
  }
}
