package ru.onlineschool.funnels.deal.client;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * A client's personal data and the deal's paying company (seed 003), read and changed from the
 * deal: the deal decides who may (see {@link ClientDataAccess}) and takes the history line. Each
 * change is one transaction with its history line and, for a company, the requisites the deal's
 * invoice tasks show. The history names what changed, never a passport's values; nothing here
 * logs.
 */
@Component
public class ClientData {

  static final String MASK_HIDDEN = "•••• ••••••";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
  /** Passports of the Russian Federation are issued from the age of 14. */
  private static final int PASSPORT_AGE = 14;

  private final PersonalDataStore personal;
  private final CompanyStore companies;
  private final ClientDataAccess access;
  private final DealStore deals;
  private final RetryingTransactions transactions;
  private final RuntimeService runtime;
  private final SystemAccess system;

  ClientData(
      PersonalDataStore personal,
      CompanyStore companies,
      ClientDataAccess access,
      DealStore deals,
      RetryingTransactions transactions,
      RuntimeService runtime,
      SystemAccess system) {
    this.personal = personal;
    this.companies = companies;
    this.access = access;
    this.deals = deals;
    this.transactions = transactions;
    this.runtime = runtime;
    this.system = system;
  }

  private DealParty deal(long dealId) {
    return personal.party(dealId).orElseThrow(() -> ApiException.notFound("Сделка " + dealId + " не найдена."));
  }

  // ---------------------------------------------------------------- personal data

  public ClientPersonalData personalData(long dealId) {
    DealParty deal = deal(dealId);
    access.checkSee(deal);
    return view(deal, personal.read(deal.contactId()));
  }

