package ru.onlineschool.funnels.migration;

import java.util.List;

/**
 * What an import did (or, in a dry run, would do) with every row of the file: created, skipped
 * (imported before, keyed by amoCRM's id) or refused with a Russian reason and the line to look at.
 */
public record AmoReport(
    boolean dryRun,
    String format,
    int rows,
    int created,
    int skipped,
    int refused,
    int contactsCreated,
    int contactsMatched,
    long millis,
    List<Item> items) {

  public enum Action {
    CREATE,
    SKIP,
    REFUSE
  }

  /**
   * One row: its line, amoCRM's id, what happens, what it becomes (funnel and stage) and a note —
   * the reason of a refusal or skip, or the contact a created deal was matched to.
   */
  public record Item(int line, String amoId, Action action, String result, String note) {}

  /** A one-paragraph Russian summary for the command line and the page. */
  public String summary() {
    return (dryRun ? "Пробный прогон, ничего не записано. " : "")
        + "Строк: " + rows + "; " + (dryRun ? "будет создано: " : "создано: ") + created
        + "; пропущено: " + skipped + "; отклонено: " + refused
        + "; новых контактов: " + contactsCreated + "; совпало с существующими: " + contactsMatched + ".";
  }
}
