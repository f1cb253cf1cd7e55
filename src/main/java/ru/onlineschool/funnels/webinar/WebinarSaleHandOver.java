package ru.onlineschool.funnels.webinar;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.lead.LeadType;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.sale.LeadDistribution;

/**
 * «Передать в «Продажу курса»» (bean {@code webinarSaleHandOver}), stage «Выявлена потребность»:
 * a «Продажа курса» deal starts at «Квалифицирован» for the manager who called, with the same
 * contact, lead type «С вебинара» and the webinar deal's history. The webinar deal did its job
 * and closes as won.
 */
@Component("webinarSaleHandOver")
public class WebinarSaleHandOver implements JavaDelegate {

  private final DealStore deals;
  private final DealHistory history;

  public WebinarSaleHandOver(DealStore deals, DealHistory history) {
    this.deals = deals;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long webinarDealId = DealContext.dealId(execution);
    long contactId = ((Number) execution.getVariable(Webinar.CONTACT_ID)).longValue();
    Instant now = DealContext.now();
    String course = DealContext.text(execution, CourseSale.COURSE);
    String leadType = LeadType.WEBINAR.title();
    long saleId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contactId, course, leadType, webinarDealId), now);
    history.copyTimeline(webinarDealId, saleId);
    String webinar = DealContext.text(execution, Webinar.WEBINAR_TITLE);
    deals.appendTimeline(
        saleId, now, TimelineKind.NOTE, null, "Клиент пришёл с вебинара «" + webinar + "»: сделка №" + webinarDealId + "; история перенесена", null);

    Map<String, Object> vars = new HashMap<>();
    vars.put(CourseSale.DEAL_ID, saleId);
    vars.put(CourseSale.CLIENT_NAME, execution.getVariable(CourseSale.CLIENT_NAME));
    vars.put(CourseSale.CLIENT_PHONE, execution.getVariable(CourseSale.CLIENT_PHONE));
    vars.put(CourseSale.CLIENT_EMAIL, execution.getVariable(CourseSale.CLIENT_EMAIL));
    vars.put(CourseSale.COURSE, course);
    vars.put(CourseSale.LEAD_TYPE, leadType);
    vars.put(CourseSale.SOURCE, "Вебинар «" + webinar + "», сделка №" + webinarDealId);
    vars.put(CourseSale.COMMENT, DealContext.text(execution, "result"));
    vars.put(CourseSale.REFERER, null);
    vars.put(CourseSale.DUPLICATE_OF, null);
    vars.put(LeadDistribution.RESPONSIBLE, execution.getVariable(LeadDistribution.RESPONSIBLE));
    ProcessInstance sale =
        execution
            .getProcessEngineServices()
            .getRuntimeService()
            .createMessageCorrelation(CourseSale.QUALIFIED_LEAD_HANDED_OVER)
            .processInstanceBusinessKey(String.valueOf(saleId))
            .setVariables(vars)
            .correlateStartMessage();
    deals.linkProcessInstance(saleId, sale.getId());
    execution.setVariable("saleDealId", saleId);
    deals.appendTimeline(
        webinarDealId, now, TimelineKind.NOTE, null, "Выявлена потребность: клиент передан в «Продажу курса», сделка №" + saleId, null);
    deals.close(webinarDealId, "WON", null, now);
  }
}
