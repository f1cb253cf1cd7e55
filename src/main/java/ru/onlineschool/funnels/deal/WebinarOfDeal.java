package ru.onlineschool.funnels.deal;

import java.time.OffsetDateTime;
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
}
