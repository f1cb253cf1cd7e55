package ru.onlineschool.funnels.deal.client;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Companies for the import from amoCRM (issue 22). A company of the school is the one that pays for
 * a deal, kept once per ИНН and КПП, so an amoCRM company comes in only with a valid ИНН (and a КПП
 * for an organisation), checked as the deal card checks it. A company the school already has is
 * found again and left as it is: the school's requisites win over the export's. Joins the caller's
 * transaction.
 */
@Service
public class CompanyDirectory {

  /** What a company row becomes: our company's id and whether it is new. */
  public record Resolved(long id, boolean created) {}

  private final CompanyStore companies;
  private final DealStore deals;
  private final Validator validator;

  CompanyDirectory(CompanyStore companies, DealStore deals, Validator validator) {
    this.companies = companies;
    this.deals = deals;
    this.validator = validator;
  }

  /** The requisites as the company's own form would take them: the first problem in Russian, if any. */
  public Optional<String> problem(String name, String inn, String kpp) {
    return validator.validate(request(name, inn, kpp)).stream()
        .sorted(Comparator.comparing((ConstraintViolation<CompanyRequest> v) -> v.getPropertyPath().toString().isEmpty())
            .thenComparing(v -> v.getPropertyPath().toString()))
        .map(ConstraintViolation::getMessage)
        .findFirst();
  }

  /** Our company with these ИНН and КПП, if the school has it. */
  public Optional<Long> existing(String inn, String kpp) {
    return companies.findForUpdate(CompanyStore.identityKey(request(null, inn, kpp).normalised())).map(CompanyStore.Stored::id);
  }

  /** Finds the company by ИНН and КПП or creates it with the export's name. */
  public Resolved findOrCreate(String name, String inn, String kpp, Instant at) {
    CompanyRequest company = request(name, inn, kpp).normalised();
    Optional<CompanyStore.Stored> found = companies.findForUpdate(CompanyStore.identityKey(company));
    return found.map(s -> new Resolved(s.id(), false)).orElseGet(() -> new Resolved(companies.insert(company, at), true));
  }

  /** The deal is paid by the company, as «Компания» of the deal card records it. */
  public void payFor(long dealId, long companyId, Instant at) {
    companies.link(dealId, companyId);
    companies.find(companyId).ifPresent(c -> deals.appendTimeline(
        dealId, at, TimelineKind.NOTE, null, "Платит компания: " + c.requisites().name() + ", ИНН " + c.requisites().inn(), null));
  }

  private static CompanyRequest request(String name, String inn, String kpp) {
    return new CompanyRequest(name, inn, kpp, null, null, null, null, null, null, null, null, null);
  }
}
