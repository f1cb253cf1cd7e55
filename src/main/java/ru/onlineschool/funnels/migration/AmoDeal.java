package ru.onlineschool.funnels.migration;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A deal row of amoCRM's export, read and checked: what the import writes. */
record AmoDeal(
    int line,
    String amoId,
    String name,
    String funnel,
    String stageCode,
    String amoStage,
    String responsible,
    BigDecimal budget,
    Instant createdAt,
    Instant closedAt,
    String lossReason,
    String course,
    List<String> tags,
    List<String> notes,
    AmoContact contact,
    String company) {}
