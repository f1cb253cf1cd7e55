package ru.onlineschool.funnels.migration;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import ru.onlineschool.funnels.lead.PhoneNumbers;

/**
 * Reads the rows of one export by the mapping's header names and checks them: a row is either a
 * deal the import can write or a refusal with a Russian reason. Dates without an offset are the
 * school's time, as amoCRM writes them in the account's zone.
 */
final class AmoRows {

  /** A checked row: the deal, or the reason it is refused. */
  record Parsed(AmoDeal deal, String refusal) {
    static Parsed refused(String reason) {
      return new Parsed(null, reason);
    }
  }

  private static final List<DateTimeFormatter> DATE_TIMES =
      List.of(
          DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss"),
          DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final int MAX_NAME = 200;

  private final AmoMapping mapping;
  private final Map<String, Integer> columns;
  private final ZoneId zone;
  private final Function<String, Optional<String>> users;
  private final OpenStages openStages;

  /** Which open stage codes of a funnel the import can start a process at. */
  interface OpenStages {
    boolean canStart(String funnel, String stageCode);

    boolean isClosing(String stageCode);
  }

  AmoRows(AmoTable table, AmoMapping mapping, ZoneId zone, Function<String, Optional<String>> users, OpenStages openStages) {
    this.mapping = mapping;
    this.columns = table.columns();
    this.zone = zone;
    this.users = users;
    this.openStages = openStages;
  }

  /** The file has amoCRM's id column at all. */
  boolean hasIdColumn() {
    return column("id") >= 0;
  }

  /**
   * A companies export: not of deals, with the company's name column and without a contact's
   * name (a contacts export may name the contact's company, but under «Компания»).
   */
  boolean isCompanyExport() {
    return !isDealExport() && column("companyName") >= 0 && column("contactName") < 0;
  }

  /** A company row, or null and the reason (the row's own checks; ИНН's rules are the company's). */
  AmoCompany companyOf(AmoTable.Row row, List<String> refusal) {
    String id = cell(row, "id");
    if (id == null || !id.matches("\\d{1,18}")) {
      refusal.add(id == null ? "нет ID компании amoCRM" : "ID компании «" + id + "» — не число");
      return null;
    }
    String name = cell(row, "companyName");
    if (name == null) {
      refusal.add("нет названия компании");
      return null;
    }
    boolean contactData = !allColumns("phones").stream().allMatch(i -> row.cell(i) == null)
        || !allColumns("emails").stream().allMatch(i -> row.cell(i) == null)
        || !allColumns("companyContacts").stream().allMatch(i -> row.cell(i) == null);
    String inn = cell(row, "inn");
    String kpp = cell(row, "kpp");
    return new AmoCompany(row.line(), id, shorten(name, 300), inn == null ? null : inn.replaceAll("\\s", ""), kpp == null ? null : kpp.replaceAll("\\s", ""), contactData);
  }

  /** A deal export has the pipeline and the stage; otherwise the file is of contacts. */
  boolean isDealExport() {
    return column("pipeline") >= 0 && column("stage") >= 0;
  }

  private int column(String field) {
    for (String name : mapping.headerNames(field)) {
      Integer index = columns.get(AmoTable.normalise(name));
      if (index != null) {
        return index;
      }
    }
    return -1;
  }

  private List<Integer> allColumns(String field) {
    List<Integer> found = new ArrayList<>();
    for (String name : mapping.headerNames(field)) {
      Integer index = columns.get(AmoTable.normalise(name));
      if (index != null && !found.contains(index)) {
        found.add(index);
      }
    }
    return found;
  }

  /** amoCRM's id of the row as written, for the report of a refused row. */
  String idOf(AmoTable.Row row) {
    return cell(row, "id");
  }

  private String cell(AmoTable.Row row, String field) {
    return row.cell(column(field));
  }

  Parsed parse(AmoTable.Row row) {
    String id = cell(row, "id");
    if (id == null) {
      return Parsed.refused("нет ID сделки amoCRM");
    }
    if (!id.matches("\\d{1,18}")) {
      return Parsed.refused("ID сделки «" + id + "» — не число");
    }
    String pipelineName = cell(row, "pipeline");
    String stageName = cell(row, "stage");
    if (pipelineName == null || stageName == null) {
      return Parsed.refused("не указаны воронка или этап сделки");
    }
    Optional<AmoMapping.Pipeline> pipeline = mapping.pipeline(pipelineName);
    if (pipeline.isEmpty()) {
      return Parsed.refused("воронка «" + pipelineName + "» не сопоставлена ни с одной воронкой школы (раздел pipelines файла сопоставления)");
    }
    String stageCode = pipeline.get().stage(stageName).orElse(null);
    if (stageCode == null) {
      return Parsed.refused("этап «" + stageName + "» воронки «" + pipelineName + "» не сопоставлен с этапом школы");
    }
    String funnel = pipeline.get().funnel();
    if (!openStages.isClosing(stageCode) && !openStages.canStart(funnel, stageCode)) {
      return Parsed.refused(
          "открытые сделки воронки «" + pipelineName + "» на этапе «" + stageName + "» импорт пока не переносит: закройте или перенесите их в amoCRM");
    }
    String responsibleName = cell(row, "responsible");
    String responsible = null;
    if (responsibleName != null) {
      Optional<String> user = users.apply(responsibleName);
      if (user.isEmpty()) {
        return Parsed.refused("ответственный «" + responsibleName + "» не сопоставлен с пользователем школы (раздел users файла сопоставления)");
      }
      responsible = user.get();
    }
    BigDecimal budget;
    try {
      budget = money(cell(row, "budget"));
    } catch (NumberFormatException e) {
      return Parsed.refused("бюджет «" + cell(row, "budget") + "» — не сумма в рублях");
    }
    if ("INVOICE_SENT".equals(stageCode) && budget == null) {
      return Parsed.refused("сделка на этапе «" + stageName + "» без бюджета: оплату не с чем сверить");
    }
    Instant createdAt;
    Instant closedAt;
    Instant courseStart;
    Instant courseEnd;
    Instant webinarStartsAt;
    try {
      createdAt = instant(cell(row, "createdAt"));
      closedAt = instant(cell(row, "closedAt"));
      courseStart = instant(cell(row, "courseStart"));
      courseEnd = instant(cell(row, "courseEnd"));
      webinarStartsAt = instant(cell(row, "webinarStart"));
    } catch (DateTimeParseException | NumberFormatException e) {
      return Parsed.refused("дата «" + e.getMessage() + "» не распознана (ожидается ДД.ММ.ГГГГ ЧЧ:ММ:СС)");
    }
    if (courseStart != null && courseEnd != null && courseEnd.isBefore(courseStart)) {
      return Parsed.refused("дата окончания обучения «" + cell(row, "courseEnd") + "» раньше даты начала «" + cell(row, "courseStart") + "»");
    }
    String phone = null;
    String badPhone = null;
    for (int index : allColumns("phones")) {
      for (String raw : split(row.cell(index))) {
        Optional<String> e164 = PhoneNumbers.toE164(raw);
        if (e164.isPresent() && phone == null) {
          phone = e164.get();
        } else if (e164.isEmpty() && badPhone == null) {
          badPhone = raw;
        }
      }
    }
    String email = null;
    String badEmail = null;
    for (int index : allColumns("emails")) {
      for (String raw : split(row.cell(index))) {
        if (EMAIL.matcher(raw).matches() && email == null) {
          email = raw.toLowerCase(Locale.ROOT);
        } else if (!EMAIL.matcher(raw).matches() && badEmail == null) {
          badEmail = raw;
        }
      }
    }
    if (phone == null && email == null) {
      if (badPhone != null) {
        return Parsed.refused("телефон «" + badPhone + "» не распознан, а e-mail нет");
      }
      if (badEmail != null) {
        return Parsed.refused("e-mail «" + badEmail + "» не распознан, а телефона нет");
      }
      return Parsed.refused("у контакта нет ни телефона, ни e-mail: его не найти и не сопоставить");
    }
    String dealName = cell(row, "name");
    String contactName = cell(row, "contactName");
    String name = shorten(contactName != null ? contactName : dealName != null ? dealName : "Клиент из amoCRM", MAX_NAME);
    String contactId = cell(row, "contactId");
    AmoContact contact = new AmoContact(contactId, name, phone, email);
    List<String> tags = new ArrayList<>();
    for (String tag : split(cell(row, "tags"))) {
      tags.add(shorten(tag, 60));
    }
    List<String> notes = new ArrayList<>();
    for (int index : allColumns("notes")) {
      String note = row.cell(index);
      if (note != null) {
        notes.add(note);
      }
    }
    String lossReason = cell(row, "lossReason");
    return new Parsed(
        new AmoDeal(
            row.line(),
            id,
            dealName,
            funnel,
            stageCode,
            stageName,
            responsible,
            budget,
            createdAt,
            closedAt,
            lossReason == null ? null : shorten(lossReason, 100),
            shorten(cell(row, "course"), 200),
            List.copyOf(new LinkedHashSet<>(tags)),
            notes,
            contact,
            cell(row, "company"),
            courseStart == null ? null : LocalDate.ofInstant(courseStart, zone),
            courseEnd == null ? null : LocalDate.ofInstant(courseEnd, zone),
            shorten(cell(row, "group"), 100),
            shorten(cell(row, "teacher"), 200),
            webinarStartsAt,
            cell(row, "companyId")),
        null);
  }

  /** A contact row of a contact export: the contact, or null and the reason. */
  AmoContact contactOf(AmoTable.Row row, List<String> refusal) {
    Parsed parsed = parseContactOnly(row);
    if (parsed.refusal() != null) {
      refusal.add(parsed.refusal());
      return null;
    }
    return parsed.deal().contact();
  }

  private Parsed parseContactOnly(AmoTable.Row row) {
    String id = cell(row, "id");
    if (id == null || !id.matches("\\d{1,18}")) {
      return Parsed.refused(id == null ? "нет ID контакта amoCRM" : "ID контакта «" + id + "» — не число");
    }
    String phone = null;
    for (int index : allColumns("phones")) {
      for (String raw : split(row.cell(index))) {
        if (phone == null) {
          phone = PhoneNumbers.toE164(raw).orElse(null);
        }
      }
    }
    String email = null;
    for (int index : allColumns("emails")) {
      for (String raw : split(row.cell(index))) {
        if (email == null && EMAIL.matcher(raw).matches()) {
          email = raw.toLowerCase(Locale.ROOT);
        }
      }
    }
    if (phone == null && email == null) {
      return Parsed.refused("у контакта нет ни распознаваемого телефона, ни e-mail");
    }
    String name = cell(row, "contactName") != null ? cell(row, "contactName") : cell(row, "name");
    AmoContact contact = new AmoContact(id, shorten(name == null ? "Клиент из amoCRM" : name, MAX_NAME), phone, email);
    return new Parsed(
        new AmoDeal(row.line(), id, null, null, null, null, null, null, null, null, null, null, List.of(), List.of(), contact, null, null, null, null, null, null, null), null);
  }

  /** Cells with several values (phones, tags) are separated by commas or semicolons. */
  static List<String> split(String cell) {
    if (cell == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (String part : cell.split("[,;]")) {
      if (!part.isBlank()) {
        values.add(part.strip());
      }
    }
    return values;
  }

  static BigDecimal money(String text) {
    if (text == null) {
      return null;
    }
    String digits = text.replace("₽", "").replace("руб.", "").replace("руб", "").replaceAll("[\\s\\u00a0]", "").replace(',', '.');
    if (digits.isEmpty()) {
      return null;
    }
    BigDecimal value = new BigDecimal(digits);
    if (value.signum() < 0 || value.precision() - value.scale() > 10) {
      throw new NumberFormatException(text);
    }
    return value.setScale(2, java.math.RoundingMode.HALF_UP);
  }

  Instant instant(String text) {
    if (text == null) {
      return null;
    }
    if (text.matches("\\d{5}(\\.\\d+)?")) {
      // An XLSX date cell: days since 1899-12-30, the fraction is the time of day.
      double serial = Double.parseDouble(text);
      long seconds = Math.round((serial - Math.floor(serial)) * 86_400);
      return LocalDate.of(1899, 12, 30).plusDays((long) Math.floor(serial)).atStartOfDay(zone).plusSeconds(seconds).toInstant();
    }
    for (DateTimeFormatter format : DATE_TIMES) {
      try {
        return LocalDateTime.parse(text, format).atZone(zone).toInstant();
      } catch (DateTimeParseException next) {
        // Try the next form.
      }
    }
    try {
      return LocalDate.parse(text, DATE).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException next) {
      // Last: with an offset.
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new DateTimeParseException(text, text, 0);
    }
  }

  private static String shorten(String text, int max) {
    if (text == null) {
      return null;
    }
    return text.length() > max ? text.substring(0, max - 1) + "…" : text;
  }
}
