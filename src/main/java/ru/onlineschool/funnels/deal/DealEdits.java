package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * Changes made by hand in the deal card (issue 16): the client's name, phone, e-mail and preferred
 * channel, the deal's course and budget, and the manual tags. Stage and responsible are not here:
 * they move only through the model's tasks and a reassignment. Each change is one transaction
 * that locks the deal and its contact, checks the employee's right ({@link DealAccess}) and the
 * version the card was read at, writes the rows, a history line per changed field with the old and
 * the new value (kind CHANGE, with the employee), the words «Найти клиента» finds the client by,
 * and the process variables that mirror the fields in the running processes, so Tasklist's
 * columns and forms show the new values. Anything refused writes nothing.
 */
@Component
public class DealEdits {

  /** What to change; a null component stays as it is, an empty Optional is cleared. Values already normalised. */
  public record Changes(
      String name,
      Optional<String> phone,
      Optional<String> email,
      Optional<String> channel,
      Optional<String> course,
      BigDecimal budget,
      Optional<ZoneId> timeZone,
      Optional<LocalTime> convenientFrom,
      Optional<LocalTime> convenientTo) {

    /** The card's fields before the client's time was added to them. */
    public Changes(
        String name, Optional<String> phone, Optional<String> email, Optional<String> channel, Optional<String> course, BigDecimal budget) {
      this(name, phone, email, channel, course, budget, null, null, null);
    }
  }

  /** The stage in which the budget is the invoice payments are checked against (as in {@link TaskResultRecorder}). */
  static final String INVOICED = TaskResultRecorder.INVOICED;

  private record Current(
      String funnel, String responsible, long contactId, String course, BigDecimal budget, String outcome, String stageCode,
      String processInstanceId, String name, String phone, String email, String messenger, ZoneId timeZone, LocalTime convenientFrom,
      LocalTime convenientTo) {}

  private final JdbcTemplate jdbc;
  private final DealStore deals;
  private final ContactSearch search;
  private final ManualTags manualTags;
  private final DealAccess access;
  private final DealPayments payments;
  private final RuntimeService runtime;
  private final SystemAccess system;

  public DealEdits(
      JdbcTemplate jdbc,
      DealStore deals,
      ContactSearch search,
      ManualTags manualTags,
      DealAccess access,
      DealPayments payments,
      RuntimeService runtime,
      SystemAccess system) {
    this.jdbc = jdbc;
    this.deals = deals;
    this.search = search;
    this.manualTags = manualTags;
    this.access = access;
    this.payments = payments;
    this.runtime = runtime;
    this.system = system;
  }

  /** What the signed-in employee may change in the deal's card (empty when the deal does not exist). */
  public Optional<DealCard.Editing> editing(long dealId) {
    Optional<Current> found = read(dealId, false);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Current deal = found.get();
    Optional<String> refusal = access.whyNotEdit(dealId, deal.funnel(), deal.responsible());
    List<DealCard.ManualTagOption> options =
        manualTags.all().stream().map(t -> new DealCard.ManualTagOption(t.tag(), t.title())).toList();
    List<String> removable = new ArrayList<>();
    if (refusal.isEmpty()) {
      Set<String> manual = new LinkedHashSet<>();
      manualTags.all().forEach(t -> manual.add(t.tag()));
      jdbc.queryForList("SELECT tag FROM deal_tag WHERE deal_id = ? AND automatic = FALSE ORDER BY created_at, tag", String.class, dealId)
          .stream()
          .filter(manual::contains)
          .forEach(removable::add);
    }
    boolean open = deal.outcome() == null;
    return Optional.of(
        new DealCard.Editing(
            refusal.isEmpty(),
            refusal.orElse(null),
            version(deal),
            refusal.isEmpty() ? options : List.of(),
            removable,
            refusal.isEmpty() && open,
            refusal.isEmpty() && open && budgetLock(dealId, deal) == null,
            TimeZoneCatalog.russia().all().stream().map(z -> new DealCard.TimeZoneOption(z.id().getId(), z.title())).toList()));
  }

