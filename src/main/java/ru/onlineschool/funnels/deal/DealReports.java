package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The figures behind the reports, read from the deals and their timelines; the report module
 * orders, sums and presents them. Movement through a funnel comes from the timeline's stage
 * entries (what happened in the period), never from the deals' current stage, which only the
 * board shows. A {@code null} responsible means every responsible.
 */
@Repository
public class DealReports {

  /** Open deals in one current stage. */
  public record StageCount(String code, String title, long deals) {}

  /**
   * One stage entry in the period, with the stage the deal entered next, whether it was won at or
   * after it, and the reason the deal is closed as lost with ({@code null} while open or won).
   */
  public record StageStep(long dealId, String stage, String next, boolean wonLater, String lostAs) {}

  /** A lead created in the period: who is responsible, when it came, when it was first answered (null: not yet). */
  public record Lead(String responsible, Instant createdAt, Instant firstContactAt) {}

  private final JdbcTemplate jdbc;

  /**
   * Deals of one source that came in a period and ended the same way.
   *
   * @param channel API, TILDA, MARQUIZ, TELEGRAM, WHATSAPP; null for a deal without a {@code lead_source} row
   * @param outcome WON, LOST, or null while open
   */
  public record SourceCount(String channel, String utmSource, String utmCampaign, String outcome, String lossReason, long deals) {}

