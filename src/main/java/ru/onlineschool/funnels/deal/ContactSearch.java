package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import ru.onlineschool.funnels.identity.StartupStep;

/**
 * «Найти клиента»: contacts by normalised phone, by e-mail or by the beginnings of the words of
 * their name, each with the deals of the funnels the caller may see. A contact none of whose deals
 * the caller may see is not found at all.
 *
 * <p>The name is searched through {@code contact_name_word}: one row per word of the name,
 * lower-cased with «ё» read as «е», so that a prefix of any word is one B-tree range on H2 and on
 * PostgreSQL alike. The words are written here when a contact is created ({@link DealStore}) and
 * must be rewritten by whatever renames a contact ({@link #indexName}); at every start the contacts
 * without words (created before this table existed) get theirs.
 */
@Repository
@Order(50)
public class ContactSearch implements StartupStep {

  /** A contact as the search shows it. */
  public record FoundContact(long id, String name, String phone, String email) {}

  /** One of a found contact's deals. */
  public record FoundDeal(
      long id, long contactId, String funnel, String stageCode, String stageTitle, String responsible, String course,
      BigDecimal budget, String outcome, OffsetDateTime createdAt, OffsetDateTime closedAt) {}

  private static final Pattern NOT_A_WORD_CHARACTER = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final int MAX_WORD = 200;
  /** Contacts filled per statement at start. */
  private static final int BACKFILL_BATCH = 1000;

  private final JdbcTemplate jdbc;

  public ContactSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** «Анна-Мария Ёлкина» → [анна, мария, елкина]: the words a name is found by, each once, in order. */
  public static List<String> words(String text) {
    if (text == null) {
      return List.of();
    }
    String normal = text.toLowerCase(Locale.ROOT).replace('ё', 'е');
    Set<String> words = new LinkedHashSet<>();
    for (String word : NOT_A_WORD_CHARACTER.split(normal)) {
      if (!word.isEmpty()) {
        words.add(word.length() > MAX_WORD ? word.substring(0, MAX_WORD) : word);
      }
    }
    return List.copyOf(words);
  }

  /** Rewrites the words the contact is found by; call it whenever a contact's name changes. */
  public void indexName(long contactId, String name) {
    jdbc.update("DELETE FROM contact_name_word WHERE contact_id = ?", contactId);
    indexNewName(contactId, name);
  }

  /** Gives a contact just stored its words, in one statement (a lead's contact has none yet). */
  void indexNewName(long contactId, String name) {
    List<String> words = words(name);
    if (words.isEmpty()) {
      return;
    }
    List<Object> args = new ArrayList<>();
    words.forEach(word -> {
      args.add(word);
      args.add(contactId);
    });
    jdbc.update(
        "INSERT INTO contact_name_word (word, contact_id) VALUES " + String.join(", ", Collections.nCopies(words.size(), "(?, ?)")),
        args.toArray());
  }

  /** Gives their words to the contacts that have none (those stored before the search existed). */
  @Override
  public void ensure() {
    while (true) {
      List<FoundContact> missing =
          jdbc.query(
              "SELECT c.id, c.name FROM contact c WHERE NOT EXISTS (SELECT 1 FROM contact_name_word w WHERE w.contact_id = c.id)"
                  + " ORDER BY c.id FETCH FIRST " + BACKFILL_BATCH + " ROWS ONLY",
              (rs, row) -> new FoundContact(rs.getLong(1), rs.getString(2), null, null));
      missing.forEach(contact -> indexName(contact.id(), contact.name()));
      // A name without a single letter or digit gets no words and would be found missing forever.
      if (missing.size() < BACKFILL_BATCH || missing.stream().allMatch(c -> words(c.name()).isEmpty())) {
        return;
      }
    }
  }

  /**
   * Contacts with this phone (E.164) and a deal in one of the funnels ({@code null}: any funnel or
   * none). The phone is unique, so at most one.
   */
  public List<FoundContact> byPhone(String e164, Collection<String> funnels) {
    return contacts(BY_PHONE, List.of(e164), funnels, 1);
  }

