package ru.onlineschool.funnels.deal;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * A deal's history as the next deal in a chain takes it over: a reanimation carries the lost
 * sale's timeline, a sale started from a reanimation carries both. Copies are marked with the
 * deal they come from and are never stage entries of the new deal, so reports that count
 * stage changes per funnel see only what happened in that funnel.
 */
@Repository
public class DealHistory {

  /** The mark that starts every copied timeline line: «Из сделки №17 «Продажа курса»: …». */
  static final String COPY_MARK = "Из сделки №";

  private final JdbcTemplate jdbc;
  private final DealStore deals;

  private final FunnelCatalog funnels;

  public DealHistory(JdbcTemplate jdbc, DealStore deals, FunnelCatalog funnels) {
    this.jdbc = jdbc;
    this.deals = deals;
    this.funnels = funnels;
  }

  /** What a following deal needs to know about an earlier one. */
  public record DealSummary(
      long id, String funnel, long contactId, String course, String leadType, String responsible, String clientName, String clientPhone,
      String clientEmail, String funnelTitle) {}

  public Optional<DealSummary> summary(long dealId) {
    return jdbc.query(
            "SELECT d.id, d.funnel, d.contact_id, d.course, d.lead_type, d.responsible, c.name, c.phone, c.email"
                + " FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
            (rs, row) ->
                new DealSummary(
                    rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), funnels.title(rs.getString(2))),
            dealId)
        .stream()
        .findFirst();
  }

  /**
   * Copies the timeline of one deal to another, keeping times and authors. Lines already
   * copied from an earlier deal keep their origin; stage changes become plain notes.
   */
  public int copyTimeline(long fromDealId, long toDealId) {
    DealSummary from =
        summary(fromDealId).orElseThrow(() -> new IllegalStateException("Сделка " + fromDealId + " не найдена: нечего копировать"));
    String origin = COPY_MARK + fromDealId + " «" + from.funnelTitle() + "»: ";
    List<TimelineEntry> entries = deals.timeline(fromDealId);
    for (TimelineEntry entry : entries) {
      TimelineKind kind = entry.kind() == TimelineKind.STAGE ? TimelineKind.NOTE : entry.kind();
      String text = entry.text().startsWith(COPY_MARK) ? entry.text() : origin + entry.text();
      deals.appendTimeline(toDealId, entry.occurredAt().toInstant(), kind, null, text, entry.userId());
    }
    return entries.size();
  }

  /** Deals of the contact in the funnel, open or closed. */
  public int dealsOfContact(long contactId, String funnel) {
    Integer count =
        jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE contact_id = ? AND funnel = ?", Integer.class, contactId, funnel);
    return count == null ? 0 : count;
  }

  /**
   * Opens the deal that continues another in the next funnel: same contact, course, budget and
   * lead type, the earlier deal as its parent, no stage yet (the process sets it).
   */
  public long copyDeal(long fromDealId, String funnel, Instant at) {
    var keys = new GeneratedKeyHolder();
    int rows =
        jdbc.update(
            connection -> {
              PreparedStatement statement =
                  connection.prepareStatement(
                      "INSERT INTO deal (funnel, contact_id, course, budget, lead_type, parent_deal_id, created_at)"
                          + " SELECT ?, contact_id, course, budget, lead_type, id, ? FROM deal WHERE id = ?",
                      new String[] {"id"});
              statement.setString(1, funnel);
              statement.setObject(2, DealStore.utc(at));
              statement.setLong(3, fromDealId);
              return statement;
            },
            keys);
    if (rows != 1) {
      throw new IllegalStateException("Сделка " + fromDealId + " не найдена: нечего передать дальше");
    }
    return keys.getKey().longValue();
  }

  /**
   * Copies a timeline in one statement as history: same times, kinds and users, each text after
   * {@code mark} and the source deal's number («Продажа курса» №17: …); the stage code is dropped,
   * so that stage reports of the new deal's funnel count only its own stages.
   */
  public int copyTimelineMarked(long fromDealId, long toDealId, String mark) {
    return jdbc.update(
        "INSERT INTO timeline_entry (deal_id, occurred_at, kind, stage_code, text, user_id)"
            + " SELECT ?, occurred_at, kind, NULL, CONCAT(?, CAST(deal_id AS VARCHAR(20)), ': ', text), user_id"
            + " FROM timeline_entry WHERE deal_id = ? ORDER BY occurred_at, id",
        toDealId,
        mark,
        fromDealId);
  }
}
