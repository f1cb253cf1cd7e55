package ru.onlineschool.funnels.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealReports;
import ru.onlineschool.funnels.deal.LeadSource;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.report.Reports.BoardStage;
import ru.onlineschool.funnels.report.Reports.ConversionStage;
import ru.onlineschool.funnels.report.Reports.LossReason;
import ru.onlineschool.funnels.report.Reports.NotSale;
import ru.onlineschool.funnels.report.Reports.Transition;

/**
 * The report figures from the deal module's {@link DealReports}, put in the funnel's stage order
 * and summed. Movement through a funnel comes from the timeline's stage entries (what happened in
 * the period), never from the deals' current stage, which only the board shows.
 */
@Component
class ReportQueries {

  static final String NO_REASON = "Причина не указана";

  private final DealReports deals;
  private final FunnelStages funnelStages;
  private final NotASale notASale;

  ReportQueries(DealReports deals, FunnelStages funnelStages, NotASale notASale) {
    this.deals = deals;
    this.funnelStages = funnelStages;
    this.notASale = notASale;
  }

  /** Open deals per current stage; every known stage of the funnel is listed, also with 0. */
  List<BoardStage> board(String funnel, String responsible) {
    Map<String, Long> counts = new HashMap<>();
    Map<String, String> titles = new HashMap<>();
    for (DealReports.StageCount count : deals.openPerStage(funnel, responsible)) {
      counts.put(count.code(), count.deals());
      titles.put(count.code(), count.title());
    }
    List<BoardStage> stages = new ArrayList<>();
    for (Stage stage : funnelStages.ordered(funnel, titles)) {
      if (!FunnelStages.isFinal(stage.code())) {
        stages.add(Reports.boardStage(stage, counts.getOrDefault(stage.code(), 0L)));
      }
    }
    return stages;
  }

  record ConversionFigures(List<ConversionStage> stages, List<Transition> transitions, NotSale notSale) {}

