package ru.onlineschool.funnels.webinar;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.lead.LeadType;
import ru.onlineschool.funnels.sale.QualifiedSaleStart;

/**
 * «Передать в «Продажу курса»» (bean {@code webinarSaleHandOver}), stage «Выявлена потребность»:
 * a «Продажа курса» deal starts at «Квалифицирован» for the manager who called, with the same
 * contact, lead type «С вебинара» and the webinar deal's history. The webinar deal did its job
 * and closes as won.
 */
@Component("webinarSaleHandOver")
public class WebinarSaleHandOver implements JavaDelegate {

  private final DealStore deals;
  private final QualifiedSaleStart sales;

  public WebinarSaleHandOver(DealStore deals, QualifiedSaleStart sales) {
    this.deals = deals;
    this.sales = sales;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long webinarDealId = DealContext.dealId(execution);
    long contactId = ((Number) execution.getVariable(ProcessVariables.CONTACT_ID)).longValue();
    Instant now = DealContext.now();
    String webinar = DealContext.text(execution, Webinar.WEBINAR_TITLE);
    long saleId =
        sales.start(
            execution,
            webinarDealId,
            contactId,
            LeadType.WEBINAR.title(),
            "Вебинар «" + webinar + "», сделка №" + webinarDealId,
            "Клиент пришёл с вебинара «" + webinar + "»: сделка №" + webinarDealId + "; история перенесена");
    execution.setVariable(ProcessVariables.SALE_DEAL_ID, saleId);
    deals.appendTimeline(
        webinarDealId, now, TimelineKind.NOTE, null, "Выявлена потребность: клиент передан в «Продажу курса», сделка №" + saleId, null);
    deals.close(webinarDealId, "WON", null, now);
  }
}
