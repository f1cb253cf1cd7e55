package ru.onlineschool.funnels.webinar;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
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

  private final QualifiedSaleStart sales;

  public WebinarSaleHandOver(QualifiedSaleStart sales) {
    this.sales = sales;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long webinarDealId = DealContext.dealId(execution);
    String webinar = DealContext.text(execution, Webinar.WEBINAR_TITLE);
    sales.handOver(
        execution,
        LeadType.WEBINAR.title(),
        "Вебинар «" + webinar + "», сделка №" + webinarDealId,
        "Клиент пришёл с вебинара «" + webinar + "»: сделка №" + webinarDealId + "; история перенесена");
  }
}
