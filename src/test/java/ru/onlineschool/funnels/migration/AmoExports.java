package ru.onlineschool.funnels.migration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Files the way amoCRM's export writes them, built by the tests: the deal export's Russian headers,
 * CSV in either encoding with either separator (cells quoted where they must be), and XLSX with
 * shared strings.
 */
public final class AmoExports {

  static final List<String> DEAL_HEADERS =
      List.of(
          "ID", "Название сделки", "Бюджет ₽", "Ответственный", "Дата создания", "Воронка", "Этап сделки", "Теги", "Причина отказа",
          "Название курса", "Полное имя контакта", "ID контакта", "Рабочий телефон", "Мобильный телефон", "Рабочий email", "Компания",
          "Примечание", "Примечание 2", "Дата начала обучения", "Дата и время начала вебинара");

  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> headers;

  AmoExports(List<String> headers) {
    this.headers = headers;
  }

  public static AmoExports deals() {
    return new AmoExports(DEAL_HEADERS);
  }

  /** A deal row; empty strings are empty cells. */
  public AmoExports deal(
      String id, String name, String budget, String responsible, String created, String pipeline, String stage, String tags,
      String lossReason, String contact, String contactId, String phone, String email, String note) {
    return deal(id, name, budget, responsible, created, pipeline, stage, tags, lossReason, contact, contactId, phone, email, note, "", "");
  }

  /** A deal row with the account's fields «Дата начала обучения» and «Дата и время начала вебинара». */
  public AmoExports deal(
      String id, String name, String budget, String responsible, String created, String pipeline, String stage, String tags,
      String lossReason, String contact, String contactId, String phone, String email, String note, String courseStart, String webinarStart) {
    rows.add(List.of(id, name, budget, responsible, created, pipeline, stage, tags, lossReason, "Python-разработчик", contact, contactId, phone, "", email, "", note, "",
        courseStart, webinarStart));
    return this;
  }

  AmoExports row(List<String> cells) {
    rows.add(cells);
    return this;
  }

  public byte[] csv(Charset charset, char separator) {
    StringBuilder out = new StringBuilder();
    line(out, headers, separator);
    for (List<String> row : rows) {
      line(out, row, separator);
    }
    return out.toString().getBytes(charset);
  }

  /** UTF-8 with the byte order mark amoCRM writes for Excel. */
  public byte[] csvUtf8WithBom(char separator) {
    byte[] body = csv(StandardCharsets.UTF_8, separator);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(body, 0, withBom, 3, body.length);
    return withBom;
  }

  private static void line(StringBuilder out, List<String> cells, char separator) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      String cell = cells.get(i);
      if (cell.indexOf(separator) >= 0 || cell.contains("\"") || cell.contains("\n")) {
        out.append('"').append(cell.replace("\"", "\"\"")).append('"');
      } else {
        out.append(cell);
      }
    }
    out.append("\r\n");
  }

  public byte[] xlsx() {
    List<String> shared = new ArrayList<>();
    StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
        .append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (int r = 0; r < all.size(); r++) {
      sheet.append("<row r=\"").append(r + 1).append("\">");
      List<String> cells = all.get(r);
      for (int c = 0; c < cells.size(); c++) {
        String value = cells.get(c);
        if (value.isEmpty()) {
          continue;
        }
        String ref = column(c) + (r + 1);
        if (value.matches("\\d{1,9}") && r > 0 && c == 0) {
          sheet.append("<c r=\"").append(ref).append("\"><v>").append(value).append("</v></c>");
        } else {
          shared.add(value);
          sheet.append("<c r=\"").append(ref).append("\" t=\"s\"><v>").append(shared.size() - 1).append("</v></c>");
        }
      }
      sheet.append("</row>");
    }
    sheet.append("</sheetData></worksheet>");
    StringBuilder strings = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
        .append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"").append(shared.size()).append("\">");
    for (String s : shared) {
      strings.append("<si><t xml:space=\"preserve\">").append(escape(s)).append("</t></si>");
    }
    strings.append("</sst>");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
      put(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"Сделки\" sheetId=\"1\"/></sheets></workbook>");
      put(zip, "xl/sharedStrings.xml", strings.toString());
      put(zip, "xl/worksheets/sheet1.xml", sheet.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static String column(int index) {
    StringBuilder name = new StringBuilder();
    int n = index + 1;
    while (n > 0) {
      int rem = (n - 1) % 26;
      name.insert(0, (char) ('A' + rem));
      n = (n - 1) / 26;
    }
    return name.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
