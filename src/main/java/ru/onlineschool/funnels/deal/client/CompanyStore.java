package ru.onlineschool.funnels.deal.client;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code company} table and the deal's link to it ({@code deal.company_id}). */
@Repository
class CompanyStore {

  /** A stored company: its id and the requisites in their stored form. */
  record Stored(long id, CompanyRequest requisites) {}

  private static final String COLUMNS =
      "id, name, inn, kpp, ogrn, director, legal_address, actual_address, postal_address, bank_name, bik, correspondent_account,"
          + " settlement_account";

  private final JdbcTemplate jdbc;

  CompanyStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** «ИНН/КПП», or «ИНН/» for an entrepreneur: one row per legal entity or branch. */
  static String identityKey(CompanyRequest company) {
    return company.inn() + "/" + (company.kpp() == null ? "" : company.kpp());
  }

  Optional<Stored> find(long companyId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM company WHERE id = ?", (rs, n) -> stored(rs), companyId).stream().findFirst();
  }

  /** The company with these ИНН and КПП, locked for the rest of the transaction. */
  Optional<Stored> findForUpdate(String identityKey) {
    return jdbc.query("SELECT " + COLUMNS + " FROM company WHERE identity_key = ? FOR UPDATE", (rs, n) -> stored(rs), identityKey)
        .stream()
        .findFirst();
  }

  long insert(CompanyRequest c, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO company (identity_key, name, inn, kpp, ogrn, director, legal_address, actual_address, postal_address,"
                      + " bank_name, bik, correspondent_account, settlement_account, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          s.setString(1, identityKey(c));
          int i = bind(s, 2, c);
          s.setObject(i, utc(at));
          s.setObject(i + 1, utc(at));
          return s;
        },
        keys);
    return keys.getKey().longValue();
  }

  void update(long companyId, CompanyRequest c, Instant at) {
    jdbc.update(
        connection -> {
          PreparedStatement s =
              connection.prepareStatement(
                  "UPDATE company SET name = ?, inn = ?, kpp = ?, ogrn = ?, director = ?, legal_address = ?, actual_address = ?,"
                      + " postal_address = ?, bank_name = ?, bik = ?, correspondent_account = ?, settlement_account = ?, updated_at = ?"
                      + " WHERE id = ?");
          int i = bind(s, 1, c);
          s.setObject(i, utc(at));
          s.setLong(i + 1, companyId);
          return s;
        });
  }

  void link(long dealId, Long companyId) {
    jdbc.update("UPDATE deal SET company_id = ? WHERE id = ?", companyId, dealId);
  }

  /** The deals a company pays for, with their process instances: the open ones show its requisites in their tasks. */
  record LinkedDeal(long dealId, String processInstanceId, boolean open) {}

  List<LinkedDeal> deals(long companyId) {
    return jdbc.query(
        "SELECT id, process_instance_id, closed_at FROM deal WHERE company_id = ? ORDER BY id",
        (rs, n) -> new LinkedDeal(rs.getLong(1), rs.getString(2), rs.getObject(3) == null),
        companyId);
  }

  private static int bind(PreparedStatement s, int from, CompanyRequest c) throws java.sql.SQLException {
    String[] values = {
      c.name(), c.inn(), c.kpp(), c.ogrn(), c.director(), c.legalAddress(), c.actualAddress(), c.postalAddress(), c.bankName(), c.bik(),
      c.correspondentAccount(), c.settlementAccount()
    };
    int i = from;
    for (String value : values) {
      s.setString(i++, value);
    }
    return i;
  }

  private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Stored(
        rs.getLong(1),
        new CompanyRequest(
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
