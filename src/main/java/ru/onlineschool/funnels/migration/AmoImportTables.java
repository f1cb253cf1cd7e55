package ru.onlineschool.funnels.migration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The import's own tables: {@code amo_import_key} (what an import created or matched — deal, contact, company — by amoCRM's id) and
 * {@code amo_import_mapping} (the administrator's mapping). Joins the caller's transaction.
 */
@Repository
public class AmoImportTables {

  static final String DEAL = "DEAL";
  static final String CONTACT = "CONTACT";
  static final String COMPANY = "COMPANY";

  private final JdbcTemplate jdbc;

  public AmoImportTables(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Our id of what amoCRM's {@code amoId} became, if an import created it. */
  Optional<Long> localId(String entity, String amoId) {
    if (amoId == null) {
      return Optional.empty();
    }
    return jdbc.queryForList("SELECT local_id FROM amo_import_key WHERE entity = ? AND amo_id = ?", Long.class, entity, amoId).stream().findFirst();
  }

  /** Remembers a created deal; a second import of the same id fails on the key, and its deal with it. */
  void rememberDeal(String amoId, long dealId, Instant at) {
    jdbc.update("INSERT INTO amo_import_key (entity, amo_id, local_id, imported_at) VALUES (?, ?, ?, ?)", DEAL, amoId, dealId, at.atOffset(ZoneOffset.UTC));
  }

  /** Remembers which contact amoCRM's contact became, once. */
  void rememberContact(String amoId, long contactId, Instant at) {
    jdbc.update(
        "INSERT INTO amo_import_key (entity, amo_id, local_id, imported_at) SELECT ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM amo_import_key WHERE entity = ? AND amo_id = ?)",
        CONTACT, amoId, contactId, at.atOffset(ZoneOffset.UTC), CONTACT, amoId);
  }

  /** Remembers what amoCRM's company (or any entity) became; a second import of the id fails on the key. */
  void remember(String entity, String amoId, long localId, Instant at) {
    jdbc.update("INSERT INTO amo_import_key (entity, amo_id, local_id, imported_at) VALUES (?, ?, ?, ?)", entity, amoId, localId, at.atOffset(ZoneOffset.UTC));
  }

  /** The administrator's mapping as saved, if any. */
  Optional<byte[]> mapping() {
    return jdbc.queryForList("SELECT content FROM amo_import_mapping WHERE id = 1", String.class).stream().findFirst().map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  void saveMapping(String content, String userId, Instant at) {
    if (jdbc.update("UPDATE amo_import_mapping SET content = ?, updated_at = ?, updated_by = ? WHERE id = 1", content, at.atOffset(ZoneOffset.UTC), userId) == 0) {
      jdbc.update("INSERT INTO amo_import_mapping (id, content, updated_at, updated_by) VALUES (1, ?, ?, ?)", content, at.atOffset(ZoneOffset.UTC), userId);
    }
  }

  void clearMapping() {
    jdbc.update("DELETE FROM amo_import_mapping WHERE id = 1");
  }
}