  /**
   * The cohort's movement through the stages. A deal closed as not a sale (the table «Не продажи»)
   * never was one: it is left out of every stage and transition and counted apart, per stage and in all.
   */
  ConversionFigures conversion(ReportScope scope) {
    List<DealReports.StageStep> steps = deals.stageSteps(scope.funnel(), scope.responsible(), scope.start(), scope.end());
    List<String> notSaleReasons = notASale.reasons(scope.funnel());

    Map<String, Set<Long>> notSale = new HashMap<>();
    Map<String, Set<Long>> notSaleByReason = new LinkedHashMap<>();
    Map<String, Set<Long>> entered = new HashMap<>();
    Map<String, Set<Long>> movedOn = new HashMap<>();
    Map<String, Set<Long>> lost = new HashMap<>();
    Map<String, Set<Long>> won = new HashMap<>();
    Map<List<String>, Set<Long>> transitions = new LinkedHashMap<>();
    for (DealReports.StageStep step : steps) {
      if (step.lostAs() != null && notSaleReasons.contains(step.lostAs())) {
        notSale.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
        notSaleByReason.computeIfAbsent(step.lostAs(), k -> new HashSet<>()).add(step.dealId());
        continue;
      }
      entered.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      if (step.next() != null && !FunnelStages.LOST.equals(step.next())) {
        movedOn.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (FunnelStages.LOST.equals(step.next())) {
        lost.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (step.wonLater()) {
        won.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (!FunnelStages.isFinal(step.stage())) {
        transitions.computeIfAbsent(java.util.Arrays.asList(step.stage(), step.next()), k -> new HashSet<>()).add(step.dealId());
      }
    }
    Map<String, String> seen = new TreeMap<>();
    entered.keySet().forEach(code -> seen.put(code, null));
    notSale.keySet().forEach(code -> seen.put(code, null));
    List<ConversionStage> stages = new ArrayList<>();
    for (Stage stage : funnelStages.ordered(scope.funnel(), seen)) {
      long in = size(entered, stage.code());
      long moved = size(movedOn, stage.code());
      long wonCount = size(won, stage.code());
      stages.add(
          new ConversionStage(
              stage.code(),
              stage.title(),
              in,
              moved,
              size(lost, stage.code()),
              wonCount,
              percent(moved, in),
              percent(wonCount, in),
              size(notSale, stage.code())));
    }
    List<Transition> moves = new ArrayList<>();
    transitions.forEach((pair, deals) -> moves.add(new Transition(pair.get(0), pair.get(1), deals.size())));
    moves.sort(
        java.util.Comparator.comparing(Transition::from)
            .thenComparing(Transition::to, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    Map<String, Long> byReason = new LinkedHashMap<>();
    notSaleByReason.forEach((reason, deals) -> byReason.put(reason, (long) deals.size()));
    return new ConversionFigures(stages, moves, notSale(notSaleReasons, byReason));
  }

  record LossFigures(List<LossReason> sales, NotSale notSale) {}

  /**
   * Deals that entered {@code LOST} in the period, by the reason recorded on the deal: the lost
   * sales, and apart the deals closed as not a sale (the table «Не продажи»).
   */
  LossFigures lossReasons(ReportScope scope) {
    Map<String, Long> counts = deals.lossReasons(scope.funnel(), scope.responsible(), scope.start(), scope.end(), NO_REASON);
    List<String> notSaleReasons = notASale.reasons(scope.funnel());
    Map<String, Long> sales = new LinkedHashMap<>();
    Map<String, Long> noise = new LinkedHashMap<>();
    counts.forEach((reason, deals) -> (notSaleReasons.contains(reason) ? noise : sales).put(reason, deals));
    return new LossFigures(shares(sales), notSale(notSaleReasons, noise));
  }

  /** Counts per reason, most frequent first (as given), with each one's share of their sum. */
  private static List<LossReason> shares(Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<LossReason> reasons = new ArrayList<>();
    counts.forEach((reason, deals) -> reasons.add(new LossReason(reason, deals, percent(deals, total))));
    reasons.sort(java.util.Comparator.comparingLong(LossReason::deals).reversed().thenComparing(LossReason::reason));
    return reasons;
  }

  private static NotSale notSale(List<String> reasons, Map<String, Long> counts) {
    List<LossReason> byReason = shares(counts);
    return new NotSale(NotASale.label(reasons), byReason.stream().mapToLong(LossReason::deals).sum(), byReason);
  }

  /** A lead created in the period: who is responsible, when it came, when it was first answered. */
  record Lead(String responsible, Instant createdAt, Instant firstContactAt) {}

  /**
   * Leads of the funnel created in the period and handed to a manager (duplicates never reach
   * one), with their first contact: the first call attempt or completed task after the lead came.
   */
  List<Lead> leads(ReportScope scope) {
    return deals.leads(scope.funnel(), scope.responsible(), scope.start(), scope.end()).stream()
        .map(lead -> new Lead(lead.responsible(), lead.createdAt(), lead.firstContactAt()))
        .toList();
  }

  /** Leads per channel, utm_source and utm_campaign, most leads first; not-a-sale closures apart. */
  Reports.Sources sources(ReportScope scope, Reports.FunnelRef funnel) {
    List<String> notSaleReasons = notASale.reasons(scope.funnel());
    record Key(String channel, String utmSource, String utmCampaign) {}
    Map<Key, long[]> groups = new LinkedHashMap<>();
    long notSale = 0;
    for (DealReports.SourceCount count : deals.leadSources(scope.funnel(), scope.responsible(), scope.start(), scope.end())) {
      if ("LOST".equals(count.outcome()) && count.lossReason() != null && notSaleReasons.contains(count.lossReason())) {
        notSale += count.deals();
        continue;
      }
      // leads, open, won, lost
      long[] figures = groups.computeIfAbsent(new Key(count.channel(), count.utmSource(), count.utmCampaign()), k -> new long[4]);
      figures[0] += count.deals();
      int slot = count.outcome() == null ? 1 : "WON".equals(count.outcome()) ? 2 : 3;
      figures[slot] += count.deals();
    }
    List<Reports.SourceRow> rows = new ArrayList<>();
    groups.forEach(
        (key, f) ->
            rows.add(
                new Reports.SourceRow(
                    key.channel(),
                    key.channel() == null ? "Неизвестно" : LeadSource.titleOf(key.channel()),
                    key.utmSource(),
                    key.utmCampaign(),
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    percent(f[2], f[0]))));
    rows.sort(
        java.util.Comparator.comparingLong(Reports.SourceRow::leads)
            .reversed()
            .thenComparing(r -> r.channelTitle())
            .thenComparing(r -> r.utmSource() == null ? "" : r.utmSource())
            .thenComparing(r -> r.utmCampaign() == null ? "" : r.utmCampaign()));
    long leads = rows.stream().mapToLong(Reports.SourceRow::leads).sum();
    long won = rows.stream().mapToLong(Reports.SourceRow::won).sum();
    return new Reports.Sources(funnel, scope.from(), scope.to(), leads, won, percent(won, leads), rows, notSale);
  }

  static BigDecimal percent(long part, long whole) {
    if (whole == 0) {
      return BigDecimal.ZERO.setScale(1);
    }
    return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
  }

  /** The median of durations in minutes, one decimal; null for none. */
  static BigDecimal medianMinutes(List<Duration> durations) {
    if (durations.isEmpty()) {
      return null;
    }
    List<Long> seconds = durations.stream().map(Duration::getSeconds).sorted().toList();
    int n = seconds.size();
    double median = n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2.0;
    return BigDecimal.valueOf(median / 60.0).setScale(1, RoundingMode.HALF_UP);
  }

  private static long size(Map<String, Set<Long>> sets, String code) {
    Set<Long> set = sets.get(code);
    return set == null ? 0 : set.size();
  }
}
