package ru.onlineschool.funnels.deal;

import java.time.OffsetDateTime;

/** One line of a deal's history, as the deal card shows it. */
public record TimelineEntry(
    long id, long dealId, OffsetDateTime occurredAt, TimelineKind kind, String stageCode, String text, String userId) {}
