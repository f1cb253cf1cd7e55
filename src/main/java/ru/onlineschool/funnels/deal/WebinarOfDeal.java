package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The webinar a deal registered for, for the deal card. The tables are the webinar funnel's
 * ({@code webinar/WebinarTables} implements this), which depends on the deal module, not the
 * other way round.
 */
public interface WebinarOfDeal {

  record Registered(String title, OffsetDateTime startsAt) {}

  /** By the registration's key, the deal: one indexed read. */
  Optional<Registered> of(long dealId);

  /**
   * When the webinar each of these deals registered for ends (its start plus its duration), for
   * the deals that registered for one; a few indexed reads, whatever the number of deals.
   */
  Map<Long, Instant> endsOf(Collection<Long> dealIds);
}
