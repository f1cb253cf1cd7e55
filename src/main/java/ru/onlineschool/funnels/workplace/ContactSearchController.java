package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.OpenApiConfiguration;
import ru.onlineschool.funnels.api.SchoolApi;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.deal.ContactSearch;
import ru.onlineschool.funnels.lead.PhoneNumbers;

/**
 * {@code GET /api/contacts?query=…}: «Найти клиента» for an incoming call. A phone in any format is
 * normalised as the intake does ({@link PhoneNumbers}) and matched exactly; an e-mail is matched
 * lower-cased; anything else is read as words, each the beginning of a word of the client's name.
 */
@SchoolApi
@RestController
@Tag(name = "Рабочее место", description = "Поиск клиента и доска сделок в Tasklist")
public class ContactSearchController {

  /** Contacts per answer; {@code more} says there were others. */
  static final int LIMIT = 20;
  static final int MIN_LENGTH = 3;
  static final int MAX_LENGTH = 100;
  /** Digits with the usual phone punctuation: «8 916 123-45-67», «+7 (916) 123-45-67». */
  private static final Pattern PHONE_LIKE = Pattern.compile("[+()\\-.\\s\\d]*\\d[+()\\-.\\s\\d]*");

  /** What the query was read as. */
  public enum Kind { PHONE, EMAIL, NAME }

  public record Answer(String query, Kind searchedBy, List<Contact> contacts, boolean more) {}

  public record Contact(long id, String name, String phone, String email, List<Deal> deals) {}

  public record Deal(
      long dealId, Workplace.Named funnel, Workplace.Named stage, Workplace.Named responsible, String course, BigDecimal budget,
      boolean open, String outcome, String createdAt) {}

  private final ContactSearch search;
  private final Workplace workplace;
  private final ZoneId zone;

  public ContactSearchController(ContactSearch search, Workplace workplace, SchoolProperties properties) {
    this.search = search;
    this.workplace = workplace;
    this.zone = properties.timeZone();
  }

  @Operation(
      summary = "Найти клиента",
      description =
          """
          По телефону в любом формате (8 916 123-45-67, +7 (916) 123-45-67, 916 123 45 67), \
          по e-mail или по началу слов имени без учёта регистра («смирн» найдёт «Анна Смирнова»). \
          Не больше 20 клиентов, у каждого — сделки тех воронок, которые вам доступны; клиент без \
          таких сделок не показывается.""",
      security = @SecurityRequirement(name = OpenApiConfiguration.BASIC),
      responses = {
        @ApiResponse(responseCode = "200", description = "Найденные клиенты", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class))),
        @ApiResponse(responseCode = "400", description = "Запрос слишком короткий или номер не распознан", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "401", description = "Нужен вход", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
      })
  @GetMapping(value = "/api/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
  public Answer find(
      @Parameter(description = "Телефон, e-mail или часть имени, от 3 до 100 символов") @RequestParam(name = "query", required = false)
          String query) {
    String text = query == null ? "" : query.strip();
    if (text.length() < MIN_LENGTH) {
      throw invalid("Введите не меньше " + MIN_LENGTH + " символов: телефон, e-mail или часть имени клиента.");
    }
    if (text.length() > MAX_LENGTH) {
      throw invalid("Запрос не длиннее " + MAX_LENGTH + " символов.");
    }
    List<String> funnels = workplace.visibleFunnelKeys();
    Kind kind;
    List<ContactSearch.FoundContact> found;
    if (text.contains("@")) {
      kind = Kind.EMAIL;
      found = search.byEmail(text.toLowerCase(Locale.ROOT), funnels);
    } else if (PHONE_LIKE.matcher(text).matches()) {
      kind = Kind.PHONE;
      String phone =
          PhoneNumbers.toE164(text)
              .orElseThrow(
                  () -> invalid("Номер «" + text + "» не распознан. Введите его целиком, например 8 916 123-45-67 или +7 916 123-45-67."));
      found = search.byPhone(phone, funnels);
    } else {
      kind = Kind.NAME;
      List<String> words = ContactSearch.words(text);
      if (words.isEmpty()) {
        throw invalid("Введите телефон, e-mail или часть имени клиента буквами.");
      }
      found = search.byName(words, funnels, LIMIT + 1);
    }
    boolean more = found.size() > LIMIT;
    List<ContactSearch.FoundContact> shown = more ? found.subList(0, LIMIT) : found;
    return new Answer(text, kind, withDeals(shown, funnels), more);
  }

  private List<Contact> withDeals(List<ContactSearch.FoundContact> contacts, List<String> funnels) {
    Map<Long, List<ContactSearch.FoundDeal>> perContact = new LinkedHashMap<>();
    contacts.forEach(c -> perContact.put(c.id(), new ArrayList<>()));
    List<ContactSearch.FoundDeal> deals = search.deals(perContact.keySet(), funnels);
    deals.forEach(d -> perContact.get(d.contactId()).add(d));
    Map<String, String> names = workplace.names(deals.stream().map(ContactSearch.FoundDeal::responsible).toList());
    return contacts.stream()
        .map(
            c ->
                new Contact(
                    c.id(), c.name(), c.phone(), c.email(),
                    perContact.get(c.id()).stream()
                        .map(
                            d ->
                                new Deal(
                                    d.id(),
                                    workplace.funnelRef(d.funnel()),
                                    d.stageCode() == null ? null : new Workplace.Named(d.stageCode(), d.stageTitle()),
                                    workplace.person(d.responsible(), names),
                                    d.course(),
                                    d.budget(),
                                    d.closedAt() == null,
                                    d.outcome(),
                                    d.createdAt() == null
                                        ? null
                                        : d.createdAt().atZoneSameInstant(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
                        .toList()))
        .toList();
  }

  private static ApiException invalid(String message) {
    return ApiException.invalid(List.of(new FieldProblem("query", message)));
  }
}
