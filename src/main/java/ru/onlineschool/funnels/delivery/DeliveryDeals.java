package ru.onlineschool.funnels.delivery;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * What «Ведение курса» needs from the deal tables beyond {@code DealStore}: copying a won sale
 * into a delivery deal with its history, and the curators' load. Joins the caller's transaction.
 */
@Repository
public class DeliveryDeals {

  private final JdbcTemplate jdbc;

  public DeliveryDeals(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A deal as the delivery API sees it. */
  public record DealState(long id, String funnel, String stageCode, boolean closed) {}

  /** The contact of a deal, for the start variables of the copy. */
  public record Contact(String name, String phone, String email) {}

  public Optional<DealState> find(long dealId) {
    return jdbc.query(
            "SELECT id, funnel, stage_code, closed_at FROM deal WHERE id = ?",
            (rs, row) -> new DealState(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4) != null),
            dealId)
        .stream()
        .findFirst();
  }

  /** The delivery deal already copied from this sale, if any (a hand-over runs once per sale). */
  public Optional<Long> deliveryOf(long saleDealId) {
    return jdbc.queryForList(
            "SELECT id FROM deal WHERE funnel = ? AND parent_deal_id = ?", Long.class, CourseDelivery.PROCESS_KEY, saleDealId)
        .stream()
        .findFirst();
  }

  /** Copies the sale into a new delivery deal: same contact, course, budget and lead type. */
  public long copyFromSale(long saleDealId, Instant at) {
    var keys = new GeneratedKeyHolder();
    int rows =
        jdbc.update(
            connection -> {
              PreparedStatement statement =
                  connection.prepareStatement(
                      "INSERT INTO deal (funnel, contact_id, course, budget, lead_type, parent_deal_id, created_at)"
                          + " SELECT ?, contact_id, course, budget, lead_type, id, ? FROM deal WHERE id = ?",
                      new String[] {"id"});
              statement.setString(1, CourseDelivery.PROCESS_KEY);
              statement.setObject(2, utc(at));
              statement.setLong(3, saleDealId);
              return statement;
            },
            keys);
    if (rows != 1) {
      throw new IllegalStateException("Сделка " + saleDealId + " не найдена: нечего передать в «Ведение курса»");
    }
    return keys.getKey().longValue();
  }

  /**
   * Copies the sale's timeline into the delivery deal as history: same times, kinds and users,
   * the text marked with the sale's number; the stage code is dropped, so that stage reports of
   * «Ведение курса» count only its own stages.
   */
  public int copyTimeline(long fromDealId, long toDealId) {
    return jdbc.update(
        "INSERT INTO timeline_entry (deal_id, occurred_at, kind, stage_code, text, user_id)"
            + " SELECT ?, occurred_at, kind, NULL, CONCAT('«Продажа курса» №', CAST(deal_id AS VARCHAR(20)), ': ', text), user_id"
            + " FROM timeline_entry WHERE deal_id = ? ORDER BY occurred_at, id",
        toDealId,
        fromDealId);
  }

  public Contact contactOf(long dealId) {
    return jdbc.queryForObject(
        "SELECT c.name, c.phone, c.email FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
        (rs, row) -> new Contact(rs.getString(1), rs.getString(2), rs.getString(3)),
        dealId);
  }

  /** Open delivery deals per responsible curator. */
  public Map<String, Integer> openDealsPerResponsible() {
    Map<String, Integer> load = new HashMap<>();
    jdbc.query(
        "SELECT responsible, COUNT(*) FROM deal WHERE funnel = ? AND closed_at IS NULL AND responsible IS NOT NULL"
            + " GROUP BY responsible",
        rs -> {
          load.put(rs.getString(1), rs.getInt(2));
        },
        CourseDelivery.PROCESS_KEY);
    return load;
  }

  /** Users marked unavailable (the same marks as for managers' smart distribution). */
  public Map<String, Boolean> availabilityMarks() {
    Map<String, Boolean> marks = new HashMap<>();
    jdbc.query(
        "SELECT user_id, available FROM manager_availability",
        rs -> {
          marks.put(rs.getString(1), rs.getBoolean(2));
        });
    return marks;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
