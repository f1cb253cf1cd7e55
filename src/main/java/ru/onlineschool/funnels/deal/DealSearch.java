package ru.onlineschool.funnels.deal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Finding deals by what other features know about them: a client's deals for the duplicate check,
 * the follow-up deal of a sale, a responsible's open deals for distribution. Reads only; joins the
 * caller's transaction.
 */
@Repository
public class DealSearch {

  /** A deal as a feature that continues it needs to see it. */
  public record DealState(long id, String funnel, String stageCode, boolean closed) {}

  /** Deal numbers per statement in {@link #openAmong}. */
  static final int SLICE = 500;

  private final JdbcTemplate jdbc;

  public DealSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<DealState> find(long dealId) {
    return jdbc.query(
            "SELECT id, funnel, stage_code, closed_at FROM deal WHERE id = ?",
            (rs, row) -> new DealState(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4) != null),
            dealId)
        .stream()
        .findFirst();
  }

  /** Whether any deal was ever stored (the demo data fills only an empty database). */
  public boolean anyDeal() {
    return !jdbc.queryForList("SELECT id FROM deal FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
  }

  /** The oldest open deal of these contacts in the funnel that is not itself a duplicate. */
  public Optional<Long> firstOpenDeal(List<Long> contactIds, String funnel) {
    return jdbc.queryForList(
            "SELECT id FROM deal WHERE contact_id IN (" + placeholders(contactIds) + ") AND funnel = ?"
                + " AND closed_at IS NULL AND duplicate_of IS NULL ORDER BY created_at, id",
            Long.class,
            params(contactIds, funnel))
        .stream()
        .findFirst();
  }

  /** The last closed deal of these contacts in the funnel that was not a duplicate. */
  public Optional<Long> latestClosedDeal(List<Long> contactIds, String funnel) {
    return jdbc.queryForList(
            "SELECT id FROM deal WHERE contact_id IN (" + placeholders(contactIds) + ") AND funnel = ?"
                + " AND closed_at IS NOT NULL AND duplicate_of IS NULL ORDER BY closed_at DESC, id DESC",
            Long.class,
            params(contactIds, funnel))
        .stream()
        .findFirst();
  }

  /** Whether the contact has a deal closed as lost, in any funnel. */
  public boolean hasLostDeal(long contactId) {
    Integer lost = jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE contact_id = ? AND outcome = 'LOST'", Integer.class, contactId);
    return lost != null && lost > 0;
  }

  /** The deal of the funnel that continues {@code parentDealId}, if one was opened. */
  public Optional<Long> followUp(long parentDealId, String funnel) {
    return jdbc.queryForList("SELECT id FROM deal WHERE funnel = ? AND parent_deal_id = ?", Long.class, funnel, parentDealId)
        .stream()
        .findFirst();
  }

  /** An open deal and its process, for a client's message (issue 20). */
  public record OpenDeal(long id, String processInstanceId) {}

  /**
   * The contact's open deal a message of his belongs to: one of {@code preferredFunnel} first,
   * then the oldest; duplicates never.
   */
  public Optional<OpenDeal> openDealOfContact(long contactId, String preferredFunnel) {
    return jdbc.query(
            "SELECT id, process_instance_id FROM deal WHERE contact_id = ? AND closed_at IS NULL AND duplicate_of IS NULL"
                + " ORDER BY CASE WHEN funnel = ? THEN 0 ELSE 1 END, created_at, id FETCH FIRST 1 ROWS ONLY",
            (rs, row) -> new OpenDeal(rs.getLong(1), rs.getString(2)),
            contactId,
            preferredFunnel)
        .stream()
        .findFirst();
  }

  /** The deal's client and the deal it follows up (null when none). */
  public record Lineage(long contactId, Long parentDealId) {}

  public Optional<Lineage> lineage(long dealId) {
    return jdbc.query(
            "SELECT contact_id, parent_deal_id FROM deal WHERE id = ?",
            (rs, row) -> new Lineage(rs.getLong(1), (Long) rs.getObject(2, Long.class)),
            dealId)
        .stream()
        .findFirst();
  }

  /**
   * Those of the deals that are still open, in ascending order. Asked in slices, so that a webinar
   * with many thousands of registrants stays within a statement's limit of parameters.
   */
  public List<Long> openAmong(Collection<Long> dealIds) {
    List<Long> ids = new ArrayList<>(new java.util.TreeSet<>(dealIds));
    List<Long> open = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += SLICE) {
      List<Long> slice = ids.subList(from, Math.min(ids.size(), from + SLICE));
      open.addAll(
          jdbc.queryForList(
              "SELECT id FROM deal WHERE id IN (" + placeholders(slice) + ") AND closed_at IS NULL ORDER BY id", Long.class, slice.toArray()));
    }
    return open;
  }

  /** Open deals of the funnel per responsible user (users without one are absent). */
  public Map<String, Integer> openDealsPerResponsible(String funnel) {
    Map<String, Integer> load = new HashMap<>();
    jdbc.query(
        "SELECT responsible, COUNT(*) FROM deal WHERE funnel = ? AND closed_at IS NULL AND responsible IS NOT NULL"
            + " GROUP BY responsible",
        rs -> {
          load.put(rs.getString(1), rs.getInt(2));
        },
        funnel);
    return load;
  }

  /**
   * Each user's open deals of the funnel in one of the stages, counted up to {@code cap}: one index
   * range per user, so the cost stays the same however many deals the school has, and one
   * statement for all of them (a lead's distribution asks for every candidate at once).
   */
  public Map<String, Integer> openDealsInStages(String funnel, List<String> responsibles, Collection<String> stageCodes, int cap) {
    Map<String, Integer> counts = new HashMap<>();
    if (stageCodes.isEmpty() || responsibles.isEmpty()) {
      return counts;
    }
    List<Object> args = new ArrayList<>();
    for (String responsible : responsibles) {
      args.add(funnel);
      args.add(responsible);
      args.addAll(stageCodes);
    }
    jdbc.query(openDealsInStagesSql(responsibles.size(), stageCodes.size(), cap), rs -> {
      counts.put(responsibles.get(rs.getInt(1)), rs.getInt(2));
    }, args.toArray());
    return counts;
  }

  /** One capped count per user, joined by UNION ALL; each row is the user's position and his count. */
  static String openDealsInStagesSql(int users, int stages, int cap) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < users; i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ")
          .append(i)
          .append(", COUNT(*) FROM (SELECT 1 FROM deal WHERE funnel = ? AND responsible = ? AND stage_code IN (")
          .append(placeholders(stages))
          .append(") AND closed_at IS NULL LIMIT ")
          .append(cap)
          .append(") u")
          .append(i);
    }
    return sql.toString();
  }

  private static String placeholders(Collection<?> values) {
    return placeholders(values.size());
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static Object[] params(List<Long> contactIds, String funnel) {
    Object[] params = new Object[contactIds.size() + 1];
    for (int i = 0; i < contactIds.size(); i++) {
      params[i] = contactIds.get(i);
    }
    params[contactIds.size()] = funnel;
    return params;
  }
}
