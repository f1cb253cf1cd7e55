package ru.onlineschool.funnels.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import ru.onlineschool.funnels.calendar.WorkingTime;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.FunnelCatalog;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.StageTags;
import ru.onlineschool.funnels.deal.client.CompanyDirectory;
import ru.onlineschool.funnels.delivery.CourseDelivery;
import ru.onlineschool.funnels.delivery.CourseDeliveryProperties;
import ru.onlineschool.funnels.webinar.Webinar;
import ru.onlineschool.funnels.webinar.WebinarCatalog;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.SystemAccess;
import ru.onlineschool.funnels.lead.LeadType;

/**
 * Moves a school in from amoCRM: reads an export ({@link AmoFileReader}), checks every row
 * ({@link AmoRows}), plans what each becomes — created, skipped (imported before: amoCRM's id is
 * in {@code amo_import_key}) or refused with its line and a Russian reason — and, unless it is a
 * dry run, writes the plan.
 *
 * <p>Each deal is written with its contact, tags («импорт_» among them), notes, import key and
 * started process in one transaction: a deal that fails leaves nothing. Deals go in batches of
 * {@link #BATCH} per transaction for speed; a batch that fails is redone deal by deal, so only the
 * failing deal is refused. An open deal starts its funnel's process before the activity of its
 * stage ({@link AmoStarts}); the timers the start creates are moved by an offset that spreads the
 * import's deals evenly over {@code school.import.timer-spread}, so the engine is not flooded when
 * they fall due. A closed deal is a closed deal row with its outcome, reason and a stage line.
 *
 * <p>A companies export brings companies with a valid ИНН into the school's company table (found
 * again by ИНН and КПП, {@link CompanyDirectory}); a deal export then links each deal to the company
 * of its «ID компании» as the deal's payer.
 */
@Service
public class AmoImporter {

  public static final String IMPORT_TAG = "импорт_";
  private static final java.time.format.DateTimeFormatter MOMENT = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
  static final int BATCH = 50;
  private static final Logger LOG = LoggerFactory.getLogger(AmoImporter.class);

  private final AmoImportTables tables;
  private final DealStore deals;
  private final ContactDirectory contacts;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final IdentityService identity;
  private final SystemAccess system;
  private final TransactionTemplate transactions;
  private final WorkingTime workingTime;
  private final Duration spread;
  private final Duration reanimateWithin;
  private final AmoProgress progress;
  private final ru.onlineschool.funnels.engine.ModelStages stages;
  private final StageTags stageTags;
  private final WebinarCatalog webinars;
  private final CourseDeliveryProperties delivery;
  private final CompanyDirectory companies;
  private final FunnelCatalog funnels;

  public AmoImporter(
      AmoImportTables tables,
      DealStore deals,
      ContactDirectory contacts,
      RuntimeService runtime,
      ManagementService management,
      IdentityService identity,
      SystemAccess system,
      PlatformTransactionManager transactionManager,
      WorkingTime workingTime,
      AmoProgress progress,
      ru.onlineschool.funnels.engine.ModelStages stages,
      StageTags stageTags,
      WebinarCatalog webinars,
      CourseDeliveryProperties delivery,
      CompanyDirectory companies,
      FunnelCatalog funnels,
      @Value("${school.import.timer-spread:PT4H}") Duration spread,
      @Value("${school.import.reanimate-lost-within:P90D}") Duration reanimateWithin) {
    this.tables = tables;
    this.deals = deals;
    this.contacts = contacts;
    this.runtime = runtime;
    this.management = management;
    this.identity = identity;
    this.system = system;
    this.transactions = new TransactionTemplate(transactionManager);
    this.workingTime = workingTime;
    this.spread = spread;
    this.reanimateWithin = reanimateWithin;
    this.progress = progress;
    this.stages = stages;
    this.stageTags = stageTags;
    this.webinars = webinars;
    this.delivery = delivery;
    this.companies = companies;
    this.funnels = funnels;
  }

  /** A planned row: the item of the report, and the deal or contact to write when it is created. */
  private record Planned(AmoReport.Item item, AmoDeal deal, Long existingContact, AmoCompany company, boolean newContact) {
    Planned(AmoReport.Item item, AmoDeal deal, Long existingContact) {
      this(item, deal, existingContact, null, false);
    }
  }