  /** The full passport; the view is written to the deal's history (who and when, not what). */
  public Passport passport(long dealId) {
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Паспортные данные клиента");
          PersonalDataStore.Passport passport = personal.read(deal.contactId()).passport();
          if (passport == null) {
            throw ApiException.notFound("У клиента сделки " + dealId + " нет паспортных данных.");
          }
          history(deal, "Паспортные данные клиента просмотрены");
          return new Passport(
              passport.series(), passport.number(), passport.issuedOn().toString(), passport.issuedOn().format(DAY), passport.issuedBy(),
              passport.divisionCode());
        });
  }

  public ClientPersonalData changePersonalData(long dealId, PersonalDataRequest request) {
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Личные данные клиента");
          String userId = access.userId();
          PersonalDataStore.Row before = personal.lock(deal.contactId(), ClockUtil.getCurrentTime().toInstant(), userId);
          LocalDate birthday = request.birthday() == null || request.birthday().isBlank() ? null : CalendarDate.Check.parse(request.birthday());
          String gender = TextRules.stripped(request.gender());
          if (birthday != null && before.passport() != null && birthday.plusYears(PASSPORT_AGE).isAfter(before.passport().issuedOn())) {
            throw ApiException.invalid(
                List.of(new FieldProblem("birthday", "Паспорт выдан клиенту раньше 14 лет: проверьте день рождения или дату выдачи паспорта")));
          }
          List<String> changed = new ArrayList<>();
          if (!Objects.equals(before.birthday(), birthday)) {
            changed.add("день рождения");
          }
          if (!Objects.equals(before.gender(), gender)) {
            changed.add("пол");
          }
          if (!changed.isEmpty()) {
            personal.writeBirthdayAndGender(deal.contactId(), birthday, gender, ClockUtil.getCurrentTime().toInstant(), userId);
            history(deal, "Личные данные клиента изменены: " + String.join(", ", changed));
          }
          return view(deal, personal.read(deal.contactId()));
        });
  }

  public ClientPersonalData changePassport(long dealId, PassportRequest request) {
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Паспортные данные клиента");
          String userId = access.userId();
          PersonalDataStore.Row before = personal.lock(deal.contactId(), ClockUtil.getCurrentTime().toInstant(), userId);
          PersonalDataStore.Passport passport =
              new PersonalDataStore.Passport(
                  request.series().strip(), request.number().strip(), CalendarDate.Check.parse(request.issuedOn()), TextRules.stripped(request.issuedBy()),
                  request.divisionCode().strip());
          if (before.birthday() != null && before.birthday().plusYears(PASSPORT_AGE).isAfter(passport.issuedOn())) {
            throw ApiException.invalid(
                List.of(new FieldProblem("issuedOn", "Паспорт выдают с 14 лет, а клиенту тогда ещё не было 14: проверьте дату выдачи")));
          }
          if (!passport.equals(before.passport())) {
            personal.writePassport(deal.contactId(), passport, ClockUtil.getCurrentTime().toInstant(), userId);
            history(deal, before.passport() == null ? "Паспортные данные клиента внесены" : "Паспортные данные клиента изменены");
          }
          return view(deal, personal.read(deal.contactId()));
        });
  }

  public ClientPersonalData removePassport(long dealId) {
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Паспортные данные клиента");
          String userId = access.userId();
          PersonalDataStore.Row before = personal.lock(deal.contactId(), ClockUtil.getCurrentTime().toInstant(), userId);
          if (before.passport() != null) {
            personal.writePassport(deal.contactId(), null, ClockUtil.getCurrentTime().toInstant(), userId);
            history(deal, "Паспортные данные клиента удалены");
          }
          return view(deal, personal.read(deal.contactId()));
        });
  }

  private ClientPersonalData view(DealParty deal, PersonalDataStore.Row row) {
    boolean mayViewPassport = access.mayEdit(deal);
    String masked = null;
    if (row.passport() != null) {
      masked = mayViewPassport ? "•••• ••" + row.passport().number().substring(2) : MASK_HIDDEN;
    }
    return new ClientPersonalData(
        deal.contactId(),
        row.birthday() == null ? null : row.birthday().toString(),
        row.birthday() == null ? null : row.birthday().format(DAY),
        row.gender(),
        row.gender() == null ? null : row.gender().equals("MALE") ? "Муж." : "Жен.",
        row.passport() != null,
        masked,
        mayViewPassport,
        access.mayEdit(deal));
  }

  // ---------------------------------------------------------------- company

  public DealCompany company(long dealId) {
    DealParty deal = deal(dealId);
    access.checkSee(deal);
    return companyView(deal, deal.companyId());
  }

  /**
   * Links the company with these ИНН and КПП to the deal, creating it or bringing its requisites
   * up to date; the open deals it pays for show the new requisites in their invoice tasks.
   */
  public DealCompany changeCompany(long dealId, CompanyRequest request) {
    CompanyRequest company = request.normalised();
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Компания и её реквизиты");
          var at = ClockUtil.getCurrentTime().toInstant();
          var existing = companies.findForUpdate(CompanyStore.identityKey(company));
          long companyId;
          List<String> changed = List.of();
          if (existing.isPresent()) {
            companyId = existing.get().id();
            changed = differences(existing.get().requisites(), company);
            if (!changed.isEmpty()) {
              companies.update(companyId, company, at);
            }
          } else {
            companyId = companies.insert(company, at);
          }
          boolean linked = !Objects.equals(deal.companyId(), companyId);
          if (linked) {
            companies.link(dealId, companyId);
            history(deal, "Платит компания: " + company.name() + ", ИНН " + company.inn());
          }
          if (!changed.isEmpty()) {
            history(deal, "Реквизиты компании " + company.name() + " изменены: " + String.join(", ", changed));
          }
          if (linked || !changed.isEmpty()) {
            showInInvoiceTasks(companyId, requisitesText(company));
          }
          return companyView(deal(dealId), companyId);
        });
  }

  public DealCompany removeCompany(long dealId) {
    return transactions.run(
        () -> {
          DealParty deal = deal(dealId);
          access.checkEdit(deal, "Компания и её реквизиты");
          if (deal.companyId() != null) {
            String name = companies.find(deal.companyId()).map(c -> c.requisites().name()).orElse("");
            companies.link(dealId, null);
            history(deal, "Компания " + name + " больше не платит по сделке: платит сам клиент");
            setRequisites(deal.processInstanceId(), null);
          }
          return companyView(deal(dealId), null);
        });
  }

  private DealCompany companyView(DealParty deal, Long companyId) {
    Company company =
        companyId == null
            ? null
            : companies
                .find(companyId)
                .map(
                    stored -> {
                      CompanyRequest c = stored.requisites();
                      return new Company(
                          stored.id(), c.name(), c.inn(), c.kpp(), c.ogrn(), c.director(), c.legalAddress(), c.actualAddress(),
                          c.postalAddress(), c.bankName(), c.bik(), c.correspondentAccount(), c.settlementAccount(), requisitesText(c),
                          companies.deals(stored.id()).stream().map(CompanyStore.LinkedDeal::dealId).toList());
                    })
                .orElse(null);
    return new DealCompany(deal.dealId(), company, access.mayEdit(deal));
  }

  /** «ООО «Ромашка», ИНН 7707083893, КПП 773601001, …» — what the invoice is made out to. */
  static String requisitesText(CompanyRequest c) {
    List<String> parts = new ArrayList<>();
    parts.add(c.name());
    parts.add("ИНН " + c.inn());
    add(parts, "КПП ", c.kpp());
    add(parts, c.ogrn() != null && c.ogrn().length() == 15 ? "ОГРНИП " : "ОГРН ", c.ogrn());
    add(parts, "юр. адрес: ", c.legalAddress());
    add(parts, "почтовый адрес: ", c.postalAddress());
    add(parts, "р/с ", c.settlementAccount());
    add(parts, "банк ", c.bankName());
    add(parts, "БИК ", c.bik());
    add(parts, "к/с ", c.correspondentAccount());
    add(parts, "директор ", c.director());
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, String label, String value) {
    if (value != null) {
      parts.add(label + value);
    }
  }

  private static List<String> differences(CompanyRequest a, CompanyRequest b) {
    List<String> changed = new ArrayList<>();
    diff(changed, "наименование", a.name(), b.name());
    diff(changed, "ОГРН", a.ogrn(), b.ogrn());
    diff(changed, "директор", a.director(), b.director());
    diff(changed, "юридический адрес", a.legalAddress(), b.legalAddress());
    diff(changed, "фактический адрес", a.actualAddress(), b.actualAddress());
    diff(changed, "почтовый адрес", a.postalAddress(), b.postalAddress());
    diff(changed, "банк", a.bankName(), b.bankName());
    diff(changed, "БИК", a.bik(), b.bik());
    diff(changed, "корреспондентский счёт", a.correspondentAccount(), b.correspondentAccount());
    diff(changed, "расчётный счёт", a.settlementAccount(), b.settlementAccount());
    return changed;
  }

  private static void diff(List<String> changed, String title, String a, String b) {
    if (!Objects.equals(a, b)) {
      changed.add(title);
    }
  }

  /** The open deals the company pays for show its requisites in their tasks (variable {@code companyRequisites}). */
  private void showInInvoiceTasks(long companyId, String text) {
    for (CompanyStore.LinkedDeal linked : companies.deals(companyId)) {
      if (linked.open()) {
        setRequisites(linked.processInstanceId(), text);
      }
    }
  }

  private void setRequisites(String processInstanceId, String text) {
    if (processInstanceId == null) {
      return;
    }
    system.asSystem(
        () -> {
          if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
            return;
          }
          if (text == null) {
            runtime.removeVariable(processInstanceId, ProcessVariables.COMPANY_REQUISITES);
          } else {
            runtime.setVariable(processInstanceId, ProcessVariables.COMPANY_REQUISITES, text);
          }
        });
  }

  private void history(DealParty deal, String text) {
    deals.appendTimeline(deal.dealId(), ClockUtil.getCurrentTime().toInstant(), TimelineKind.NOTE, null, text, access.userId());
  }
}