  public DealReports(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The funnel's open deals per current stage (stages without deals are absent). */
  public List<StageCount> openPerStage(String funnel, String responsible) {
    String sql =
        "SELECT stage_code, MAX(stage_title), COUNT(*) FROM deal WHERE funnel = ? AND closed_at IS NULL AND stage_code IS NOT NULL"
            + (responsible == null ? "" : " AND responsible = ?")
            + " GROUP BY stage_code";
    Object[] args = responsible == null ? new Object[] {funnel} : new Object[] {funnel, responsible};
    return jdbc.query(sql, (rs, row) -> new StageCount(rs.getString(1), rs.getString(2), rs.getLong(3)), args);
  }

  /**
   * The stage entries in [start, end) of the funnel's deals. The cohort is every deal with a stage
   * entry in the period; its whole stage history is read, so that "next stage" and "won later" see
   * beyond the period's end.
   */
  public List<StageStep> stageSteps(String funnel, String responsible, Instant start, Instant end) {
    String sql =
        "WITH cohort AS ("
            + "  SELECT DISTINCT t.deal_id FROM timeline_entry t JOIN deal d ON d.id = t.deal_id"
            + "  WHERE t.kind = 'STAGE' AND t.occurred_at >= ? AND t.occurred_at < ? AND d.funnel = ?"
            + (responsible == null ? "" : " AND d.responsible = ?")
            + "), steps AS ("
            + "  SELECT t.deal_id, t.stage_code, t.occurred_at,"
            + "         LEAD(t.stage_code) OVER (PARTITION BY t.deal_id ORDER BY t.occurred_at, t.id) AS next_code"
            + "  FROM timeline_entry t JOIN cohort c ON c.deal_id = t.deal_id WHERE t.kind = 'STAGE'"
            + "), won AS ("
            + "  SELECT t.deal_id, MIN(t.occurred_at) AS won_at FROM timeline_entry t JOIN cohort c ON c.deal_id = t.deal_id"
            + "  WHERE t.kind = 'STAGE' AND t.stage_code = 'WON' GROUP BY t.deal_id"
            + ") SELECT s.deal_id, s.stage_code, s.next_code, CASE WHEN w.won_at >= s.occurred_at THEN 1 ELSE 0 END AS won,"
            + " CASE WHEN d.outcome = 'LOST' THEN d.loss_reason END AS lost_as"
            + " FROM steps s JOIN deal d ON d.id = s.deal_id LEFT JOIN won w ON w.deal_id = s.deal_id"
            + " WHERE s.occurred_at >= ? AND s.occurred_at < ?";
    List<Object> args = new ArrayList<>(List.of(DealStore.utc(start), DealStore.utc(end), funnel));
    if (responsible != null) {
      args.add(responsible);
    }
    args.add(DealStore.utc(start));
    args.add(DealStore.utc(end));
    return jdbc.query(
        sql, (rs, row) -> new StageStep(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getString(5)),
        args.toArray());
  }

  /**
   * Deals of the funnel that entered {@code LOST} in [start, end), counted per the reason
   * recorded on the deal ({@code noReason} where none was), most frequent first.
   */
  public Map<String, Long> lossReasons(String funnel, String responsible, Instant start, Instant end, String noReason) {
    String sql =
        "SELECT COALESCE(d.loss_reason, ?) AS reason, COUNT(DISTINCT d.id) AS deals FROM timeline_entry t JOIN deal d ON d.id = t.deal_id"
            + " WHERE t.kind = 'STAGE' AND t.stage_code = 'LOST' AND t.occurred_at >= ? AND t.occurred_at < ? AND d.funnel = ?"
            + (responsible == null ? "" : " AND d.responsible = ?")
            + " GROUP BY COALESCE(d.loss_reason, ?) ORDER BY deals DESC, reason";
    List<Object> args = new ArrayList<>(List.of(noReason, DealStore.utc(start), DealStore.utc(end), funnel));
    if (responsible != null) {
      args.add(responsible);
    }
    args.add(noReason);
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query(sql, rs -> {
      counts.put(rs.getString(1), rs.getLong(2));
    }, args.toArray());
    return counts;
  }

  /**
   * Leads of the funnel created in [start, end) and handed to a responsible (duplicates never
   * reach one), with their first contact: the first call attempt or completed task after the lead came.
   */
  public List<Lead> leads(String funnel, String responsible, Instant start, Instant end) {
    String sql =
        "SELECT d.responsible, d.created_at,"
            + " (SELECT MIN(t.occurred_at) FROM timeline_entry t WHERE t.deal_id = d.id AND t.kind IN ('CALL', 'TASK_RESULT')"
            + "  AND t.occurred_at >= d.created_at) AS first_contact"
            + " FROM deal d WHERE d.funnel = ? AND d.created_at >= ? AND d.created_at < ?"
            + " AND d.duplicate_of IS NULL AND d.responsible IS NOT NULL"
            + (responsible == null ? "" : " AND d.responsible = ?");
    List<Object> args = new ArrayList<>(List.of(funnel, DealStore.utc(start), DealStore.utc(end)));
    if (responsible != null) {
      args.add(responsible);
    }
    return jdbc.query(
        sql,
        (rs, row) -> {
          OffsetDateTime first = rs.getObject(3, OffsetDateTime.class);
          return new Lead(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), first == null ? null : first.toInstant());
        },
        args.toArray());
  }

  /**
   * Deals of the funnel created in [start, end), per channel, utm_source and utm_campaign of their
   * lead and per how they ended (outcome and loss reason): the report «Источники заявок» folds them.
   */
  public List<SourceCount> leadSources(String funnel, String responsible, Instant start, Instant end) {
    String sql =
        "SELECT s.channel, s.utm_source, s.utm_campaign, d.outcome, d.loss_reason, COUNT(*) FROM deal d"
            + " LEFT JOIN lead_source s ON s.deal_id = d.id"
            + " WHERE d.funnel = ? AND d.created_at >= ? AND d.created_at < ?"
            + (responsible == null ? "" : " AND d.responsible = ?")
            + " GROUP BY s.channel, s.utm_source, s.utm_campaign, d.outcome, d.loss_reason";
    List<Object> args = new ArrayList<>(List.of(funnel, DealStore.utc(start), DealStore.utc(end)));
    if (responsible != null) {
      args.add(responsible);
    }
    return jdbc.query(
        sql,
        (rs, row) -> new SourceCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)),
        args.toArray());
  }
}