  /**
   * Reads, checks, plans and — unless {@code dryRun} — writes one export, with the mapping given
   * (the command line's file), else the one the administrator saved, else the defaults.
   */
  public AmoReport run(byte[] file, byte[] mappingJson, boolean dryRun) {
    long started = System.nanoTime();
    AmoMapping mapping = AmoMapping.withOverrides(mappingJson != null ? mappingJson : tables.mapping().orElse(null));
    check(mapping);
    AmoTable table = AmoFileReader.read(file);
    AmoRows rows =
        new AmoRows(table, mapping, workingTime.zone(), usersResolver(mapping), new AmoRows.OpenStages() {
          @Override
          public boolean canStart(String funnel, String stageCode) {
            return AmoStarts.of(funnel, stageCode).isPresent();
          }

          @Override
          public boolean isClosing(String stageCode) {
            return AmoStarts.isClosing(stageCode);
          }
        });
    boolean dealsFile = rows.isDealExport();
    boolean companiesFile = rows.isCompanyExport();
    if (!rows.hasIdColumn()) {
      throw new AmoImportException(
          "Это не выгрузка amoCRM: нет колонки «ID». В выгрузке сделок нужны ещё «Воронка» и «Этап сделки»; другие названия колонок задаёт раздел headers сопоставления.");
    }
    List<Planned> plan = dealsFile ? planDeals(table, rows) : companiesFile ? planCompanies(table, rows) : planContacts(table, rows);
    int contactsCreated = 0;
    int contactsMatched = 0;
    for (Planned p : plan) {
      if (p.item().action() == AmoReport.Action.CREATE && p.deal() != null) {
        if (p.newContact()) {
          contactsCreated++;
        } else if (p.existingContact() != null) {
          contactsMatched++;
        }
      }
    }
    List<AmoReport.Item> items = new ArrayList<>(plan.stream().map(Planned::item).toList());
    if (!dryRun) {
      items = write(plan, dealsFile);
    }
    int created = (int) items.stream().filter(i -> i.action() == AmoReport.Action.CREATE).count();
    int skipped = (int) items.stream().filter(i -> i.action() == AmoReport.Action.SKIP).count();
    int refused = (int) items.stream().filter(i -> i.action() == AmoReport.Action.REFUSE).count();
    AmoReport report =
        new AmoReport(
            dryRun, table.format(), table.rows().size(), created, skipped, refused, contactsCreated, contactsMatched,
            Duration.ofNanos(System.nanoTime() - started).toMillis(), List.copyOf(items));
    LOG.info("Импорт из amoCRM: {}", report.summary());
    return report;
  }

  // Planning: nothing is written.

  private List<Planned> planDeals(AmoTable table, AmoRows rows) {
    List<Planned> plan = new ArrayList<>();
    Map<String, Integer> seenIds = new HashMap<>();
    ContactPlan people = new ContactPlan();
    for (AmoTable.Row row : table.rows()) {
      AmoRows.Parsed parsed = rows.parse(row);
      String rawId = rows.idOf(row);
      if (parsed.refusal() != null) {
        plan.add(new Planned(new AmoReport.Item(row.line(), rawId, AmoReport.Action.REFUSE, null, parsed.refusal()), null, null));
        continue;
      }
      AmoDeal deal = parsed.deal();
      Integer earlier = seenIds.putIfAbsent(deal.amoId(), row.line());
      if (earlier != null) {
        plan.add(refuse(deal, "сделка с этим ID уже есть в строке " + earlier));
        continue;
      }
      Optional<Long> imported = importKey("DEAL", deal.amoId());
      String result = resultOf(deal);
      if (imported.isPresent()) {
        plan.add(new Planned(new AmoReport.Item(deal.line(), deal.amoId(), AmoReport.Action.SKIP, result, "уже импортирована: сделка №" + imported.get()), null, null));
        continue;
      }
      if (AmoStarts.needsWebinar(deal) && webinars.forImport(deal.webinarStartsAt(), ClockUtil.getCurrentTime().toInstant()).isEmpty()) {
        plan.add(refuse(deal, deal.webinarStartsAt() == null
            ? "в каталоге школы нет предстоящего вебинара, к которому отнести регистрацию: дождитесь, когда платформа сообщит о следующем вебинаре, или укажите колонку «Дата и время начала вебинара»"
            : "вебинара, который начинается " + MOMENT.format(deal.webinarStartsAt().atZone(workingTime.zone())) + ", в каталоге школы нет: регистрацию не к чему отнести"));
        continue;
      }
      ContactPlan.Resolution contact = people.resolve(deal.contact(), deal.line());
      String note = contact.note();
      if (deal.companyAmoId() != null && importKey(AmoImportTables.COMPANY, deal.companyAmoId()).isEmpty()) {
        String company = "компания amoCRM " + deal.companyAmoId() + " не импортирована: сделка без компании-плательщика (сначала импортируйте выгрузку компаний)";
        note = note == null ? company : note + "; " + company;
      }
      if (!AmoStarts.isClosing(deal.stageCode()) && AmoStarts.startFor(deal).activityId().equals(AmoStarts.CLARIFY_DATES)
          && !"SCHEDULED".equals(deal.stageCode())) {
        String dates = "без даты начала обучения: куратор получит задачу «Уточнить даты курса»";
        note = note == null ? dates : note + "; " + dates;
      }
      plan.add(new Planned(new AmoReport.Item(deal.line(), deal.amoId(), AmoReport.Action.CREATE, result, note), deal, contact.existingId(), null,
          contact.existingId() == null && contact.note() == null));
    }
    return plan;
  }

