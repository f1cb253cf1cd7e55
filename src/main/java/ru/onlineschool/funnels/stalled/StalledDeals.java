package ru.onlineschool.funnels.stalled;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.LongInStage;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.StageTags;
import ru.onlineschool.funnels.deal.WebinarOfDeal;

/**
 * «Отметить подвисшие сделки» (bean {@code stalledDeals}, model {@code stalled-deals}): every open
 * deal that has stayed in one stage longer than its funnel's threshold gets the automatic tag
 * «подвисла» and a line in its timeline; the tag goes when the deal enters its next stage
 * ({@link StageTags}). The thresholds are the table «Когда сделка подвисла» ({@code
 * bpmn/stalled-thresholds.dmn}), read on every run, so a process owner changes them in Modeler;
 * its column «Считать от» says whether a funnel's days count from the stage entry or, for a deal
 * registered for a webinar, from the webinar's end (a deal waiting for its webinar is not stuck).
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

  private static final String DAYS = "days";
  private static final String COUNT_FROM = "countFrom";

  private final LongInStage longInStage;
  private final java.time.ZoneId zone;
  private final FunnelCatalog funnels;
  /** The webinar funnel's registrations (none when the funnel is absent). */
  private final List<WebinarOfDeal> webinars;

  public StalledDeals(
      LongInStage longInStage, ru.onlineschool.funnels.config.SchoolProperties school, FunnelCatalog funnels, List<WebinarOfDeal> webinars) {
    this.longInStage = longInStage;
    this.zone = school.timeZone();
    this.funnels = funnels;
    this.webinars = List.copyOf(webinars);
  }

  public record Stalled(long dealId, String funnel, String stageTitle, Instant since, String responsible, String client) {}

  /** The table's «Считать от»: a deal's days in its stage count from its stage entry (also for an empty cell)… */
  static final String FROM_STAGE_ENTRY = "входа в этап";
  /** … or, for a deal registered for a webinar, from the webinar's end when that is later: waiting for it is not being stuck. */
  static final String FROM_WEBINAR_END = "конца вебинара";

  /** One row of the table: after how many days, counted from what. */
  record Threshold(int days, String countFrom) {}

  @Override
  public void execute(DelegateExecution execution) {
    Instant now = DealContext.now();
    List<Stalled> stalled = new ArrayList<>();
    for (String funnel : funnels.keys()) {
      Threshold threshold = threshold(execution, funnel);
      if (threshold.days() > 0) {
        Instant enteredBefore = now.minus(Duration.ofDays(threshold.days()));
        stalled.addAll(FROM_WEBINAR_END.equals(threshold.countFrom()) ? tagAfterWebinar(funnel, enteredBefore, now) : tag(funnel, enteredBefore, now));
      }
    }
    stalled.sort(java.util.Comparator.comparing(Stalled::since).thenComparing(Stalled::dealId));
    execution.setVariable(COUNT, stalled.size());
    execution.setVariable(LIST, digest(stalled, now));
    execution.setVariable(SCHOOL_HOUR, now.atZone(zone).getHour());
  }

  /**
   * The funnel's row of the table: days (no matching row or an empty cell means 0, not checked)
   * and what they count from (an empty cell or a table without the column: the stage entry).
   */
  private static Threshold threshold(DelegateExecution execution, String funnel) {
    // A delegate runs without the caller's authorization checks: the table is evaluated as the system.
    DmnDecisionRuleResult row =
        execution.getProcessEngineServices().getDecisionService()
            .evaluateDecisionTableByKey(THRESHOLDS)
            .variables(Variables.createVariables().putValue("funnel", funnel))
            .evaluate()
            .getSingleResult();
    // A table of the process owner's without the column «Считать от» is read as before it had one.
    Number days = row == null || !row.containsKey(DAYS) ? null : row.getEntry(DAYS);
    Object from = row == null || !row.containsKey(COUNT_FROM) ? null : row.getEntry(COUNT_FROM);
    String countFrom = from == null || from.toString().isBlank() ? FROM_STAGE_ENTRY : from.toString().trim();
    if (!FROM_STAGE_ENTRY.equals(countFrom) && !FROM_WEBINAR_END.equals(countFrom)) {
      throw new IllegalStateException(
          "Таблица «Когда сделка подвисла», воронка «" + funnel + "»: в столбце «Считать от» «" + countFrom + "»; допустимо «"
              + FROM_STAGE_ENTRY + "» или «" + FROM_WEBINAR_END + "».");
    }
    return new Threshold(days == null ? 0 : days.intValue(), countFrom);
  }

  /**
   * As {@link #tag}, but a deal registered for a webinar counts its days from the webinar's end
   * when that is later than its stage entry: a deal waiting for its webinar is not stuck.
   */
  List<Stalled> tagAfterWebinar(String funnel, Instant enteredBefore, Instant now) {
    return longInStage.tag(funnel, enteredBefore, StageTags.STALLED, now, this::webinarEnds).stream()
        .map(d -> new Stalled(d.dealId(), d.funnel(), d.stageTitle(), d.since(), d.responsible(), d.client()))
        .toList();
  }

  private Map<Long, Instant> webinarEnds(Collection<Long> dealIds) {
    Map<Long, Instant> ends = new HashMap<>();
    webinars.forEach(w -> ends.putAll(w.endsOf(dealIds)));
    return ends;
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
