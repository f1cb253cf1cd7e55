package ru.onlineschool.funnels.migration;

import java.util.List;
import java.util.Map;

/**
 * A file of amoCRM's export as read: its header cells and its records, each with the line of the
 * file it starts on (CSV) or its row number (XLSX), so a refusal can name where to look.
 */
public record AmoTable(List<String> headers, List<Row> rows, String format) {

  /** One record: the line it starts on and its cells in header order (missing cells are empty). */
  public record Row(int line, List<String> cells) {

    /** The cell under the header at {@code index}, blank-trimmed; null when empty or absent. */
    public String cell(int index) {
      if (index < 0 || index >= cells.size()) {
        return null;
      }
      String value = cells.get(index);
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /** Header name → column index, first occurrence wins (amoCRM may repeat «Примечание»). */
  public Map<String, Integer> columns() {
    Map<String, Integer> index = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      index.putIfAbsent(normalise(headers.get(i)), i);
    }
    return index;
  }

  /**
   * Headers compare by their letters and digits only, without case and «ё»: «Бюджет ₽» is «Бюджет ?»
   * once Windows-1251 lost the rouble sign, and «Бюджет» where an export left it out.
   */
  static String normalise(String header) {
    if (header == null) {
      return "";
    }
    String letters = header.toLowerCase(java.util.Locale.ROOT).replace('ё', 'е').replaceAll("[^\\p{L}\\p{N}]+", " ");
    return letters.strip();
  }
}
