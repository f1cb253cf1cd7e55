package ru.onlineschool.funnels.deal.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The only class that reads or writes {@code contact_personal_data}, the clients' birthdays,
 * genders and passports. Reports, exports, search and the deal card read {@code contact}, never
 * this table (the sources are checked by {@code PersonalDataApiTest}).
 */
@Repository
class PersonalDataStore {

  /** A client's row; every field may be empty. */
  record Row(LocalDate birthday, String gender, Passport passport) {

    static final Row EMPTY = new Row(null, null, null);
  }

  /** The passport as stored (already checked and normalised). */
  record Passport(String series, String number, LocalDate issuedOn, String issuedBy, String divisionCode) {}

  private final JdbcTemplate jdbc;

  PersonalDataStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<DealParty> party(long dealId) {
    return jdbc.query(
            "SELECT id, funnel, responsible, contact_id, process_instance_id, company_id FROM deal WHERE id = ?",
            (rs, n) ->
                new DealParty(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getObject(6, Long.class)),
            dealId)
        .stream()
        .findFirst();
  }

  Row read(long contactId) {
    return jdbc.query(
            "SELECT birthday, gender, passport_series, passport_number, passport_issued_on, passport_issued_by, passport_division_code"
                + " FROM contact_personal_data WHERE contact_id = ?",
            (rs, n) ->
                new Row(
                    rs.getObject(1, LocalDate.class),
                    rs.getString(2),
                    rs.getString(3) == null
                        ? null
                        : new Passport(rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7))),
            contactId)
        .stream()
        .findFirst()
        .orElse(Row.EMPTY);
  }

  /** Locks the client's row for the rest of the transaction (creating it empty if need be), so two edits do not interleave. */
  Row lock(long contactId, Instant at, String userId) {
    jdbc.update(
        "INSERT INTO contact_personal_data (contact_id, updated_at, updated_by) SELECT ?, ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM contact_personal_data WHERE contact_id = ?)",
        contactId,
        utc(at),
        userId,
        contactId);
    jdbc.queryForList("SELECT contact_id FROM contact_personal_data WHERE contact_id = ? FOR UPDATE", Long.class, contactId);
    return read(contactId);
  }

  void writeBirthdayAndGender(long contactId, LocalDate birthday, String gender, Instant at, String userId) {
    jdbc.update(
        "UPDATE contact_personal_data SET birthday = ?, gender = ?, updated_at = ?, updated_by = ? WHERE contact_id = ?",
        birthday,
        gender,
        utc(at),
        userId,
        contactId);
  }

  void writePassport(long contactId, Passport passport, Instant at, String userId) {
    jdbc.update(
        "UPDATE contact_personal_data SET passport_series = ?, passport_number = ?, passport_issued_on = ?, passport_issued_by = ?,"
            + " passport_division_code = ?, updated_at = ?, updated_by = ? WHERE contact_id = ?",
        passport == null ? null : passport.series(),
        passport == null ? null : passport.number(),
        passport == null ? null : passport.issuedOn(),
        passport == null ? null : passport.issuedBy(),
        passport == null ? null : passport.divisionCode(),
        utc(at),
        userId,
        contactId);
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
