package ru.onlineschool.funnels.lead;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;

/**
 * Finds the client of a lead by normalised phone or e-mail, or creates one, and locks the found
 * contacts until the transaction ends: leads of one client are then decided one after another,
 * so the duplicate check sees the deal the previous lead created. Two first leads of a new client
 * both insert; the unique constraint lets one win, and the other is retried whole.
 */
@Component
public class ContactMatcher {

  /**
   * The contact the new deal belongs to ({@code id}) and every contact the lead matched (a phone
   * of one and an e-mail of another), whose deals all count for the duplicate check.
   */
  public record Match(long id, List<Long> matchedIds) {}

  private final JdbcTemplate jdbc;
  private final DealStore deals;

  ContactMatcher(JdbcTemplate jdbc, DealStore deals) {
    this.jdbc = jdbc;
    this.deals = deals;
  }

  public Match findOrCreate(ValidLead lead, Instant now) {
    Optional<Long> byPhone = lead.phone() == null ? Optional.empty() : idWhere("phone", lead.phone());
    Optional<Long> byEmail = lead.email() == null ? Optional.empty() : idWhere("email", lead.email());
    TreeSet<Long> matched = new TreeSet<>();
    byPhone.ifPresent(matched::add);
    byEmail.ifPresent(matched::add);
    if (matched.isEmpty()) {
      long id = deals.createContact(new NewContact(lead.name(), lead.phone(), lead.email(), null), now);
      return new Match(id, List.of(id));
    }
    // Ascending id order, so two leads matching the same two contacts cannot deadlock.
    for (long id : matched) {
      jdbc.queryForList("SELECT id FROM contact WHERE id = ? FOR UPDATE", Long.class, id);
    }
    long id = byPhone.orElseGet(byEmail::get);
    // Complete the contact with what it lacked, as long as no other contact holds that value.
    if (lead.phone() != null && byPhone.isEmpty()) {
      jdbc.update("UPDATE contact SET phone = ? WHERE id = ? AND phone IS NULL", lead.phone(), id);
    }
    if (lead.email() != null && byEmail.isEmpty()) {
      jdbc.update("UPDATE contact SET email = ? WHERE id = ? AND email IS NULL", lead.email(), id);
    }
    return new Match(id, List.copyOf(matched));
  }

  private Optional<Long> idWhere(String column, String value) {
    return jdbc.queryForList("SELECT id FROM contact WHERE " + column + " = ?", Long.class, value).stream().findFirst();
  }
}
