package ru.onlineschool.funnels.lead;

import java.util.LinkedHashSet;
import java.util.List;
import ru.onlineschool.funnels.api.TextRules;

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
    String referer) {

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
        TextRules.stripped(request.referer()));
  }
}
