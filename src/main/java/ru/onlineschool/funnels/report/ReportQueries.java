package ru.onlineschool.funnels.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.report.Reports.BoardStage;
import ru.onlineschool.funnels.report.Reports.ConversionStage;
import ru.onlineschool.funnels.report.Reports.LossReason;
import ru.onlineschool.funnels.report.Reports.Transition;

/**
 * The report figures, read from the deal store. Movement through a funnel comes from the
 * timeline's stage entries (what happened in the period), never from the deals' current
 * stage, which only the board shows.
 */
@Component
class ReportQueries {

  static final String NO_REASON = "Причина не указана";

  private final JdbcTemplate jdbc;
  private final FunnelStages funnelStages;

  ReportQueries(JdbcTemplate jdbc, FunnelStages funnelStages) {
    this.jdbc = jdbc;
    this.funnelStages = funnelStages;
  }

  /** Open deals per current stage; every known stage of the funnel is listed, also with 0. */
  List<BoardStage> board(String funnel, String responsible) {
    Map<String, Long> counts = new HashMap<>();
    Map<String, String> titles = new HashMap<>();
    String sql =
        "SELECT stage_code, MAX(stage_title), COUNT(*) FROM deal WHERE funnel = ? AND closed_at IS NULL AND stage_code IS NOT NULL"
            + (responsible == null ? "" : " AND responsible = ?")
            + " GROUP BY stage_code";
    jdbc.query(
        sql,
        rs -> {
          counts.put(rs.getString(1), rs.getLong(3));
          titles.put(rs.getString(1), rs.getString(2));
        },
        args(funnel, responsible));
    List<BoardStage> stages = new ArrayList<>();
    for (Stage stage : funnelStages.ordered(funnel, titles)) {
      if (!FunnelStages.isFinal(stage.code())) {
        stages.add(Reports.boardStage(stage, counts.getOrDefault(stage.code(), 0L)));
      }
    }
    return stages;
  }

  /** One stage entry of a deal that entered a stage in the period, with where it went next. */
  private record Step(long dealId, String stage, String next, boolean won) {}

  record ConversionFigures(List<ConversionStage> stages, List<Transition> transitions) {}

