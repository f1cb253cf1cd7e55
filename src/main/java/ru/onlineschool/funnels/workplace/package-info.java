/**
 * The manager's workplace inside Tasklist beyond a single task: «Найти клиента» (contacts with their
 * deals, for an incoming call) and «Доска сделок» (a funnel's open deals per stage). The SQL lives in
 * {@code deal/} ({@code ContactSearch}, {@code DealBoard}); here are the rights, the names and the
 * answers of {@code /api/contacts} and {@code /api/board}. The Tasklist side is the custom script
 * {@code app/tasklist/scripts/school-workplace.js}.
 */
package ru.onlineschool.funnels.workplace;
