package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * «Доска сделок»: the open deals of a funnel's stage, a page at a time, longest in the stage first,
 * and their tags. Each page is one range of {@code deal_board_idx} (or, filtered by responsible,
 * {@code deal_board_responsible_idx}), so a page costs the same at 50 or 50,000 open deals.
 */
@Repository
public class DealBoard {

  /** A deal as its card on the board shows it. */
  public record BoardDeal(
      long id, String client, String course, BigDecimal budget, String responsible, OffsetDateTime stageEnteredAt, String clientTimeZone,
      String processInstanceId) {}

  private final JdbcTemplate jdbc;

  public DealBoard(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Open deals of the funnel standing at {@code stageCode}, of {@code responsible} ({@code null}:
   * everyone's), longest in the stage first; {@code limit} of them after skipping {@code offset}.
   */
  public List<BoardDeal> column(String funnel, String stageCode, String responsible, int offset, int limit) {
    List<Object> args = new ArrayList<>(List.of(funnel, stageCode));
    if (responsible != null) {
      args.add(responsible);
    }
    return jdbc.query(
        columnSql(responsible != null, offset, limit),
        (rs, row) ->
            new BoardDeal(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8)),
        args.toArray());
  }

  /**
   * How many open deals of the funnel stand at {@code stageCode} ({@code responsible}: only hers),
   * counted up to {@code cap}: one index range of at most {@code cap} entries, so a column's badge
   * costs the same at 500 or 50,000 deals ("1000+" on the board).
   */
  public long count(String funnel, String stageCode, String responsible, int cap) {
    List<Object> args = new ArrayList<>(List.of(funnel, stageCode));
    if (responsible != null) {
      args.add(responsible);
    }
    Long count =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM (SELECT 1 FROM deal d WHERE d.funnel = ? AND d.stage_code = ? AND d.closed_at IS NULL"
                + (responsible == null ? "" : " AND d.responsible = ?")
                + " FETCH FIRST " + cap + " ROWS ONLY) counted",
            Long.class,
            args.toArray());
    return count == null ? 0 : count;
  }

  /** The column's statement (package-visible for the plan test). */
  static String columnSql(boolean byResponsible, int offset, int limit) {
    return "SELECT d.id, c.name, d.course, d.budget, d.responsible, d.stage_entered_at, c.time_zone, d.process_instance_id"
        + " FROM deal d JOIN contact c ON c.id = d.contact_id"
        + " WHERE d.funnel = ? AND d.stage_code = ? AND d.closed_at IS NULL"
        + (byResponsible ? " AND d.responsible = ?" : "")
        + " ORDER BY d.stage_entered_at, d.id OFFSET " + Math.max(0, offset) + " ROWS FETCH NEXT " + Math.max(0, limit) + " ROWS ONLY";
  }

  /** The tags of these deals, each deal's in the order they were given. */
  public Map<Long, List<String>> tags(Collection<Long> dealIds) {
    Map<Long, List<String>> tags = new LinkedHashMap<>();
    if (dealIds.isEmpty()) {
      return tags;
    }
    jdbc.query(
        "SELECT deal_id, tag FROM deal_tag WHERE deal_id IN (" + String.join(", ", Collections.nCopies(dealIds.size(), "?"))
            + ") ORDER BY deal_id, created_at, tag",
        rs -> {
          tags.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
        },
        dealIds.toArray());
    return tags;
  }
}
