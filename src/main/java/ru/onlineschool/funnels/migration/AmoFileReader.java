package ru.onlineschool.funnels.migration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the files amoCRM's export writes: CSV in UTF-8 (with or without BOM) or Windows-1251,
 * separated by {@code ;}, {@code ,} or a tab (the three amoCRM's own import offers), quoted the usual way (a quoted cell may hold the separator,
 * a doubled quote and line breaks — notes often do); or XLSX, whose first sheet is read with the
 * JDK's own zip and XML readers.
 *
 * <p>The encoding is UTF-8 when the bytes are valid UTF-8, else Windows-1251 (the only other
 * encoding amoCRM offers). The separator is whichever of {@code ;} and {@code ,} the header line
 * holds more of outside quotes.
 */
public final class AmoFileReader {

  static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
  private static final int MAX_CELLS = 500;

  private AmoFileReader() {}

  /** The table in the file; {@link AmoImportException} with a Russian reason when it is not one. */
  public static AmoTable read(byte[] content) {
    if (content == null || content.length == 0) {
      throw new AmoImportException("Файл пуст.");
    }
    if (content.length > 3 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
      return readXlsx(content);
    }
    return readCsv(decode(content));
  }

  static String decode(byte[] content) {
    int start = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb && (content[2] & 0xff) == 0xbf ? 3 : 0;
    ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(content, WINDOWS_1251);
    }
  }

  static AmoTable readCsv(String text) {
    char separator = separator(text);
    List<AmoTable.Row> records = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean cellStarted = false;
    int line = 1;
    int recordLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
        continue;
      }
      if (c == '"' && cell.length() == 0 && !cellStarted) {
        quoted = true;
        cellStarted = true;
      } else if (c == separator) {
        cells.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
      } else if (c == '\r') {
        // A Windows line end: the \n that follows ends the record.
      } else if (c == '\n') {
        cells.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
        addRecord(records, recordLine, cells);
        cells = new ArrayList<>();
        line++;
        recordLine = line;
      } else {
        cell.append(c);
        cellStarted = true;
      }
    }
    if (quoted) {
      throw new AmoImportException("Строка " + recordLine + ": кавычка открыта и не закрыта до конца файла.");
    }
    if (cell.length() > 0 || !cells.isEmpty()) {
      cells.add(cell.toString());
      addRecord(records, recordLine, cells);
    }
    return table(records, separator == '\t' ? "CSV (табуляция)" : "CSV (" + separator + ")");
  }

  private static void addRecord(List<AmoTable.Row> records, int line, List<String> cells) {
    boolean blank = cells.stream().allMatch(String::isBlank);
    if (!blank) {
      if (cells.size() > MAX_CELLS) {
        throw new AmoImportException("Строка " + line + ": больше " + MAX_CELLS + " колонок — это не выгрузка amoCRM.");
      }
      records.add(new AmoTable.Row(line, List.copyOf(cells)));
    }
  }

  private static AmoTable table(List<AmoTable.Row> records, String format) {
    if (records.isEmpty()) {
      throw new AmoImportException("В файле нет строки заголовков.");
    }
    List<String> headers = records.get(0).cells().stream().map(h -> h.replace("\ufeff", "").strip()).toList();
    return new AmoTable(headers, List.copyOf(records.subList(1, records.size())), format);
  }

  /** The separator of the header line: the most frequent of {@code ;}, {@code ,} and tab outside quotes (a tie is {@code ;}). */
  static char separator(String text) {
    int semicolons = 0;
    int commas = 0;
    int tabs = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '\n') {
        break;
      } else if (!quoted && c == ';') {
        semicolons++;
      } else if (!quoted && c == ',') {
        commas++;
      } else if (!quoted && c == '\t') {
        tabs++;
      }
    }
    if (tabs > semicolons && tabs > commas) {
      return '\t';
    }
    return commas > semicolons ? ',' : ';';
  }

  // XLSX: the shared strings and the first worksheet; cells by their reference (A1, B1…).

  static AmoTable readXlsx(byte[] content) {
    Map<String, byte[]> parts = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.equals("xl/sharedStrings.xml") || name.equals("xl/workbook.xml") || name.startsWith("xl/worksheets/sheet")) {
          parts.put(name, zip.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new AmoImportException("Файл XLSX повреждён: " + e.getMessage());
    }
    String sheet = parts.keySet().stream().filter(n -> n.startsWith("xl/worksheets/sheet")).sorted(AmoFileReader::bySheetNumber).findFirst()
        .orElseThrow(() -> new AmoImportException("В файле XLSX нет ни одного листа."));
    try {
      List<String> shared = parts.containsKey("xl/sharedStrings.xml") ? sharedStrings(parts.get("xl/sharedStrings.xml")) : List.of();
      return table(sheetRows(parts.get(sheet), shared), "XLSX");
    } catch (XMLStreamException e) {
      throw new AmoImportException("Файл XLSX повреждён: " + e.getMessage());
    }
  }

  private static int bySheetNumber(String a, String b) {
    return Integer.compare(sheetNumber(a), sheetNumber(b));
  }

  private static int sheetNumber(String name) {
    String digits = name.replaceAll("\\D", "");
    return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private static XMLStreamReader xml(byte[] part) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory.createXMLStreamReader(new ByteArrayInputStream(part));
  }

  private static List<String> sharedStrings(byte[] part) throws XMLStreamException {
    List<String> strings = new ArrayList<>();
    XMLStreamReader in = xml(part);
    StringBuilder current = null;
    boolean inText = false;
    boolean inPhonetic = false;
    while (in.hasNext()) {
      int event = in.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        switch (in.getLocalName()) {
          case "si" -> current = new StringBuilder();
          case "t" -> inText = !inPhonetic;
          case "rPh" -> inPhonetic = true;
          default -> {}
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        switch (in.getLocalName()) {
          case "si" -> strings.add(current == null ? "" : current.toString());
          case "t" -> inText = false;
          case "rPh" -> inPhonetic = false;
          default -> {}
        }
      } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && inText && current != null) {
        current.append(in.getText());
      }
    }
    return strings;
  }

  private static List<AmoTable.Row> sheetRows(byte[] part, List<String> shared) throws XMLStreamException {
    List<AmoTable.Row> rows = new ArrayList<>();
    XMLStreamReader in = xml(part);
    List<String> cells = null;
    int rowNumber = 0;
    int column = 0;
    String type = null;
    StringBuilder value = new StringBuilder();
    boolean inValue = false;
    while (in.hasNext()) {
      int event = in.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        switch (in.getLocalName()) {
          case "row" -> {
            String r = in.getAttributeValue(null, "r");
            rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
            cells = new ArrayList<>();
            column = 0;
          }
          case "c" -> {
            String ref = in.getAttributeValue(null, "r");
            column = ref == null ? column + 1 : columnOf(ref);
            type = in.getAttributeValue(null, "t");
            value.setLength(0);
          }
          case "v", "t" -> inValue = true;
          default -> {}
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        switch (in.getLocalName()) {
          case "v", "t" -> inValue = false;
          case "c" -> {
            if (column > MAX_CELLS) {
              throw new AmoImportException("Строка " + rowNumber + ": больше " + MAX_CELLS + " колонок — это не выгрузка amoCRM.");
            }
            while (cells.size() < column - 1) {
              cells.add("");
            }
            cells.add(cellText(type, value.toString(), shared));
          }
          case "row" -> addRecord(rows, rowNumber, cells);
          default -> {}
        }
      } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && inValue) {
        value.append(in.getText());
      }
    }
    return rows;
  }

  private static String cellText(String type, String raw, List<String> shared) {
    if ("s".equals(type)) {
      int index = Integer.parseInt(raw.strip());
      return index >= 0 && index < shared.size() ? shared.get(index) : "";
    }
    if (raw.endsWith(".0")) {
      return raw.substring(0, raw.length() - 2);
    }
    return raw;
  }

  /** «C7» → 3. */
  static int columnOf(String reference) {
    int column = 0;
    for (char c : reference.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        column = column * 26 + (c - 'A' + 1);
      } else {
        break;
      }
    }
    return column;
  }
}
