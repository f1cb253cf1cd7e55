package ru.onlineschool.funnels.deal.client;

import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * Who may read and change a client's personal data and the deal's company (seed 003 «Права
 * доступа», issue 12's roles). Seeing follows the deal card: administrators everything, heads of
 * sales and managers the sales funnels, curators «Ведение курса». Changing — and reading the
 * passport, personal data under 152-ФЗ — is for the deal's responsible (a manager in sales, a
 * curator in delivery), the heads of sales in sales, and administrators.
 */
@Component
class ClientDataAccess {

  private final Caller caller;
  private final FunnelCatalog funnels;

  ClientDataAccess(Caller caller, FunnelCatalog funnels) {
    this.caller = caller;
    this.funnels = funnels;
  }

  boolean maySee(DealParty deal) {
    if (caller.isAdmin()) {
      return true;
    }
    FunnelCatalog.Department department = department(deal);
    if (department == FunnelCatalog.Department.SALES) {
      return caller.isMemberOf(SchoolGroup.SALES_HEADS.id()) || caller.isMemberOf(SchoolGroup.MANAGERS.id());
    }
    return department == FunnelCatalog.Department.DELIVERY && caller.isMemberOf(SchoolGroup.CURATORS.id());
  }

  /** Changing the client's data and the company, and reading the full passport. */
  boolean mayEdit(DealParty deal) {
    if (caller.isAdmin()) {
      return true;
    }
    FunnelCatalog.Department department = department(deal);
    boolean responsible = deal.responsible() != null && deal.responsible().equals(caller.userId());
    if (department == FunnelCatalog.Department.SALES) {
      return caller.isMemberOf(SchoolGroup.SALES_HEADS.id()) || (responsible && caller.isMemberOf(SchoolGroup.MANAGERS.id()));
    }
    return department == FunnelCatalog.Department.DELIVERY && responsible && caller.isMemberOf(SchoolGroup.CURATORS.id());
  }

  void checkSee(DealParty deal) {
    if (!maySee(deal)) {
      throw ApiException.forbidden("У вас нет доступа к сделке " + deal.dealId() + ".");
    }
  }

  void checkEdit(DealParty deal, String what) {
    checkSee(deal);
    if (!mayEdit(deal)) {
      String who =
          department(deal) == FunnelCatalog.Department.DELIVERY
              ? "ответственному куратору и администратору"
              : "ответственному менеджеру, руководителю отдела продаж и администратору";
      throw ApiException.forbidden(what + " по сделке " + deal.dealId() + " доступны только " + who + ".");
    }
  }

  String userId() {
    return caller.userId();
  }

  private FunnelCatalog.Department department(DealParty deal) {
    return funnels.find(deal.funnel()).map(FunnelCatalog.FunnelModel::department).orElse(null);
  }
}
