package ru.onlineschool.funnels.deal;

import java.util.Optional;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/**
 * Who may see and who may change a deal in its card (seed 003, issue 15). Seeing: administrators
 * everything, heads of sales and managers every deal of the sales funnels (a colleague's too: a
 * client may call the wrong manager), curators the «Ведение курса» deals. Changing the client's
 * and the deal's fields and the manual tags: administrators; the head of sales on any sales deal;
 * a manager on a sales deal he is responsible for; a curator on a delivery deal she leads or one
 * that still waits for a curator (as {@code delivery/CourseDeliveryController} decides).
 */
@Component
public class DealAccess {

  private final Caller caller;
  private final FunnelCatalog funnels;
  private final StaffDirectory staff;

  public DealAccess(Caller caller, FunnelCatalog funnels, StaffDirectory staff) {
    this.caller = caller;
    this.funnels = funnels;
    this.staff = staff;
  }

  public boolean maySee(String funnel) {
    if (caller.isAdmin()) {
      return true;
    }
    FunnelCatalog.Department department = department(funnel);
    if ((caller.isMemberOf(SchoolGroup.SALES_HEADS.id()) || caller.isMemberOf(SchoolGroup.MANAGERS.id()))
        && department == FunnelCatalog.Department.SALES) {
      return true;
    }
    return caller.isMemberOf(SchoolGroup.CURATORS.id()) && department == FunnelCatalog.Department.DELIVERY;
  }

  /** Empty when the signed-in employee may change the deal, else why not, in Russian. */
  public Optional<String> whyNotEdit(long dealId, String funnel, String responsible) {
    if (caller.isAdmin()) {
      return Optional.empty();
    }
    if (!maySee(funnel)) {
      return Optional.of("Менять данные и теги сделки №" + dealId + " вы не можете: она не из ваших воронок.");
    }
    FunnelCatalog.Department department = department(funnel);
    String user = caller.userId();
    if (department == FunnelCatalog.Department.SALES) {
      if (caller.isMemberOf(SchoolGroup.SALES_HEADS.id())) {
        return Optional.empty();
      }
      if (caller.isMemberOf(SchoolGroup.MANAGERS.id()) && user != null && user.equals(responsible)) {
        return Optional.empty();
      }
      return Optional.of(
          "Сделку №" + dealId + " ведёт " + (responsible == null ? "пока никто" : "другой менеджер, " + staff.nameOf(responsible))
              + ": менять её данные и теги могут ответственный менеджер, РОП и администратор.");
    }
    if (department == FunnelCatalog.Department.DELIVERY && caller.isMemberOf(SchoolGroup.CURATORS.id())) {
      if (responsible == null || responsible.equals(user)) {
        return Optional.empty();
      }
      return Optional.of(
          "Сделку №" + dealId + " ведёт другой куратор, " + staff.nameOf(responsible) + ": менять её данные и теги могут он и администратор.");
    }
    return Optional.of("Менять данные и теги сделки №" + dealId + " вы не можете: она не из ваших воронок.");
  }

  private FunnelCatalog.Department department(String funnel) {
    return funnels.find(funnel).map(FunnelCatalog.FunnelModel::department).orElse(null);
  }
}