  private List<Planned> planContacts(AmoTable table, AmoRows rows) {
    List<Planned> plan = new ArrayList<>();
    ContactPlan people = new ContactPlan();
    for (AmoTable.Row row : table.rows()) {
      List<String> refusal = new ArrayList<>();
      AmoContact contact = rows.contactOf(row, refusal);
      if (contact == null) {
        plan.add(new Planned(new AmoReport.Item(row.line(), rows.idOf(row), AmoReport.Action.REFUSE, null, refusal.get(0)), null, null));
        continue;
      }
      Optional<Long> imported = importKey("CONTACT", contact.amoId());
      if (imported.isPresent()) {
        plan.add(new Planned(new AmoReport.Item(row.line(), contact.amoId(), AmoReport.Action.SKIP, "контакт", "уже импортирован: контакт №" + imported.get()), null, null));
        continue;
      }
      ContactPlan.Resolution resolution = people.resolve(contact, row.line());
      if (resolution.note() != null) {
        // A person already known is a duplicate: reported, not created again.
        plan.add(new Planned(new AmoReport.Item(row.line(), contact.amoId(), AmoReport.Action.SKIP, "контакт", "дубль: " + resolution.note()), null, null));
        continue;
      }
      AmoDeal carrier = new AmoDeal(row.line(), contact.amoId(), null, null, null, null, null, null, null, null, null, null, List.of(), List.of(), contact, null, null, null, null, null, null, null);
      plan.add(new Planned(new AmoReport.Item(row.line(), contact.amoId(), AmoReport.Action.CREATE, "контакт", null), carrier, null, null, true));
    }
    return plan;
  }

  /**
   * Companies: the school keeps a company as the payer of a deal, once per ИНН and КПП, so a row
   * without a valid ИНН (and КПП for an organisation) is refused with the reason; one the school
   * has is matched, not changed. Phones, e-mails and linked contacts of a company have no place
   * in the school and are reported as not carried over.
   */
  private List<Planned> planCompanies(AmoTable table, AmoRows rows) {
    List<Planned> plan = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (AmoTable.Row row : table.rows()) {
      List<String> refusal = new ArrayList<>();
      AmoCompany company = rows.companyOf(row, refusal);
      if (company == null) {
        plan.add(new Planned(new AmoReport.Item(row.line(), rows.idOf(row), AmoReport.Action.REFUSE, null, refusal.get(0)), null, null));
        continue;
      }
      Optional<Long> imported = importKey(AmoImportTables.COMPANY, company.amoId());
      if (imported.isPresent()) {
        plan.add(new Planned(new AmoReport.Item(row.line(), company.amoId(), AmoReport.Action.SKIP, "компания", "уже импортирована: компания №" + imported.get()), null, null));
        continue;
      }
      if (company.inn() == null) {
        plan.add(new Planned(new AmoReport.Item(row.line(), company.amoId(), AmoReport.Action.REFUSE, null,
            "у компании «" + company.name() + "» нет ИНН: в школе компания — плательщик по сделке и хранится по ИНН и КПП;"
                + " заполните ИНН (и КПП) в amoCRM и выгрузите снова или укажите компанию в карточке сделки, когда она будет платить"), null, null));
        continue;
      }
      Optional<String> problem = companies.problem(company.name(), company.inn(), company.kpp());
      if (problem.isPresent()) {
        plan.add(new Planned(new AmoReport.Item(row.line(), company.amoId(), AmoReport.Action.REFUSE, null,
            "реквизиты компании «" + company.name() + "»: " + problem.get()), null, null));
        continue;
      }
      String identity = company.inn() + "/" + (company.kpp() == null ? "" : company.kpp());
      Integer earlier = seen.putIfAbsent(identity, row.line());
      List<String> notes = new ArrayList<>();
      if (earlier != null) {
        notes.add("та же компания (ИНН и КПП), что в строке " + earlier);
      } else {
        companies.existing(company.inn(), company.kpp()).ifPresent(id -> notes.add("совпала с компанией школы №" + id + " по ИНН и КПП, её реквизиты не меняются"));
      }
      if (company.hasContactData()) {
        notes.add("телефоны, e-mail и связанные контакты компании не переносятся: в школе у компании нет своих контактов, её контакт — клиент сделки");
      }
      plan.add(new Planned(new AmoReport.Item(row.line(), company.amoId(), AmoReport.Action.CREATE, "компания, ИНН " + company.inn(),
          notes.isEmpty() ? null : String.join("; ", notes)), null, null, company, false));
    }
    return plan;
  }

