package ru.onlineschool.funnels.deal.client;

import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.Caller;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.DealAccess;

/**
 * Who may read and change a client's personal data and the deal's company: the deal card's rule
 * ({@link DealAccess}, seed 003 «Права доступа»). Changing — and reading the passport, personal data
 * under 152-ФЗ — is for those who may change the deal: its responsible (a manager in sales, a curator
 * in delivery), the heads of sales in sales, and administrators.
 */
@Component
class ClientDataAccess {

  private final Caller caller;
  private final FunnelCatalog funnels;
  private final DealAccess deals;

  ClientDataAccess(Caller caller, FunnelCatalog funnels, DealAccess deals) {
    this.caller = caller;
    this.funnels = funnels;
    this.deals = deals;
  }

  boolean maySee(DealParty deal) {
    return deals.maySee(deal.funnel());
  }

  /** Changing the client's data and the company, and reading the full passport. */
  boolean mayEdit(DealParty deal) {
    return deals.whyNotEdit(deal.dealId(), deal.funnel(), deal.responsible()).isEmpty();
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
