package ru.onlineschool.funnels.migration;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A deal row of amoCRM's export, read and checked: what the import writes. The course's dates,
 * group and teacher are the account's deal fields «Дата начала обучения» (seed 003) and the like, for
 * «Ведение курса»; {@code webinarStartsAt} is «Дата и время начала вебинара», for «Вебинар»; {@code companyAmoId} is «ID компании», the payer if
 * the companies export brought it in.
 */
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
    String company,
    LocalDate courseStart,
    LocalDate courseEnd,
    String group,
    String teacher,
    Instant webinarStartsAt,
    String companyAmoId) {}
