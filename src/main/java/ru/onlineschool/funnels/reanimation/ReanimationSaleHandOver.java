package ru.onlineschool.funnels.reanimation;

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
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * «Передать в «Продажу курса»» (bean {@code reanimationSaleHandOver}), stage «Выявлена
 * потребность»: a new «Продажа курса» deal starts at «Квалифицирован» for the same manager,
 * with the whole history (the lost sale and the reanimation), lead type «Вернувшиеся». The
 * reanimation deal has done its job and closes as won.
 */
@Component("reanimationSaleHandOver")
public class ReanimationSaleHandOver implements JavaDelegate {

  static final String RETURNED_LEAD_TYPE = "Вернувшиеся";

  private final DealStore deals;
  private final DealHistory history;

  public ReanimationSaleHandOver(DealStore deals, DealHistory history) {
    this.deals = deals;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long reanimationId = DealContext.dealId(execution);
    long originalId = ((Number) execution.getVariable(Reanimation.ORIGINAL_DEAL_ID)).longValue();
    long contactId = ((Number) execution.getVariable(Reanimation.CONTACT_ID)).longValue();
    Instant now = DealContext.now();
    String course = DealContext.text(execution, CourseSale.COURSE);
    long saleId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contactId, course, RETURNED_LEAD_TYPE, reanimationId), now);
    history.copyTimeline(reanimationId, saleId);
    deals.appendTimeline(
        saleId,
        now,
        TimelineKind.NOTE,
        null,
        "Клиент вернулся через «Реанимацию»: сделка №" + reanimationId + " (исходная сделка №" + originalId + "); история перенесена",
        null);

    Map<String, Object> vars = new HashMap<>();
    vars.put(CourseSale.DEAL_ID, saleId);
    vars.put(CourseSale.CLIENT_NAME, execution.getVariable(CourseSale.CLIENT_NAME));
    vars.put(CourseSale.CLIENT_PHONE, execution.getVariable(CourseSale.CLIENT_PHONE));
    vars.put(CourseSale.CLIENT_EMAIL, execution.getVariable(CourseSale.CLIENT_EMAIL));
    vars.put(CourseSale.COURSE, course);
    vars.put(CourseSale.LEAD_TYPE, RETURNED_LEAD_TYPE);
    vars.put(CourseSale.SOURCE, "Реанимация, сделка №" + reanimationId);
    vars.put(CourseSale.COMMENT, DealContext.text(execution, "result"));
    vars.put(CourseSale.REFERER, null);
    vars.put(CourseSale.DUPLICATE_OF, null);
    vars.put(Reanimation.RESPONSIBLE, execution.getVariable(Reanimation.RESPONSIBLE));
    ProcessInstance sale =
        execution
            .getProcessEngineServices()
            .getRuntimeService()
            .createMessageCorrelation(CourseSale.QUALIFIED_LEAD_HANDED_OVER)
            .processInstanceBusinessKey(String.valueOf(saleId))
            .setVariables(vars)
            .correlateStartMessage();
    deals.linkProcessInstance(saleId, sale.getId());
    execution.setVariable(Reanimation.SALE_DEAL_ID, saleId);

    deals.appendTimeline(
        reanimationId, now, TimelineKind.NOTE, null, "Выявлена потребность: клиент передан в «Продажу курса», сделка №" + saleId, null);
    deals.appendTimeline(
        originalId, now, TimelineKind.NOTE, null, "Клиент вернулся в продажу: сделка №" + saleId + " (через реанимацию №" + reanimationId + ")",
        null);
    deals.close(reanimationId, "WON", null, now);
  }
}
