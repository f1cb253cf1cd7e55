package ru.onlineschool.funnels.webinar;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import ru.onlineschool.funnels.deal.WebinarOfDeal;

/**
 * The funnel's own tables: {@code webinar} (what the platform announced) and {@code
 * webinar_registration} (which deal and contact registered for which webinar). The deals and
 * contacts themselves are the deal module's. Joins the caller's transaction.
 */
@Repository
class WebinarTables implements WebinarOfDeal {

  record StoredWebinar(String title, OffsetDateTime startsAt, int durationMinutes, String link) {}

  private final JdbcTemplate jdbc;

  WebinarTables(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the webinar unless known: the stored one wins, a later registration may carry an old start. */
  void storeOnce(String webinarId, String title, OffsetDateTime startsAt, int durationMinutes, String link, Instant now) {
    jdbc.update(
        "INSERT INTO webinar (id, title, starts_at, duration_minutes, link, created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM webinar WHERE id = ?)",
        webinarId, title, utc(startsAt.toInstant()), durationMinutes, link, utc(now), utc(now), webinarId);
  }

  Optional<StoredWebinar> webinar(String webinarId) {
    return jdbc.query(
            "SELECT title, starts_at, duration_minutes, link FROM webinar WHERE id = ?",
            (rs, n) -> new StoredWebinar(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getInt(3), rs.getString(4)),
            webinarId)
        .stream()
        .findFirst();
  }

  /** A webinar of the catalog with its id: what an imported registration is attached to. */
  record CatalogEntry(String id, StoredWebinar webinar) {}

  /** The webinar starting at this moment, if the catalog has one (the earliest id if several). */
  Optional<CatalogEntry> startingAt(Instant startsAt) {
    return catalog("WHERE starts_at = ? ORDER BY id", utc(startsAt));
  }

  /** The catalog's next webinar starting after the moment, if any. */
  Optional<CatalogEntry> nextAfter(Instant moment) {
    return catalog("WHERE starts_at > ? ORDER BY starts_at, id", utc(moment));
  }

  private Optional<CatalogEntry> catalog(String where, Object argument) {
    return jdbc.query(
            "SELECT id, title, starts_at, duration_minutes, link FROM webinar " + where,
            (rs, n) -> new CatalogEntry(rs.getString(1), new StoredWebinar(rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getInt(4), rs.getString(5))),
            argument)
        .stream()
        .findFirst();
  }

  void move(String webinarId, Instant startsAt, Instant now) {
    jdbc.update("UPDATE webinar SET starts_at = ?, updated_at = ? WHERE id = ?", utc(startsAt), utc(now), webinarId);
  }

  /** The deal of the contact's registration for the webinar, if any. */
  Optional<Long> registrationOf(String webinarId, long contactId) {
    return jdbc.queryForList(
            "SELECT deal_id FROM webinar_registration WHERE webinar_id = ? AND contact_id = ?", Long.class, webinarId, contactId)
        .stream()
        .findFirst();
  }

  /** The registration with this deal number, if it is one of the webinar's. */
  Optional<Long> registrationWithDeal(String webinarId, long dealId) {
    return jdbc.queryForList("SELECT deal_id FROM webinar_registration WHERE webinar_id = ? AND deal_id = ?", Long.class, webinarId, dealId)
        .stream()
        .findFirst();
  }

  void register(long dealId, String webinarId, long contactId) {
    jdbc.update("INSERT INTO webinar_registration (deal_id, webinar_id, contact_id) VALUES (?, ?, ?)", dealId, webinarId, contactId);
  }

  void markAttended(long dealId, Instant at) {
    jdbc.update("UPDATE webinar_registration SET attended_at = ? WHERE deal_id = ?", utc(at), dealId);
  }

  /** The deals registered for the webinar, in ascending order. */
  List<Long> registeredDeals(String webinarId) {
    return jdbc.queryForList("SELECT deal_id FROM webinar_registration WHERE webinar_id = ? ORDER BY deal_id", Long.class, webinarId);
  }

  @Override
  public Optional<Registered> of(long dealId) {
    return jdbc.query(
            "SELECT w.title, w.starts_at FROM webinar_registration r JOIN webinar w ON w.id = r.webinar_id WHERE r.deal_id = ?",
            (rs, row) -> new Registered(rs.getString(1), rs.getObject(2, OffsetDateTime.class)),
            dealId)
        .stream()
        .findFirst();
  }

  /** Reads the registrations by their key in slices, so that no statement gets thousands of parameters. */
  @Override
  public Map<Long, Instant> endsOf(Collection<Long> dealIds) {
    Map<Long, Instant> ends = new HashMap<>();
    List<Long> ids = List.copyOf(dealIds);
    for (int from = 0; from < ids.size(); from += SLICE) {
      List<Long> slice = ids.subList(from, Math.min(ids.size(), from + SLICE));
      String marks = String.join(", ", java.util.Collections.nCopies(slice.size(), "?"));
      jdbc.query(
          "SELECT r.deal_id, w.starts_at, w.duration_minutes FROM webinar_registration r JOIN webinar w ON w.id = r.webinar_id"
              + " WHERE r.deal_id IN (" + marks + ")",
          rs -> {
            ends.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant().plus(Duration.ofMinutes(rs.getInt(3))));
          },
          slice.toArray());
    }
    return ends;
  }

  private static final int SLICE = 500;

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
