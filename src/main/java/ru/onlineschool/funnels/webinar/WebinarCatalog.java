package ru.onlineschool.funnels.webinar;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The webinars the platform announced, for the import from amoCRM (issue 22): an open «Вебинар»
 * deal is attached to the webinar of our catalog that starts when amoCRM's field «Дата и время
 * начала вебинара» says, or, without that field, to the catalog's next webinar. Joins the caller's
 * transaction.
 */
@Service
public class WebinarCatalog {

  /** A webinar of the catalog: what the process of a registration reads. */
  public record Entry(String id, String title, OffsetDateTime startsAt, int durationMinutes, String link) {}

  private final WebinarTables tables;

  WebinarCatalog(WebinarTables tables) {
    this.tables = tables;
  }

  /** The webinar starting at {@code startsAt}; without it, the next one after {@code now}. */
  public Optional<Entry> forImport(Instant startsAt, Instant now) {
    return (startsAt != null ? tables.startingAt(startsAt) : tables.nextAfter(now))
        .map(e -> new Entry(e.id(), e.webinar().title(), e.webinar().startsAt(), e.webinar().durationMinutes(), e.webinar().link()));
  }

  /** Records the imported deal as the contact's registration for the webinar. */
  public void register(long dealId, String webinarId, long contactId) {
    tables.register(dealId, webinarId, contactId);
  }
}