  /** Applies the changes; {@code expectedVersion} (may be null) is the card's version, a stale one is refused with 409. */
  @Transactional
  public void change(long dealId, Changes changes, String expectedVersion, String userId) {
    Current deal = lockedForChange(dealId);
    if (expectedVersion != null && !expectedVersion.equals(version(deal))) {
      throw ApiException.conflict(
          "Данные сделки №" + dealId + " уже изменил кто-то другой, пока карточка была открыта: обновите карточку и внесите изменения снова.");
    }
    List<String> contactLines = new ArrayList<>();
    List<String> dealLines = new ArrayList<>();
    Map<String, Object> contactVariables = new LinkedHashMap<>();
    Map<String, Object> dealVariables = new LinkedHashMap<>();

    String name = changes.name() == null ? deal.name() : changes.name();
    String phone = changes.phone() == null ? deal.phone() : changes.phone().orElse(null);
    String email = changes.email() == null ? deal.email() : changes.email().orElse(null);
    String messenger = changes.channel() == null ? deal.messenger() : changes.channel().orElse(null);
    String course = changes.course() == null ? deal.course() : changes.course().orElse(null);
    BigDecimal budget = changes.budget() == null ? deal.budget() : changes.budget();
    ZoneId timeZone = changes.timeZone() == null ? deal.timeZone() : changes.timeZone().orElse(null);
    LocalTime convenientFrom = changes.convenientFrom() == null ? deal.convenientFrom() : changes.convenientFrom().orElse(null);
    LocalTime convenientTo = changes.convenientTo() == null ? deal.convenientTo() : changes.convenientTo().orElse(null);
    if (convenientFrom != null && convenientTo != null && !convenientFrom.isBefore(convenientTo)) {
      throw ApiException.invalid(
          List.of(
              new FieldProblem(
                  changes.convenientTo() == null ? "convenientFrom" : "convenientTo",
                  "Удобное время «до» (" + convenientTo + ") должно быть позже, чем «с» (" + convenientFrom + ")")));
    }

    if (phone == null && email == null) {
      throw ApiException.invalid(
          List.of(new FieldProblem(deal.phone() != null ? "phone" : "email", "У клиента должен остаться телефон или e-mail")));
    }
    if (!Objects.equals(name, deal.name())) {
      contactLines.add("Имя клиента: «" + deal.name() + "» → «" + name + "»");
      contactVariables.put(ProcessVariables.CLIENT_NAME, name);
    }
    if (!Objects.equals(phone, deal.phone())) {
      refuseTaken("phone", phone, deal.contactId(), "Телефон " + phone);
      contactLines.add("Телефон клиента: " + orNone(deal.phone()) + " → " + orNone(phone));
      contactVariables.put(ProcessVariables.CLIENT_PHONE, phone);
    }
    if (!Objects.equals(email, deal.email())) {
      refuseTaken("email", email, deal.contactId(), "E-mail " + email);
      contactLines.add("E-mail клиента: " + orNone(deal.email()) + " → " + orNone(email));
      contactVariables.put(ProcessVariables.CLIENT_EMAIL, email);
    }
    if (!Objects.equals(messenger, deal.messenger())) {
      contactLines.add(
          "Предпочтительный канал связи: " + orNone(DealCardQuery.channelTitle(deal.messenger())) + " → " + orNone(DealCardQuery.channelTitle(messenger)));
    }
    if (!Objects.equals(timeZone, deal.timeZone())) {
      contactLines.add("Часовой пояс клиента: " + zoneText(deal.timeZone()) + " → " + zoneText(timeZone));
    }
    if (!Objects.equals(convenientFrom, deal.convenientFrom()) || !Objects.equals(convenientTo, deal.convenientTo())) {
      contactLines.add(
          "Удобное время звонка: " + windowOrNone(deal.convenientFrom(), deal.convenientTo()) + " → " + windowOrNone(convenientFrom, convenientTo));
    }
    boolean courseChanged = !Objects.equals(course, deal.course());
    boolean budgetChanged = !sameAmount(budget, deal.budget());
    if ((courseChanged || budgetChanged) && deal.outcome() != null) {
      throw ApiException.conflict("Сделка №" + dealId + " закрыта: курс и бюджет закрытой сделки не меняются.");
    }
    if (courseChanged) {
      dealLines.add("Курс: " + quotedOrNone(deal.course()) + " → " + quotedOrNone(course));
      dealVariables.put(ProcessVariables.COURSE, course);
    }
    if (budgetChanged) {
      String lock = budgetLock(dealId, deal);
      if (lock != null) {
        throw ApiException.conflict(lock);
      }
      dealLines.add("Бюджет: " + (deal.budget() == null ? "не указан" : Rubles.format(deal.budget())) + " → " + Rubles.format(budget));
      dealVariables.put(ProcessVariables.BUDGET, budget.doubleValue());
    }
    if (contactLines.isEmpty() && dealLines.isEmpty()) {
      return;
    }

    if (!contactLines.isEmpty()) {
      try {
        jdbc.update(
            "UPDATE contact SET name = ?, phone = ?, email = ?, messenger = ?, time_zone = ?, convenient_from = ?, convenient_to = ? WHERE id = ?",
            name,
            phone,
            email,
            messenger,
            timeZone == null ? null : timeZone.getId(),
            convenientFrom == null ? null : convenientFrom.toString(),
            convenientTo == null ? null : convenientTo.toString(),
            deal.contactId());
      } catch (DuplicateKeyException taken) {
        // Another client got the phone or e-mail between the check and the update.
        throw ApiException.conflict("Этот телефон или e-mail только что записан у другого клиента: найдите его через «Найти клиента».");
      }
      if (!Objects.equals(name, deal.name())) {
        search.indexName(deal.contactId(), name);
      }
    }
    if (!dealLines.isEmpty()) {
      jdbc.update("UPDATE deal SET course = ?, budget = ? WHERE id = ?", course, budget, dealId);
    }

    Instant now = ClockUtil.getCurrentTime().toInstant();
    for (String line : contactLines) {
      deals.appendTimeline(dealId, now, TimelineKind.CHANGE, deal.stageCode(), line, userId);
    }
    for (String line : dealLines) {
      deals.appendTimeline(dealId, now, TimelineKind.CHANGE, deal.stageCode(), line, userId);
    }
    // The client is the same in her other open deals: their history says so too.
    if (!contactLines.isEmpty()) {
      List<Long> others =
          jdbc.queryForList(
              "SELECT id FROM deal WHERE contact_id = ? AND id <> ? AND closed_at IS NULL ORDER BY id", Long.class, deal.contactId(), dealId);
      for (long other : others) {
        for (String line : contactLines) {
          deals.appendTimeline(other, now, TimelineKind.CHANGE, null, line + " (изменено в карточке сделки №" + dealId + ")", userId);
        }
      }
    }

    if (!contactVariables.isEmpty()) {
      runningInstancesOfContact(deal.contactId()).forEach(instance -> setVariables(instance, contactVariables));
    }
    if (!dealVariables.isEmpty() && deal.processInstanceId() != null && isRunning(deal.processInstanceId())) {
      setVariables(deal.processInstanceId(), dealVariables);
    }
  }

