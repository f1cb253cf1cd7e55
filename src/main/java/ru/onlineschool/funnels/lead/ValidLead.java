package ru.onlineschool.funnels.lead;

import java.util.List;

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
    String referer) {}