  private static Planned refuse(AmoDeal deal, String reason) {
    return new Planned(new AmoReport.Item(deal.line(), deal.amoId(), AmoReport.Action.REFUSE, null, reason), null, null);
  }

  /** «Продажа курса / Счет выставлен»: the funnel as the process owner named it, the stage as amoCRM did. */
  private String resultOf(AmoDeal deal) {
    return funnels.title(deal.funnel()) + " / " + deal.amoStage() + (AmoStarts.isClosing(deal.stageCode()) ? " (закрыта)" : "");
  }

  /**
   * One contact per person within the file and against the database, matched as intake matches:
   * the same amoCRM contact id, the same phone (E.164) or the same e-mail.
   */
  private final class ContactPlan {
    record Resolution(Long existingId, String note) {}

    private final Map<String, Integer> lineByKey = new HashMap<>();

    Resolution resolve(AmoContact contact, int line) {
      if (contact.amoId() != null) {
        Optional<Long> imported = importKey("CONTACT", contact.amoId());
        if (imported.isPresent()) {
          return new Resolution(imported.get(), "контакт уже импортирован: №" + imported.get());
        }
      }
      Optional<Long> byPhone = contact.phone() == null ? Optional.empty() : contacts.byPhone(contact.phone());
      if (byPhone.isPresent()) {
        return new Resolution(byPhone.get(), "контакт совпал с существующим №" + byPhone.get() + " по телефону");
      }
      Optional<Long> byEmail = contact.email() == null ? Optional.empty() : contacts.byEmail(contact.email());
      if (byEmail.isPresent()) {
        return new Resolution(byEmail.get(), "контакт совпал с существующим №" + byEmail.get() + " по e-mail");
      }
      for (String key : keys(contact)) {
        Integer earlier = lineByKey.get(key);
        if (earlier != null) {
          keys(contact).forEach(k -> lineByKey.putIfAbsent(k, earlier));
          return new Resolution(null, "тот же контакт, что в строке " + earlier);
        }
      }
      keys(contact).forEach(k -> lineByKey.put(k, line));
      return new Resolution(null, null);
    }

    private List<String> keys(AmoContact contact) {
      List<String> keys = new ArrayList<>();
      if (contact.amoId() != null) {
        keys.add("id:" + contact.amoId());
      }
      if (contact.phone() != null) {
        keys.add("phone:" + contact.phone());
      }
      if (contact.email() != null) {
        keys.add("email:" + contact.email());
      }
      return keys;
    }
  }

  private Optional<Long> importKey(String entity, String amoId) {
    return tables.localId(entity, amoId);
  }

  /** amoCRM's user names → logins: the mapping's users first, then our users by «Имя Фамилия», «Фамилия Имя», login or e-mail. */
  private java.util.function.Function<String, Optional<String>> usersResolver(AmoMapping mapping) {
    Map<String, String> ours = new HashMap<>();
    system.asSystem(
        () -> {
          for (User user : identity.createUserQuery().list()) {
            String first = user.getFirstName() == null ? "" : user.getFirstName();
            String last = user.getLastName() == null ? "" : user.getLastName();
            ours.put(AmoMapping.key(first + " " + last), user.getId());
            ours.put(AmoMapping.key(last + " " + first), user.getId());
            ours.put(AmoMapping.key(user.getId()), user.getId());
            if (user.getEmail() != null) {
              ours.put(AmoMapping.key(user.getEmail()), user.getId());
            }
          }
        });
    return name -> mapping.user(name).or(() -> Optional.ofNullable(ours.get(AmoMapping.key(name))));
  }

