package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

  /**
   * An open deal in its stage since {@code since} (its stage entry, or the end of what it waited
   * for when that is later), with its responsible and client for a digest.
   */
  public record DealInStage(long dealId, String funnel, String stageTitle, Instant since, String responsible, String client) {}

  private static final String IN_STAGE_SINCE_BEFORE =
      " FROM deal d WHERE d.funnel = ? AND d.closed_at IS NULL AND d.stage_entered_at < ?"
          + " AND d.stage_code IS NOT NULL AND d.stage_code NOT IN ('WON', 'LOST')";
  /** The timeline line of a deal getting the tag; parameters: the moment, the tag. */
  private static final String NOTE =
      "INSERT INTO timeline_entry (deal_id, occurred_at, kind, stage_code, text, user_id)"
          + " SELECT d.id, ?, 'NOTE', d.stage_code, CONCAT('Тег «', ?, '»: сделка дольше порога в этапе «', d.stage_title, '»'), NULL";
  private static final String WITHOUT_TAG = " AND NOT EXISTS (SELECT 1 FROM deal_tag g WHERE g.deal_id = d.id AND g.tag = ?)";

  private final JdbcTemplate jdbc;

  public LongInStage(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * As {@link #tag(String, Instant, String, Instant)}, but a deal waiting for an appointed event
   * (a webinar) is not long in its stage before the event is over: its time counts from {@code
   * waitingUntil}'s moment for it when that is later than its stage entry. {@code waitingUntil}
   * gets the ids of the deals long in their stage by entry alone and answers for those that wait
   * for something. The deals found are tagged in a batch, a statement per deal (the webinar
   * funnel's stalled deals are few: its waiting deals are closed when their webinar is over).
   */
  public List<DealInStage> tag(
      String funnel, Instant enteredBefore, String tag, Instant now, Function<Collection<Long>, Map<Long, Instant>> waitingUntil) {
    List<DealInStage> byEntry = inStageSinceBefore(funnel, enteredBefore);
    Map<Long, Instant> until = waitingUntil.apply(byEntry.stream().map(DealInStage::dealId).toList());
    List<DealInStage> stalled = new ArrayList<>();
    for (DealInStage deal : byEntry) {
      Instant end = until.get(deal.dealId());
      if (end == null || !end.isAfter(deal.since())) {
        stalled.add(deal);
      } else if (end.isBefore(enteredBefore)) {
        stalled.add(new DealInStage(deal.dealId(), deal.funnel(), deal.stageTitle(), end, deal.responsible(), deal.client()));
      }
    }
    OffsetDateTime at = DealStore.utc(now);
    jdbc.batchUpdate(
        NOTE + " FROM deal d WHERE d.id = ?" + WITHOUT_TAG, stalled.stream().map(d -> new Object[] {at, tag, d.dealId(), tag}).toList());
    jdbc.batchUpdate(
        "INSERT INTO deal_tag (deal_id, tag, automatic, created_at) SELECT d.id, ?, TRUE, ? FROM deal d WHERE d.id = ?" + WITHOUT_TAG,
        stalled.stream().map(d -> new Object[] {tag, at, d.dealId(), tag}).toList());
    stalled.sort(Comparator.comparing(DealInStage::since).thenComparing(DealInStage::dealId));
    return stalled;
  }

  /**
   * Gives the automatic {@code tag} and a timeline line to every open deal of the funnel that
   * entered its stage before {@code enteredBefore} and lacks the tag; returns all such deals,
   * tagged earlier or now, longest in their stage first.
   */
  public List<DealInStage> tag(String funnel, Instant enteredBefore, String tag, Instant now) {
    OffsetDateTime before = DealStore.utc(enteredBefore);
    OffsetDateTime at = DealStore.utc(now);
    jdbc.update(NOTE + IN_STAGE_SINCE_BEFORE + WITHOUT_TAG, at, tag, funnel, before, tag);
    jdbc.update(
        "INSERT INTO deal_tag (deal_id, tag, automatic, created_at) SELECT d.id, ?, TRUE, ?" + IN_STAGE_SINCE_BEFORE + WITHOUT_TAG,
        tag, at, funnel, before, tag);
    return inStageSinceBefore(funnel, enteredBefore);
  }

  /** The funnel's open deals that entered their stage before {@code enteredBefore}, longest in their stage first. */
  private List<DealInStage> inStageSinceBefore(String funnel, Instant enteredBefore) {
    OffsetDateTime before = DealStore.utc(enteredBefore);
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