  /** Like {@link #byPhone}, by the lower-cased e-mail. */
  public List<FoundContact> byEmail(String email, Collection<String> funnels) {
    return contacts(BY_EMAIL, List.of(email.toLowerCase(Locale.ROOT)), funnels, 1);
  }

  /**
   * Contacts having, for every one of the {@code prefixes} ({@link #words} of what was typed), a word
   * of the name that starts with it, and a deal in one of the funnels; by name, at most {@code limit}.
   */
  public List<FoundContact> byName(List<String> prefixes, Collection<String> funnels, int limit) {
    if (prefixes.isEmpty()) {
      return List.of();
    }
    // The longest prefix is the most selective: its range drives the query, the others are checks.
    List<String> ordered = new ArrayList<>(prefixes);
    ordered.sort((a, b) -> b.length() - a.length());
    List<Object> args = new ArrayList<>();
    for (String prefix : ordered) {
      args.add(prefix);
      args.add(upperBound(prefix));
    }
    return contacts(nameCondition(ordered.size()), args, funnels, limit);
  }

  static final String BY_PHONE = "c.phone = ?";
  static final String BY_EMAIL = "c.email = ?";

  /** Each of {@code words} prefixes has a word of the name in its range; the first range drives the query. */
  static String nameCondition(int words) {
    StringBuilder where = new StringBuilder("c.id IN (SELECT w.contact_id FROM contact_name_word w WHERE w.word >= ? AND w.word < ?)");
    for (int i = 1; i < words; i++) {
      where.append(" AND EXISTS (SELECT 1 FROM contact_name_word x WHERE x.contact_id = c.id AND x.word >= ? AND x.word < ?)");
    }
    return where.toString();
  }

  /** The deals of these contacts in the funnels ({@code null}: all), open ones first, newest first. */
  public List<FoundDeal> deals(Collection<Long> contactIds, Collection<String> funnels) {
    if (contactIds.isEmpty() || (funnels != null && funnels.isEmpty())) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(contactIds);
    String inFunnels = "";
    if (funnels != null) {
      inFunnels = " AND d.funnel IN (" + placeholders(funnels.size()) + ")";
      args.addAll(funnels);
    }
    return jdbc.query(
        "SELECT d.id, d.contact_id, d.funnel, d.stage_code, d.stage_title, d.responsible, d.course, d.budget, d.outcome,"
            + " d.created_at, d.closed_at FROM deal d WHERE d.contact_id IN (" + placeholders(contactIds.size()) + ")"
            + inFunnels
            + " ORDER BY CASE WHEN d.closed_at IS NULL THEN 0 ELSE 1 END, d.created_at DESC, d.id DESC",
        (rs, row) ->
            new FoundDeal(
                rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getBigDecimal(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class)),
        args.toArray());
  }

  private List<FoundContact> contacts(String condition, List<Object> conditionArgs, Collection<String> funnels, int limit) {
    if (funnels != null && funnels.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(conditionArgs);
    if (funnels != null) {
      args.addAll(funnels);
    }
    return jdbc.query(
        contactsSql(condition, funnels == null ? -1 : funnels.size(), limit),
        (rs, row) -> new FoundContact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        args.toArray());
  }

  /** The search's statement (package-visible for the plan test): contacts meeting the condition with a deal in one of {@code funnels} funnels ({@code -1}: any). */
  static String contactsSql(String condition, int funnels, int limit) {
    String visible =
        funnels < 0 ? "" : " AND EXISTS (SELECT 1 FROM deal d WHERE d.contact_id = c.id AND d.funnel IN (" + placeholders(funnels) + "))";
    return "SELECT c.id, c.name, c.phone, c.email FROM contact c WHERE " + condition + visible
        + " ORDER BY c.name, c.id FETCH FIRST " + limit + " ROWS ONLY";
  }

  /**
   * The least string above every word starting with {@code prefix}: the prefix with its last
   * character raised by one («смир» → «смис»). Words hold only letters and digits, so this bound
   * is right in any collation that orders such words by their characters.
   */
  static String upperBound(String prefix) {
    int last = prefix.length() - 1;
    return prefix.substring(0, last) + (char) (prefix.charAt(last) + 1);
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