  // Writing.

  private List<AmoReport.Item> write(List<Planned> plan, boolean dealsFile) {
    List<Planned> toCreate = plan.stream().filter(p -> p.item().action() == AmoReport.Action.CREATE).toList();
    long open = toCreate.stream().filter(p -> p.deal() != null && p.deal().stageCode() != null && (!AmoStarts.isClosing(p.deal().stageCode()) || "LOST".equals(p.deal().stageCode()))).count();
    progress.start(toCreate.size());
    Map<Integer, AmoReport.Item> outcome = new HashMap<>();
    Instant now = ClockUtil.getCurrentTime().toInstant();
    int[] openIndex = {0};
    try {
      for (int from = 0; from < toCreate.size(); from += BATCH) {
        List<Planned> batch = toCreate.subList(from, Math.min(from + BATCH, toCreate.size()));
        int openBefore = openIndex[0];
        try {
          transactions.executeWithoutResult(status -> {
            for (Planned p : batch) {
              writeOne(p, dealsFile, now, open, openIndex);
            }
          });
          batch.forEach(p -> outcome.put(p.item().line(), p.item()));
        } catch (RuntimeException batchFailed) {
          openIndex[0] = openBefore;
          for (Planned p : batch) {
            try {
              transactions.executeWithoutResult(status -> writeOne(p, dealsFile, now, open, openIndex));
              outcome.put(p.item().line(), p.item());
            } catch (RuntimeException failed) {
              LOG.warn("Импорт из amoCRM: строка {} (ID {}) не записана", p.item().line(), p.item().amoId(), failed);
              outcome.put(p.item().line(), new AmoReport.Item(p.item().line(), p.item().amoId(), AmoReport.Action.REFUSE, null, writeFailure(p.deal(), failed)));
            }
          }
        }
        progress.advance(batch.size());
      }
    } finally {
      progress.finish();
    }
    List<AmoReport.Item> items = new ArrayList<>();
    for (Planned p : plan) {
      items.add(outcome.getOrDefault(p.item().line(), p.item()));
    }
    return items;
  }

  /**
   * Why a row was not written, in Russian: its transaction rolled back, so nothing of it stays
   * (contact, deal, tags, history, import key, process); the next import tries it again.
   */
  private static String writeFailure(AmoDeal deal, RuntimeException failed) {
    String message = reason(failed);
    if (message.contains("is suspended") && deal.funnel() != null) {
      return "не записана, из строки ничего не сохранено: модель процесса " + deal.funnel()
          + " приостановлена в Cockpit — активируйте её и импортируйте файл снова";
    }
    return "не записана, из строки ничего не сохранено: " + message;
  }

