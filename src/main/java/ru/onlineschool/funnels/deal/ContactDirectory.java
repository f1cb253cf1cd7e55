package ru.onlineschool.funnels.deal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import ru.onlineschool.funnels.calendar.ClientTime;

/**
 * The clients: found by normalised phone or e-mail, or created, and the contact data of a deal.
 * Joins the caller's transaction.
 *
 * <p>{@link #findOrCreate} locks the found contacts until the transaction ends: requests of one
 * client (leads, webinar registrations) are then decided one after another, so a duplicate check
 * sees the deal the previous request created. Two first requests of a new client both insert; the
 * unique constraint lets one win, and the other is retried whole.
 */
@Repository
public class ContactDirectory {

  /**
   * The contact a new deal belongs to ({@code id}), every contact the request matched (a phone of
   * one and an e-mail of another), whose deals all count for a duplicate check, and whether the
   * contact was created by this request (then it has no deals yet, and nothing needs to look for
   * them).
   */
  public record Match(long id, List<Long> matchedIds, boolean created) {}

  /** What a deal's client left: name, phone (E.164), e-mail, preferred messenger; each may be null. */
  public record ContactData(long id, String name, String phone, String email, String messenger) {}

  /** The contact with the phone (row 1) and the one with the e-mail (row 2), each by its unique index. */
  static final String BY_PHONE_OR_EMAIL = "SELECT 1, id FROM contact WHERE phone = ? UNION ALL SELECT 2, id FROM contact WHERE email = ?";

  private final JdbcTemplate jdbc;
  private final DealStore deals;

  public ContactDirectory(JdbcTemplate jdbc, DealStore deals) {
    this.jdbc = jdbc;
    this.deals = deals;
  }

  /** The client of a request with this phone and e-mail (already normalised), created if new. */
  public Match findOrCreate(NewContact contact, Instant now) {
    Optional<Long> byPhone;
    Optional<Long> byEmail;
    if (contact.phone() != null && contact.email() != null) {
      // Both in one statement (issue 21: a lead's statements); each half reads its own index.
      Map<Integer, Long> found = new HashMap<>();
      jdbc.query(
          BY_PHONE_OR_EMAIL,
          rs -> {
            found.putIfAbsent(rs.getInt(1), rs.getLong(2));
          },
          contact.phone(),
          contact.email());
      byPhone = Optional.ofNullable(found.get(1));
      byEmail = Optional.ofNullable(found.get(2));
    } else {
      byPhone = contact.phone() == null ? Optional.empty() : byPhone(contact.phone());
      byEmail = contact.email() == null ? Optional.empty() : byEmail(contact.email());
    }
    TreeSet<Long> matched = new TreeSet<>();
    byPhone.ifPresent(matched::add);
    byEmail.ifPresent(matched::add);
    if (matched.isEmpty()) {
      long id = deals.createContact(contact, now);
      return new Match(id, List.of(id), true);
    }
    // Ascending id order, so two requests matching the same two contacts cannot deadlock.
    for (long id : matched) {
      jdbc.queryForList("SELECT id FROM contact WHERE id = ? FOR UPDATE", Long.class, id);
    }
    long id = byPhone.orElseGet(byEmail::get);
    // Complete the contact with what it lacked, as long as no other contact holds that value.
    if (contact.phone() != null && byPhone.isEmpty()) {
      jdbc.update("UPDATE contact SET phone = ? WHERE id = ? AND phone IS NULL", contact.phone(), id);
    }
    if (contact.email() != null && byEmail.isEmpty()) {
      jdbc.update("UPDATE contact SET email = ? WHERE id = ? AND email IS NULL", contact.email(), id);
    }
    return new Match(id, List.copyOf(matched), false);
  }

  /**
   * What a request tells of the client's time: the zone when it names one, the window when it
   * names either end (a new request's window replaces the old one). Nothing said changes nothing.
   */
  public void noteClientTime(long contactId, ClientTime time) {
    if (time.zone() != null) {
      jdbc.update("UPDATE contact SET time_zone = ? WHERE id = ?", time.zone().getId(), contactId);
    }
    if (time.hasWindow()) {
      jdbc.update(
          "UPDATE contact SET convenient_from = ?, convenient_to = ? WHERE id = ?",
          time.from() == null ? null : time.from().toString(),
          time.to() == null ? null : time.to().toString(),
          contactId);
    }
  }

  /** The contact with this phone (E.164). */
  public Optional<Long> byPhone(String phone) {
    return jdbc.queryForList("SELECT id FROM contact WHERE phone = ?", Long.class, phone).stream().findFirst();
  }

  /** The contact with this e-mail (lower-cased). */
  public Optional<Long> byEmail(String email) {
    return jdbc.queryForList("SELECT id FROM contact WHERE email = ?", Long.class, email).stream().findFirst();
  }

  /** The deal's client's chat with the school's Telegram bot, once the client wrote to it (issue 20). */
  public Optional<String> telegramChatOfDeal(long dealId) {
    return jdbc.queryForList(
            "SELECT c.telegram_chat_id FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ? AND c.telegram_chat_id IS NOT NULL",
            String.class,
            dealId)
        .stream()
        .findFirst();
  }

  /** A client as a message in a messenger finds him (issue 20): his id, name, phone and e-mail. */
  public record KnownContact(long id, String name, String phone, String email) {}

  public Optional<KnownContact> known(long contactId) {
    return jdbc.query(
            "SELECT id, name, phone, email FROM contact WHERE id = ?",
            (rs, row) -> new KnownContact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
            contactId)
        .stream()
        .findFirst();
  }

  /** The contact whose Telegram chat this is (the bot learned it from an earlier message). */
  public Optional<Long> byTelegramChat(String chatId) {
    return jdbc.queryForList("SELECT id FROM contact WHERE telegram_chat_id = ?", Long.class, chatId).stream().findFirst();
  }

  /** The Telegram chat writes as this client from now on; a chat belongs to one contact. */
  public void keepTelegramChat(long contactId, String chatId) {
    jdbc.update("UPDATE contact SET telegram_chat_id = NULL WHERE telegram_chat_id = ? AND id <> ?", chatId, contactId);
    jdbc.update("UPDATE contact SET telegram_chat_id = ? WHERE id = ?", chatId, contactId);
  }

  /** The client of the deal, if the deal exists. */
  public Optional<ContactData> ofDeal(long dealId) {
    return jdbc.query(
            "SELECT c.id, c.name, c.phone, c.email, c.messenger FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
            (rs, row) -> new ContactData(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
            dealId)
        .stream()
        .findFirst();
  }
}
