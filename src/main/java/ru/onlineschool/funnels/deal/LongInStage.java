package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Open deals that have stayed in one stage since before a moment, found and tagged set-based: a
 * few statements per funnel, whatever the number of deals. Used by «Контроль подвисших сделок»;
 * the tag goes when the deal enters its next stage ({@link StageTags}). Joins the caller's
 * transaction.
 */
@Repository
public class LongInStage {

  /** An open deal in its stage since {@code since}, with its responsible and client for a digest. */
  public record DealInStage(long dealId, String funnel, String stageTitle, Instant since, String responsible, String client) {}

  private static final String IN_STAGE_SINCE_BEFORE =
      " FROM deal d WHERE d.funnel = ? AND d.closed_at IS NULL AND d.stage_entered_at < ?"
          + " AND d.stage_code IS NOT NULL AND d.stage_code NOT IN ('WON', 'LOST')";
  private static final String WITHOUT_TAG = " AND NOT EXISTS (SELECT 1 FROM deal_tag g WHERE g.deal_id = d.id AND g.tag = ?)";

  private final JdbcTemplate jdbc;

  public LongInStage(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Gives the automatic {@code tag} and a timeline line to every open deal of the funnel that
   * entered its stage before {@code enteredBefore} and lacks the tag; returns all such deals,
   * tagged earlier or now, longest in their stage first.
   */
  public List<DealInStage> tag(String funnel, Instant enteredBefore, String tag, Instant now) {
    OffsetDateTime before = DealStore.utc(enteredBefore);
    OffsetDateTime at = DealStore.utc(now);
    jdbc.update(
        "INSERT INTO timeline_entry (deal_id, occurred_at, kind, stage_code, text, user_id)"
            + " SELECT d.id, ?, 'NOTE', d.stage_code, CONCAT('Тег «', ?, '»: сделка дольше порога в этапе «', d.stage_title, '»'), NULL"
            + IN_STAGE_SINCE_BEFORE
            + WITHOUT_TAG,
        at, tag, funnel, before, tag);
    jdbc.update(
        "INSERT INTO deal_tag (deal_id, tag, automatic, created_at) SELECT d.id, ?, TRUE, ?" + IN_STAGE_SINCE_BEFORE + WITHOUT_TAG,
        tag, at, funnel, before, tag);
    return jdbc.query(
        "SELECT d.id, d.funnel, d.stage_title, d.stage_entered_at, d.responsible, c.name"
            + IN_STAGE_SINCE_BEFORE.replace("FROM deal d", "FROM deal d JOIN contact c ON c.id = d.contact_id")
            + " ORDER BY d.stage_entered_at, d.id",
        (rs, row) ->
            new DealInStage(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5),
                rs.getString(6)),
        funnel, before);
  }
}
