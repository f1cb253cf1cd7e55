package ru.onlineschool.funnels.stalled;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.LongInStage;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.StageTags;

/**
 * «Отметить подвисшие сделки» (bean {@code stalledDeals}, model {@code stalled-deals}): every open
 * deal that has stayed in one stage longer than its funnel's threshold gets the automatic tag
 * «подвисла» and a line in its timeline; the tag goes when the deal enters its next stage
 * ({@link StageTags}). The thresholds are the table «Когда сделка подвисла» ({@code
 * bpmn/stalled-thresholds.dmn}), read on every run, so a process owner changes them in Modeler.
 * Sets {@code stalledCount}, {@code stalledList} (plain text lines for the head of sales' daily
 * digest; the form shows it as text, since it holds clients' names) and {@code schoolHour} (the
 * hour of the run in school time: the model's gateway, not Java, says which hour gets the digest).
 * The deal module finds and tags them set-based ({@link LongInStage}): one pass per funnel,
 * whatever the number of deals.
 */
@Component("stalledDeals")
public class StalledDeals implements JavaDelegate {

  static final String COUNT = ProcessVariables.STALLED_COUNT;
  static final String LIST = ProcessVariables.STALLED_LIST;
  static final String SCHOOL_HOUR = ProcessVariables.SCHOOL_HOUR;
  static final String THRESHOLDS = "stalled-thresholds";
  /** How many deals the digest names; the rest are counted (a process variable holds 4000 characters). */
  static final int LISTED = 25;

  private final LongInStage longInStage;
  private final java.time.ZoneId zone;
  private final FunnelCatalog funnels;

  public StalledDeals(LongInStage longInStage, ru.onlineschool.funnels.config.SchoolProperties school, FunnelCatalog funnels) {
    this.longInStage = longInStage;
    this.zone = school.timeZone();
    this.funnels = funnels;
  }

  public record Stalled(long dealId, String funnel, String stageTitle, Instant since, String responsible, String client) {}

  @Override
  public void execute(DelegateExecution execution) {
    Instant now = DealContext.now();
    List<Stalled> stalled = new ArrayList<>();
    for (String funnel : funnels.keys()) {
      int days = days(execution, funnel);
      if (days > 0) {
        stalled.addAll(tag(funnel, now.minus(Duration.ofDays(days)), now));
      }
    }
    stalled.sort(java.util.Comparator.comparing(Stalled::since).thenComparing(Stalled::dealId));
    execution.setVariable(COUNT, stalled.size());
    execution.setVariable(LIST, digest(stalled, now));
    execution.setVariable(SCHOOL_HOUR, now.atZone(zone).getHour());
  }

  /** The funnel's threshold in days from the table; no matching row or an empty cell means 0, not checked. */
  private static int days(DelegateExecution execution, String funnel) {
    // A delegate runs without the caller's authorization checks: the table is evaluated as the system.
    Number days =
        execution.getProcessEngineServices().getDecisionService()
            .evaluateDecisionTableByKey(THRESHOLDS)
            .variables(Variables.createVariables().putValue("funnel", funnel))
            .evaluate()
            .getSingleEntry();
    return days == null ? 0 : days.intValue();
  }

  /** Tags the funnel's deals that entered their stage before {@code enteredBefore}; returns them all. */
  public List<Stalled> tag(String funnel, Instant enteredBefore, Instant now) {
    return longInStage.tag(funnel, enteredBefore, StageTags.STALLED, now).stream()
        .map(d -> new Stalled(d.dealId(), d.funnel(), d.stageTitle(), d.since(), d.responsible(), d.client()))
        .toList();
  }

  /** «- №12 «Продажа курса» · «Не дозвонились» 3 дн. · manager1 · Анна Иванова», longest first. */
  String digest(List<Stalled> stalled, Instant now) {
    StringBuilder text = new StringBuilder();
    for (Stalled deal : stalled.subList(0, Math.min(LISTED, stalled.size()))) {
      text.append("- №").append(deal.dealId())
          .append(" «").append(funnels.title(deal.funnel())).append("» · «").append(deal.stageTitle()).append("» ")
          .append(Duration.between(deal.since(), now).toDays()).append(" дн. · ")
          .append(deal.responsible() == null ? "без ответственного" : deal.responsible())
          .append(" · ").append(deal.client()).append('\n');
    }
    if (stalled.size() > LISTED) {
      text.append("\nи ещё ").append(stalled.size() - LISTED).append(" — все с тегом «").append(StageTags.STALLED).append("».");
    }
    return text.toString();
  }
}
