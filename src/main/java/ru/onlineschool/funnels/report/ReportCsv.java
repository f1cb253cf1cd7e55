package ru.onlineschool.funnels.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A report as CSV the way a Russian spreadsheet opens it: UTF-8 with a byte order mark, «;»
 * between fields, decimal comma.
 */
final class ReportCsv {

  private final StringBuilder text = new StringBuilder("\uFEFF");

  ReportCsv row(Object... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        text.append(';');
      }
      text.append(field(fields[i]));
    }
    text.append("\r\n");
    return this;
  }

  ReportCsv rows(List<Object[]> rows) {
    rows.forEach(this::row);
    return this;
  }

  byte[] bytes() {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text = value instanceof java.math.BigDecimal number ? number.toPlainString().replace('.', ',') : value.toString();
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
      text = "'" + text;
    }
    if (text.contains(";") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      text = "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
