package ru.onlineschool.funnels.lead;

import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.calendar.ClientTime;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;
import ru.onlineschool.funnels.deal.LeadSource;

/**
 * A lead after checking: trimmed texts, phone in E.164, e-mail in lower case; {@code leadType}
 * is null when the sender gave none (the intake then decides: new or returning client).
 */
public record ValidLead(
    String name,
    String phone,
    String email,
    LeadType leadType,
    String course,
    String source,
    String comment,
    List<String> tags,
    String referer,
    ClientTime clientTime,
    String utmSource,
    String utmMedium,
    String utmCampaign,
    String utmContent,
    String utmTerm) {

  /** A lead without the client's time and UTM marks (the demo data, the call centre's Java callers). */
  public ValidLead(
      String name, String phone, String email, LeadType leadType, String course, String source, String comment, List<String> tags, String referer) {
    this(name, phone, email, leadType, course, source, comment, tags, referer, ClientTime.UNKNOWN, null, null, null, null, null);
  }

  /** The stored form of a request that passed its annotations' checks; repeated tags once. */
  static ValidLead of(LeadRequest request) {
    String leadType = TextRules.stripped(request.leadType());
    return new ValidLead(
        TextRules.stripped(request.name()),
        ClientContact.phone(request.phone()),
        ClientContact.email(request.email()),
        leadType == null ? null : LeadType.byTitle(leadType).orElseThrow(),
        TextRules.stripped(request.course()),
        TextRules.stripped(request.source()),
        TextRules.stripped(request.comment()),
        request.tags() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.tags().stream().map(String::strip).toList())),
        TextRules.stripped(request.referer()),
        clientTime(request),
        TextRules.stripped(request.utmSource()),
        TextRules.stripped(request.utmMedium()),
        TextRules.stripped(request.utmCampaign()),
        TextRules.stripped(request.utmContent()),
        TextRules.stripped(request.utmTerm()));
  }

  /** Where it came from, as the deal keeps it. */
  LeadSource sourceBy(String channel, String formId) {
    return new LeadSource(channel, null, formId, source, utmSource, utmMedium, utmCampaign, utmContent, utmTerm, referer);
  }

  /**
   * The client's zone as the lead gives it: the named zone, else the city's, else the region's,
   * else none (the school's) — an unknown city is no error; and the window he named.
   */
  static ClientTime clientTime(LeadRequest request) {
    TimeZoneCatalog zones = TimeZoneCatalog.russia();
    ZoneId zone =
        zones.byId(TextRules.stripped(request.timeZone())).map(TimeZoneCatalog.Zone::id)
            .or(() -> zones.ofPlace(TextRules.stripped(request.city())))
            .or(() -> zones.ofPlace(TextRules.stripped(request.region())))
            .orElse(null);
    return new ClientTime(zone, ConvenientWindow.Window.time(request.convenientFrom()), ConvenientWindow.Window.time(request.convenientTo()));
  }
}
