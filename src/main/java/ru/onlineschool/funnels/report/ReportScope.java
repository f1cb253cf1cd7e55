package ru.onlineschool.funnels.report;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What one report is asked about: a funnel, a period of whole days in the school's zone
 * ({@code from}..{@code to} inclusive, as instants {@code start} inclusive .. {@code end}
 * exclusive), and, for a manager, only her own deals ({@code responsible}, else null).
 */
record ReportScope(String funnel, LocalDate from, LocalDate to, Instant start, Instant end, String responsible) {}