  ConversionFigures conversion(ReportScope scope) {
    // The cohort: deals of the funnel with a stage entry in the period. Their whole stage history
    // is read, so that "next stage" and "won later" see beyond the period's end.
    String sql =
        "WITH cohort AS ("
            + "  SELECT DISTINCT t.deal_id FROM timeline_entry t JOIN deal d ON d.id = t.deal_id"
            + "  WHERE t.kind = 'STAGE' AND t.occurred_at >= ? AND t.occurred_at < ? AND d.funnel = ?"
            + (scope.responsible() == null ? "" : " AND d.responsible = ?")
            + "), steps AS ("
            + "  SELECT t.deal_id, t.stage_code, t.occurred_at,"
            + "         LEAD(t.stage_code) OVER (PARTITION BY t.deal_id ORDER BY t.occurred_at, t.id) AS next_code"
            + "  FROM timeline_entry t JOIN cohort c ON c.deal_id = t.deal_id WHERE t.kind = 'STAGE'"
            + "), won AS ("
            + "  SELECT t.deal_id, MIN(t.occurred_at) AS won_at FROM timeline_entry t JOIN cohort c ON c.deal_id = t.deal_id"
            + "  WHERE t.kind = 'STAGE' AND t.stage_code = 'WON' GROUP BY t.deal_id"
            + ") SELECT s.deal_id, s.stage_code, s.next_code, CASE WHEN w.won_at >= s.occurred_at THEN 1 ELSE 0 END AS won"
            + " FROM steps s LEFT JOIN won w ON w.deal_id = s.deal_id"
            + " WHERE s.occurred_at >= ? AND s.occurred_at < ?";
    List<Object> args = new ArrayList<>(List.of(ts(scope.start()), ts(scope.end()), scope.funnel()));
    if (scope.responsible() != null) {
      args.add(scope.responsible());
    }
    args.add(ts(scope.start()));
    args.add(ts(scope.end()));
    List<Step> steps =
        jdbc.query(sql, (rs, row) -> new Step(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1), args.toArray());

    Map<String, Set<Long>> entered = new HashMap<>();
    Map<String, Set<Long>> movedOn = new HashMap<>();
    Map<String, Set<Long>> lost = new HashMap<>();
    Map<String, Set<Long>> won = new HashMap<>();
    Map<List<String>, Set<Long>> transitions = new LinkedHashMap<>();
    for (Step step : steps) {
      entered.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      if (step.next() != null && !FunnelStages.LOST.equals(step.next())) {
        movedOn.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (FunnelStages.LOST.equals(step.next())) {
        lost.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (step.won()) {
        won.computeIfAbsent(step.stage(), k -> new HashSet<>()).add(step.dealId());
      }
      if (!FunnelStages.isFinal(step.stage())) {
        transitions.computeIfAbsent(java.util.Arrays.asList(step.stage(), step.next()), k -> new HashSet<>()).add(step.dealId());
      }
    }
    Map<String, String> seen = new TreeMap<>();
    entered.keySet().forEach(code -> seen.put(code, null));
    List<ConversionStage> stages = new ArrayList<>();
    for (Stage stage : funnelStages.ordered(scope.funnel(), seen)) {
      long in = size(entered, stage.code());
      long moved = size(movedOn, stage.code());
      long wonCount = size(won, stage.code());
      stages.add(
          new ConversionStage(
              stage.code(), stage.title(), in, moved, size(lost, stage.code()), wonCount, percent(moved, in), percent(wonCount, in)));
    }
    List<Transition> moves = new ArrayList<>();
    transitions.forEach((pair, deals) -> moves.add(new Transition(pair.get(0), pair.get(1), deals.size())));
    moves.sort(
        java.util.Comparator.comparing(Transition::from)
            .thenComparing(Transition::to, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    return new ConversionFigures(stages, moves);
  }

  /** Deals that entered {@code LOST} in the period, by the reason recorded on the deal. */
  List<LossReason> lossReasons(ReportScope scope) {
    String sql =
        "SELECT COALESCE(d.loss_reason, ?) AS reason, COUNT(DISTINCT d.id) AS deals FROM timeline_entry t JOIN deal d ON d.id = t.deal_id"
            + " WHERE t.kind = 'STAGE' AND t.stage_code = 'LOST' AND t.occurred_at >= ? AND t.occurred_at < ? AND d.funnel = ?"
            + (scope.responsible() == null ? "" : " AND d.responsible = ?")
            + " GROUP BY COALESCE(d.loss_reason, ?) ORDER BY deals DESC, reason";
    List<Object> args = new ArrayList<>(List.of(NO_REASON, ts(scope.start()), ts(scope.end()), scope.funnel()));
    if (scope.responsible() != null) {
      args.add(scope.responsible());
    }
    args.add(NO_REASON);
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query(sql, rs -> {
      counts.put(rs.getString(1), rs.getLong(2));
    }, args.toArray());
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<LossReason> reasons = new ArrayList<>();
    counts.forEach((reason, deals) -> reasons.add(new LossReason(reason, deals, percent(deals, total))));
    return reasons;
  }

  /** A lead created in the period: who is responsible, when it came, when it was first answered. */
  record Lead(String responsible, Instant createdAt, Instant firstContactAt) {}

  /**
   * Leads of the funnel created in the period and handed to a manager (duplicates never reach
   * one), with their first contact: the first call attempt or completed task after the lead came.
   */
  List<Lead> leads(ReportScope scope) {
    String sql =
        "SELECT d.responsible, d.created_at,"
            + " (SELECT MIN(t.occurred_at) FROM timeline_entry t WHERE t.deal_id = d.id AND t.kind IN ('CALL', 'TASK_RESULT')"
            + "  AND t.occurred_at >= d.created_at) AS first_contact"
            + " FROM deal d WHERE d.funnel = ? AND d.created_at >= ? AND d.created_at < ?"
            + " AND d.duplicate_of IS NULL AND d.responsible IS NOT NULL"
            + (scope.responsible() == null ? "" : " AND d.responsible = ?");
    List<Object> args = new ArrayList<>(List.of(scope.funnel(), ts(scope.start()), ts(scope.end())));
    if (scope.responsible() != null) {
      args.add(scope.responsible());
    }
    return jdbc.query(
        sql,
        (rs, row) -> {
          OffsetDateTime first = rs.getObject(3, OffsetDateTime.class);
          return new Lead(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), first == null ? null : first.toInstant());
        },
        args.toArray());
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

  private static Object[] args(String funnel, String responsible) {
    return responsible == null ? new Object[] {funnel} : new Object[] {funnel, responsible};
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(java.time.ZoneOffset.UTC);
  }
}
