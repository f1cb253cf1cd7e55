package ru.onlineschool.funnels.reanimation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.sale.QualifiedSaleStart;

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
  private final QualifiedSaleStart sales;

  public ReanimationSaleHandOver(DealStore deals, QualifiedSaleStart sales) {
    this.deals = deals;
    this.sales = sales;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long reanimationId = DealContext.dealId(execution);
    long originalId = ((Number) execution.getVariable(Reanimation.ORIGINAL_DEAL_ID)).longValue();
    long saleId =
        sales.handOver(
            execution,
            RETURNED_LEAD_TYPE,
            "Реанимация, сделка №" + reanimationId,
            "Клиент вернулся через «Реанимацию»: сделка №" + reanimationId + " (исходная сделка №" + originalId + "); история перенесена");
    deals.appendTimeline(
        originalId,
        DealContext.now(),
        TimelineKind.NOTE,
        null,
        "Клиент вернулся в продажу: сделка №" + saleId + " (через реанимацию №" + reanimationId + ")",
        null);
  }
}