  private static String reason(RuntimeException failed) {
    Throwable root = failed;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  private void writeOne(Planned p, boolean dealsFile, Instant now, long openTotal, int[] openIndex) {
    if (p.company() != null) {
      AmoCompany company = p.company();
      CompanyDirectory.Resolved resolved = companies.findOrCreate(company.name(), company.inn(), company.kpp(), now);
      tables.remember(AmoImportTables.COMPANY, company.amoId(), resolved.id(), now);
      return;
    }
    AmoDeal deal = p.deal();
    long contactId = contactFor(deal.contact(), p.existingContact(), deal.createdAt() == null ? now : deal.createdAt(), now);
    if (!dealsFile) {
      return;
    }
    writeDeal(deal, contactId, now, openTotal, openIndex);
  }

  private long contactFor(AmoContact contact, Long planned, Instant createdAt, Instant now) {
    long id;
    if (planned != null) {
      id = planned;
    } else {
      Optional<Long> imported = importKey("CONTACT", contact.amoId());
      id = imported.orElseGet(() -> contacts.findOrCreate(new NewContact(contact.name(), contact.phone(), contact.email(), null), createdAt).id());
    }
    if (contact.amoId() != null) {
      tables.rememberContact(contact.amoId(), id, now);
    }
    return id;
  }

  private void writeDeal(AmoDeal deal, long contactId, Instant now, long openTotal, int[] openIndex) {
    Instant createdAt = deal.createdAt() == null ? now : deal.createdAt();
    long dealId = deals.createDeal(new NewDeal(deal.funnel(), contactId, deal.course(), LeadType.LANDING.title(), null), createdAt);
    tables.rememberDeal(deal.amoId(), dealId, now);
    deals.updateCourseAndBudget(dealId, null, deal.budget());
    deals.setResponsible(dealId, deal.responsible());
    deals.addTag(dealId, IMPORT_TAG, true, now);
    if (deal.companyAmoId() != null) {
      importKey(AmoImportTables.COMPANY, deal.companyAmoId()).ifPresent(company -> companies.payFor(dealId, company, now));
    }
    for (String tag : deal.tags()) {
      deals.addTag(dealId, tag, false, now);
    }
    deals.appendTimeline(
        dealId, createdAt, TimelineKind.NOTE, null,
        "Импортирована из amoCRM: сделка " + deal.amoId() + (deal.name() == null ? "" : " «" + deal.name() + "»")
            + ", воронка «" + deal.funnel() + "», этап «" + deal.amoStage() + "»"
            + (deal.company() == null ? "" : ", компания «" + deal.company() + "»"),
        null);
    for (String note : deal.notes()) {
      deals.appendTimeline(dealId, createdAt, TimelineKind.NOTE, null, "Примечание из amoCRM: " + note, null);
    }
    if (AmoStarts.isClosing(deal.stageCode())) {
      Instant closedAt = deal.closedAt() != null ? deal.closedAt() : createdAt;
      Stage stage = new Stage(deal.stageCode(), closingTitle(deal));
      deals.enterStage(dealId, stage, closedAt);
      stageTags.entered(dealId, stage, closedAt);
      deals.appendTimeline(dealId, closedAt, TimelineKind.STAGE, stage.code(), "Этап: " + stage.title(), null);
      if (!"NEED_IDENTIFIED".equals(deal.stageCode())) {
        deals.close(dealId, deal.stageCode(), "LOST".equals(deal.stageCode()) ? deal.lossReason() : null, closedAt);
      }
      if (reanimates(deal, closedAt, now)) {
        startReanimation(deal, dealId, contactId, now, openTotal, openIndex);
      }
      return;
    }
    AmoStarts.Start start = AmoStarts.startFor(deal);
    if (start.stage() != null) {
      deals.enterStage(dealId, start.stage(), now);
      stageTags.entered(dealId, start.stage(), now);
      deals.appendTimeline(dealId, now, TimelineKind.STAGE, start.stage().code(), "Этап: " + start.stage().title(), null);
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.DEAL_ID, dealId);
    variables.put(ProcessVariables.CONTACT_ID, contactId);
    variables.put(ProcessVariables.CLIENT_NAME, deal.contact().name());
    variables.put(ProcessVariables.CLIENT_PHONE, deal.contact().phone());
    variables.put(ProcessVariables.CLIENT_EMAIL, deal.contact().email());
    variables.put(ProcessVariables.COURSE, deal.course());
    variables.put(ProcessVariables.LEAD_TYPE, LeadType.LANDING.title());
    variables.put(ProcessVariables.SOURCE, "amoCRM");
    variables.put(ProcessVariables.COMMENT, null);
    variables.put(ProcessVariables.DUPLICATE_OF, null);
    variables.put(ProcessVariables.RESPONSIBLE, deal.responsible());
    variables.put(ProcessVariables.CANDIDATE_GROUP, deal.responsible() != null ? SchoolGroup.SALES_HEADS.id() : SchoolGroup.MANAGERS.id());
    if (start.stage() != null) {
      variables.put(ProcessVariables.STAGE, start.stage().code());
      variables.put(ProcessVariables.STAGE_TITLE, start.stage().title());
    }
    variables.putAll(AmoStarts.variablesFor(deal.stageCode(), deal, now, workingTime.zone()));
    if ("course-delivery".equals(deal.funnel())) {
      variables.putAll(deliveryVariables(deal, dealId));
    } else if ("webinar".equals(deal.funnel())) {
      variables.putAll(webinarVariables(deal, dealId, contactId, now));
    }
    ProcessInstance instance =
        system.asSystem(
            () ->
                runtime
                    .createProcessInstanceByKey(deal.funnel())
                    .businessKey(String.valueOf(dealId))
                    .setVariables(variables)
                    .startBeforeActivity(start.activityId())
                    .execute());
    deals.linkProcessInstance(dealId, instance.getId());
    long position = openIndex[0]++;
    spreadTimers(instance.getId(), offset(position, openTotal));
  }

  /**
   * What «Ведение курса» reads: the curator (amoCRM's responsible; none → «Назначить куратора»
   * picks one), the course's dates as the hand-over from a sale sets them (no end date → the
   * start plus {@code school.course-delivery.default-duration}), group and teacher. There is no
   * sale deal in our database to point to.
   */
  private Map<String, Object> deliveryVariables(AmoDeal deal, long dealId) {
    Map<String, Object> variables = new HashMap<>();
    java.time.LocalDate start = deal.courseStart();
    java.time.LocalDate end = deal.courseEnd() != null ? deal.courseEnd() : start == null ? null : start.plus(delivery.defaultDuration());
    variables.put(ProcessVariables.SALE_DEAL_ID, null);
    variables.put(CourseDelivery.CURATOR, deal.responsible());
    variables.put(CourseDelivery.START_DATE, start == null ? null : start.toString());
    variables.put(CourseDelivery.END_DATE, end == null ? null : end.toString());
    variables.put(CourseDelivery.GROUP, deal.group());
    variables.put(CourseDelivery.TEACHER, deal.teacher());
    variables.put(ProcessVariables.CANDIDATE_GROUP, SchoolGroup.CURATORS.id());
    if (start != null) {
      deals.appendTimeline(dealId, ClockUtil.getCurrentTime().toInstant(), TimelineKind.NOTE, null,
          "Даты курса из amoCRM: " + DAY.format(start) + " — " + DAY.format(end) + (deal.courseEnd() == null ? " (окончание — по обычной длительности курса)" : ""), null);
    }
    return variables;
  }

  /**
   * What «Вебинар» reads: the webinar of our catalog (a registration is recorded for it, as the
   * platform's registration does), in the school's offset; «Посетил вебинар» is attached only to
   * the webinar that starts when amoCRM says, if the catalog has it.
   */
  private Map<String, Object> webinarVariables(AmoDeal deal, long dealId, long contactId, Instant now) {
    Optional<WebinarCatalog.Entry> webinar =
        AmoStarts.needsWebinar(deal)
            ? Optional.of(webinars.forImport(deal.webinarStartsAt(), now)
                .orElseThrow(() -> new AmoImportException("в каталоге школы нет вебинара для регистрации")))
            : deal.webinarStartsAt() == null ? Optional.empty() : webinars.forImport(deal.webinarStartsAt(), now);
    java.time.ZoneOffset offset = workingTime.zone().getRules().getOffset(now);
    Map<String, Object> variables = new HashMap<>();
    variables.put(Webinar.WEBINAR_ID, webinar.map(WebinarCatalog.Entry::id).orElse(null));
    variables.put(Webinar.WEBINAR_TITLE, webinar.map(WebinarCatalog.Entry::title).orElse(null));
    variables.put(Webinar.STARTS_AT, webinar.map(w -> w.startsAt().toInstant().atOffset(offset).toString()).orElse(null));
    variables.put(Webinar.DURATION_MINUTES, webinar.map(WebinarCatalog.Entry::durationMinutes).orElse(null));
    variables.put(Webinar.WEBINAR_LINK, webinar.map(WebinarCatalog.Entry::link).orElse(null));
    variables.put(Webinar.CLIENT_ZONE, offset.getId());
    // The day-after warm-up counts from the import: the client registered long ago in amoCRM.
    variables.put(Webinar.REGISTERED_AT, now.atOffset(offset).toString());
    webinar.ifPresent(w -> {
      webinars.register(dealId, w.id(), contactId);
      deals.appendTimeline(dealId, now, TimelineKind.NOTE, null,
          "Регистрация на вебинар «" + w.title() + "» (" + w.id() + "), начало " + MOMENT.format(w.startsAt().atZoneSameInstant(workingTime.zone())), null);
    });
    return variables;
  }

  private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy");

  /**
   * A «Продажа курса» deal lost within {@code school.import.reanimate-lost-within} (by its closing
   * date) is handed to «Реанимация» as the model hands a deal it closes: the table «Когда
   * реанимировать» decides by the reason whether and when, counting from the import. Older losses
   * stay closed only: reanimating a year of amoCRM's history at once would flood the managers.
   */
  private boolean reanimates(AmoDeal deal, Instant closedAt, Instant now) {
    return "course-sale".equals(deal.funnel()) && "LOST".equals(deal.stageCode()) && deal.lossReason() != null
        && !closedAt.isBefore(now.minus(reanimateWithin));
  }

  private void startReanimation(AmoDeal deal, long dealId, long contactId, Instant now, long openTotal, int[] openIndex) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.ORIGINAL_DEAL_ID, dealId);
    variables.put(ProcessVariables.CONTACT_ID, contactId);
    variables.put(ProcessVariables.ORIGINAL_LOSS_REASON, deal.lossReason());
    variables.put(ProcessVariables.RETURN_DATE, null);
    variables.put(ProcessVariables.RESPONSIBLE, deal.responsible());
    variables.put(ProcessVariables.CLIENT_NAME, deal.contact().name());
    variables.put(ProcessVariables.CLIENT_PHONE, deal.contact().phone());
    variables.put(ProcessVariables.CLIENT_EMAIL, deal.contact().email());
    variables.put(ProcessVariables.COURSE, deal.course());
    variables.put(ProcessVariables.LEAD_TYPE, LeadType.LANDING.title());
    ProcessInstance instance =
        system.asSystem(
            () -> runtime.createMessageCorrelation(ru.onlineschool.funnels.reanimation.Reanimation.SCHEDULED).setVariables(variables).correlateStartMessage());
    long position = openIndex[0]++;
    spreadTimers(instance.getId(), offset(position, openTotal));
  }

  /** The n-th open deal's timers move by n/total of the spread window. */
  Duration offset(long position, long total) {
    if (total <= 1) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(spread.toMillis() * position / total);
  }

  private void spreadTimers(String processInstanceId, Duration offset) {
    if (offset.isZero()) {
      return;
    }
    system.asSystem(
        () -> {
          for (Job job : management.createJobQuery().processInstanceId(processInstanceId).timers().list()) {
            if (job.getDuedate() != null) {
              management.setJobDuedate(job.getId(), Date.from(job.getDuedate().toInstant().plus(offset)));
            }
          }
        });
  }

  private static String closingTitle(AmoDeal deal) {
    return switch (deal.stageCode()) {
      case "WON" -> "Успешно реализовано";
      case "NEED_IDENTIFIED" -> "Выявлена потребность";
      default -> "reanimation".equals(deal.funnel()) ? "Закрыто и не реализовано" : "Закрыто не реализовано";
    };
  }

  /**
   * Saves the administrator's mapping after checking it: JSON of the known sections, every funnel
   * one of the school's, every stage code one its model draws (or a closing one).
   */
  public void saveMapping(String json, String userId) {
    check(AmoMapping.withOverrides(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    tables.saveMapping(json, userId, ClockUtil.getCurrentTime().toInstant());
  }

  /** Every funnel of the mapping is one of the school's, every stage code one its model draws (or a closing one). */
  private void check(AmoMapping mapping) {
    for (AmoMapping.Pipeline pipeline : mapping.pipelines().values()) {
      java.util.Set<String> codes = new java.util.HashSet<>();
      system.asSystem(() -> stages.of(pipeline.funnel()).forEach(stage -> codes.add(stage.code())));
      if (codes.isEmpty()) {
        throw new AmoImportException("Воронки «" + pipeline.funnel() + "» в школе нет: funnel — это course-sale, course-delivery, webinar или reanimation.");
      }
      for (var stage : pipeline.stages().entrySet()) {
        if (!codes.contains(stage.getValue()) && !AmoStarts.isClosing(stage.getValue())) {
          throw new AmoImportException(
              "Этап «" + stage.getKey() + "» сопоставлен с «" + stage.getValue() + "», а в воронке «" + pipeline.funnel() + "» такого этапа нет; есть: " + String.join(", ", new java.util.TreeSet<>(codes)) + ".");
        }
      }
    }
  }

  /** The mapping in force: the administrator's, else the defaults (as JSON). */
  public String currentMapping() {
    return tables.mapping().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElseGet(AmoMapping::defaultsJson);
  }

  public void resetMapping() {
    tables.clearMapping();
  }

  /** For tests and the command line: the deals an earlier import created, by amoCRM's id. */
  public Optional<Long> importedDeal(String amoId) {
    return importKey("DEAL", amoId);
  }

}