  /** Sets a manual tag of the table on the deal; a tag the deal already has is left as it is. */
  @Transactional
  public void addTag(long dealId, String tag, String userId) {
    Current deal = lockedForChange(dealId);
    ManualTags.ManualTag manual = manualTag(tag);
    boolean has = deals.tags(dealId).contains(manual.tag());
    if (has) {
      return;
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    deals.addTag(dealId, manual.tag(), false, now);
    deals.appendTimeline(dealId, now, TimelineKind.CHANGE, deal.stageCode(), "Тег «" + manual.tag() + "» поставлен" + titleOf(manual), userId);
    mirrorCheckbox(deal, manual, true);
  }

  /** Removes a manual tag; a tag set by the process (automatic) is refused, one the deal lacks changes nothing. */
  @Transactional
  public void removeTag(long dealId, String tag, String userId) {
    Current deal = lockedForChange(dealId);
    List<Boolean> automatic =
        jdbc.queryForList("SELECT automatic FROM deal_tag WHERE deal_id = ? AND tag = ?", Boolean.class, dealId, tag);
    if (automatic.isEmpty()) {
      return;
    }
    if (Boolean.TRUE.equals(automatic.get(0))) {
      throw ApiException.conflict("Тег «" + tag + "» ставит и снимает процесс сам: вручную его не снять.");
    }
    ManualTags.ManualTag manual = manualTag(tag);
    deals.removeTag(dealId, manual.tag());
    Instant now = ClockUtil.getCurrentTime().toInstant();
    deals.appendTimeline(dealId, now, TimelineKind.CHANGE, deal.stageCode(), "Тег «" + manual.tag() + "» снят" + titleOf(manual), userId);
    mirrorCheckbox(deal, manual, false);
  }

  private ManualTags.ManualTag manualTag(String tag) {
    return manualTags
        .find(tag == null ? "" : tag.strip())
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "Некорректный запрос",
                    "«" + tag + "» — не ручной тег. Вручную ставят и снимают только теги из таблицы «Ручные теги из форм»: "
                        + String.join(", ", manualTags.all().stream().map(ManualTags.ManualTag::tag).toList()) + "."));
  }

  private static String titleOf(ManualTags.ManualTag tag) {
    return tag.title().equals(tag.tag()) ? "" : " (" + tag.title() + ")";
  }

  /**
   * A tag with a checkbox in the forms: the checkbox, a process variable, follows the tag, so the
   * next form shows it ticked or not and its completion does not undo the card's change.
   */
  private void mirrorCheckbox(Current deal, ManualTags.ManualTag tag, boolean set) {
    if (tag.checkbox() != null && deal.processInstanceId() != null && isRunning(deal.processInstanceId())) {
      setVariables(deal.processInstanceId(), Map.of(tag.checkbox(), set));
    }
  }

  /** The deal and its contact locked for this transaction, after the employee's right is checked. */
  private Current lockedForChange(long dealId) {
    Current deal = read(dealId, true).orElseThrow(() -> ApiException.notFound("Сделка " + dealId + " не найдена."));
    access.whyNotEdit(dealId, deal.funnel(), deal.responsible()).ifPresent(why -> {
      throw ApiException.forbidden(why);
    });
    return deal;
  }

  private Optional<Current> read(long dealId, boolean lock) {
    String forUpdate = lock ? " FOR UPDATE" : "";
    List<Object[]> rows =
        jdbc.query(
            "SELECT funnel, responsible, contact_id, course, budget, outcome, stage_code, process_instance_id FROM deal WHERE id = ?" + forUpdate,
            (rs, row) ->
                new Object[] {
                  rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8)
                },
            dealId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] d = rows.get(0);
    long contactId = (Long) d[2];
    String[] c =
        jdbc.queryForObject(
            "SELECT name, phone, email, messenger, time_zone, convenient_from, convenient_to FROM contact WHERE id = ?" + forUpdate,
            (rs, row) ->
                new String[] {
                  rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)
                },
            contactId);
    ClientTime time = ClientClock.clientTime(c[4], c[5], c[6]);
    return Optional.of(
        new Current(
            (String) d[0], (String) d[1], contactId, (String) d[3], (BigDecimal) d[4], (String) d[5], (String) d[6], (String) d[7], c[0], c[1],
            c[2], c[3], time.zone(), time.from(), time.to()));
  }

  /**
   * Why the budget may not change now, or null: payments are checked against it, so once the
   * invoice is out (stage «Счёт выставлен») or something is paid it stays (as in the tasks' forms).
   */
  private String budgetLock(long dealId, Current deal) {
    if (INVOICED.equals(deal.stageCode())) {
      return "Счёт уже выставлен: бюджет сделки не меняется, пока она ждёт оплату.";
    }
    if (payments.balance(dealId).paid().signum() > 0) {
      return "По сделке уже есть оплата: бюджет, с которым её сверяют, не меняется.";
    }
    return null;
  }

  private void refuseTaken(String column, String value, long contactId, String what) {
    if (value == null) {
      return;
    }
    List<Long> other = jdbc.queryForList("SELECT id FROM contact WHERE " + column + " = ? AND id <> ?", Long.class, value, contactId);
    if (!other.isEmpty()) {
      throw ApiException.conflict(
          what + " уже записан у другого клиента: это, вероятно, один человек — найдите его через «Найти клиента»; двух клиентов с одним "
              + ("phone".equals(column) ? "телефоном" : "e-mail") + " не бывает.");
    }
  }

  /** The running processes that carry the client's data: her open deals' and those that name her (a reanimation waiting). */
  private Set<String> runningInstancesOfContact(long contactId) {
    Set<String> ids =
        new LinkedHashSet<>(
            jdbc.queryForList(
                "SELECT process_instance_id FROM deal WHERE contact_id = ? AND process_instance_id IS NOT NULL AND closed_at IS NULL",
                String.class,
                contactId));
    system.asSystem(
        () ->
            runtime.createProcessInstanceQuery().variableValueEquals(ProcessVariables.CONTACT_ID, contactId).list().stream()
                .map(ProcessInstance::getId)
                .forEach(ids::add));
    if (ids.isEmpty()) {
      return ids;
    }
    Set<String> running = new LinkedHashSet<>();
    system.asSystem(
        () ->
            runtime.createProcessInstanceQuery().processInstanceIds(ids).list().stream().map(ProcessInstance::getId).forEach(running::add));
    return running;
  }

  private boolean isRunning(String processInstanceId) {
    return system.asSystem(() -> runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0);
  }

  private void setVariables(String processInstanceId, Map<String, Object> variables) {
    system.asSystem(() -> runtime.setVariables(processInstanceId, variables));
  }

  /** A short hash of the fields the card edits: it changes whenever one of them does. */
  private static String version(Current deal) {
    String state =
        String.join(
            "\u0000",
            String.valueOf(deal.name()),
            String.valueOf(deal.phone()),
            String.valueOf(deal.email()),
            String.valueOf(deal.messenger()),
            String.valueOf(deal.course()),
            deal.budget() == null ? "null" : deal.budget().stripTrailingZeros().toPlainString(),
            String.valueOf(deal.timeZone()),
            String.valueOf(deal.convenientFrom()),
            String.valueOf(deal.convenientTo()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean sameAmount(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  /** «Екатеринбург (UTC+5)», or «пояс школы» for a client without his own. */
  private static String zoneText(ZoneId zone) {
    return zone == null ? "пояс школы" : TimeZoneCatalog.russia().of(zone).map(TimeZoneCatalog.Zone::title).orElse(zone.getId());
  }

  private static String windowOrNone(LocalTime from, LocalTime to) {
    String text = ClientClock.windowText(from, to);
    return text == null ? "не указано" : text;
  }

  private static String orNone(String value) {
    return value == null ? "не указан" : value;
  }

  private static String quotedOrNone(String value) {
    return value == null ? "не указан" : "«" + value + "»";
  }
}
