package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.stereotype.Repository;

/**
 * The application's own tables for deals and their timeline. Every method joins the
 * caller's transaction, which is the engine's when called from a process.
 */
@Repository
public class DealStore {

  private static final int MAX_TEXT = 4000;

  private final JdbcTemplate jdbc;
  private final SimpleJdbcInsert timelineInsert;
  private final SimpleJdbcInsert contactInsert;
  private final SimpleJdbcInsert dealInsert;
  private final ContactSearch search;

  public DealStore(JdbcTemplate jdbc, ContactSearch search) {
    this.jdbc = jdbc;
    this.search = search;
    this.timelineInsert =
        new SimpleJdbcInsert(jdbc)
            .withTableName("timeline_entry")
            .usingColumns("deal_id", "occurred_at", "kind", "stage_code", "text", "user_id")
            .usingGeneratedKeyColumns("id");
    this.contactInsert =
        new SimpleJdbcInsert(jdbc)
            .withTableName("contact")
            .usingColumns("name", "phone", "email", "messenger", "created_at")
            .usingGeneratedKeyColumns("id");
    this.dealInsert =
        new SimpleJdbcInsert(jdbc)
            .withTableName("deal")
            .usingColumns("funnel", "contact_id", "course", "lead_type", "parent_deal_id", "created_at")
            .usingGeneratedKeyColumns("id");
  }

  /** Stores a new contact, findable by «Найти клиента» at once, and returns its id. */
  public long createContact(NewContact contact, Instant at) {
    var row =
        new MapSqlParameterSource()
            .addValue("name", contact.name())
            .addValue("phone", contact.phone())
            .addValue("email", contact.email())
            .addValue("messenger", contact.messenger())
            .addValue("created_at", timestamp(at));
    long id = contactInsert.executeAndReturnKey(row).longValue();
    search.indexNewName(id, contact.name());
    return id;
  }

  /** Stores a new deal (without a stage: the process sets it) and returns its id. */
  public long createDeal(NewDeal deal, Instant at) {
    var row =
        new MapSqlParameterSource()
            .addValue("funnel", deal.funnel())
            .addValue("contact_id", deal.contactId())
            .addValue("course", deal.course())
            .addValue("lead_type", deal.leadType())
            .addValue("parent_deal_id", deal.parentDealId())
            .addValue("created_at", timestamp(at));
    return dealInsert.executeAndReturnKey(row).longValue();
  }

  /** Remembers where the deal's lead came from (one row per deal, written by the intake). */
  public void recordLeadSource(long dealId, LeadSource source) {
    jdbc.update(
        "INSERT INTO lead_source (deal_id, channel, form_id, source, utm_source, utm_medium, utm_campaign, utm_content, utm_term, referer)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        dealId,
        source.channel(),
        source.formId(),
        source.source(),
        source.utmSource(),
        source.utmMedium(),
        source.utmCampaign(),
        source.utmContent(),
        source.utmTerm(),
        source.referer());
  }

  /** Where the deal's lead came from; empty for a deal that was not a lead (or came before issue 19). */
  public Optional<LeadSource> leadSource(long dealId) {
    return jdbc.query(
            "SELECT channel, form_id, source, utm_source, utm_medium, utm_campaign, utm_content, utm_term, referer FROM lead_source WHERE deal_id = ?",
            (rs, row) ->
                new LeadSource(
                    rs.getString(1), null, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9)),
            dealId)
        .stream()
        .findFirst();
  }

  /** Remembers which process instance carries the deal. */
  public void linkProcessInstance(long dealId, String processInstanceId) {
    jdbc.update("UPDATE deal SET process_instance_id = ? WHERE id = ?", processInstanceId, dealId);
  }

  /** Makes a user (or nobody) responsible for the deal. */
  public void setResponsible(long dealId, String userId) {
    jdbc.update("UPDATE deal SET responsible = ? WHERE id = ?", userId, dealId);
  }

  public Optional<String> responsible(long dealId) {
    return jdbc.query("SELECT responsible FROM deal WHERE id = ?", (rs, row) -> Optional.ofNullable(rs.getString(1)), dealId)
        .stream()
        .findFirst()
        .flatMap(r -> r);
  }

  /** Closes the deal as won or lost; a lost deal keeps its reason. */
  public void close(long dealId, String outcome, String lossReason, Instant at) {
    jdbc.update(
        "UPDATE deal SET outcome = ?, loss_reason = ?, closed_at = ? WHERE id = ?", outcome, lossReason, utc(at), dealId);
  }

  /** Links a deal closed as «Дубль» to the open deal it repeats. */
  public void markDuplicateOf(long dealId, long originalDealId) {
    jdbc.update("UPDATE deal SET duplicate_of = ? WHERE id = ?", originalDealId, dealId);
  }

  /** Records the course, budget and the like as the manager fills them in. */
  public void updateCourseAndBudget(long dealId, String course, BigDecimal budget) {
    jdbc.update(
        "UPDATE deal SET course = COALESCE(?, course), budget = COALESCE(?, budget) WHERE id = ?", course, budget, dealId);
  }

  public Optional<BigDecimal> budget(long dealId) {
    return jdbc.query("SELECT budget FROM deal WHERE id = ?", (rs, row) -> Optional.ofNullable(rs.getBigDecimal(1)), dealId)
        .stream()
        .findFirst()
        .flatMap(b -> b);
  }

  /** Adds a tag once; a tag already there keeps its origin. */
  public void addTag(long dealId, String tag, boolean automatic, Instant at) {
    jdbc.update(
        "INSERT INTO deal_tag (deal_id, tag, automatic, created_at) SELECT ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM deal_tag WHERE deal_id = ? AND tag = ?)",
        dealId,
        tag,
        automatic,
        utc(at),
        dealId,
        tag);
  }

  public void removeTag(long dealId, String tag) {
    jdbc.update("DELETE FROM deal_tag WHERE deal_id = ? AND tag = ?", dealId, tag);
  }

  public List<String> tags(long dealId) {
    return jdbc.queryForList("SELECT tag FROM deal_tag WHERE deal_id = ? ORDER BY created_at, tag", String.class, dealId);
  }

  /** The deal's current stage, if the deal exists and has entered one. */
  public Optional<Stage> currentStage(long dealId) {
    return jdbc.query(
            "SELECT stage_code, stage_title FROM deal WHERE id = ?",
            (rs, row) -> rs.getString(1) == null ? null : new Stage(rs.getString(1), rs.getString(2)),
            dealId)
        .stream()
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * What a stage entry needs to know of a deal, in one read: its funnel, its current stage and
   * whether it carries the tag {@code tag} (the stage recorder passes «подвисла», which entering a
   * stage removes). Empty when the deal does not exist.
   */
  public Optional<StageState> stageState(long dealId, String tag) {
    return jdbc.query(
            "SELECT funnel, stage_code, stage_title,"
                + " CASE WHEN EXISTS (SELECT 1 FROM deal_tag t WHERE t.deal_id = d.id AND t.tag = ?) THEN 1 ELSE 0 END"
                + " FROM deal d WHERE d.id = ?",
            (rs, row) ->
                new StageState(
                    rs.getString(1),
                    rs.getString(2) == null ? Optional.empty() : Optional.of(new Stage(rs.getString(2), rs.getString(3))),
                    rs.getInt(4) == 1),
            tag,
            dealId)
        .stream()
        .findFirst();
  }

  /** A deal as {@link #stageState} reads it. */
  public record StageState(String funnel, Optional<Stage> stage, boolean tagged) {}

  /** The deal's funnel (the BPMN process key of {@link Funnel}). */
  public String funnel(long dealId) {
    return jdbc.queryForObject("SELECT funnel FROM deal WHERE id = ?", String.class, dealId);
  }

  public boolean exists(long dealId) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM deal WHERE id = ?", Integer.class, dealId);
    return count != null && count > 0;
  }

  /** Moves the deal to a stage and remembers when. */
  public void enterStage(long dealId, Stage stage, Instant at) {
    jdbc.update(
        "UPDATE deal SET stage_code = ?, stage_title = ?, stage_entered_at = ? WHERE id = ?",
        stage.code(),
        stage.title(),
        utc(at),
        dealId);
  }

  /** Appends a line to the deal's timeline; over-long text is shortened, never rejected. */
  public long appendTimeline(long dealId, Instant at, TimelineKind kind, String stageCode, String text, String userId) {
    String stored = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text;
    var row =
        new MapSqlParameterSource()
            .addValue("deal_id", dealId)
            .addValue("occurred_at", timestamp(at))
            .addValue("kind", kind.name())
            .addValue("stage_code", stageCode)
            .addValue("text", stored)
            .addValue("user_id", userId);
    return timelineInsert.executeAndReturnKey(row).longValue();
  }

  public List<TimelineEntry> timeline(long dealId) {
    return jdbc.query(
        "SELECT id, deal_id, occurred_at, kind, stage_code, text, user_id FROM timeline_entry"
            + " WHERE deal_id = ? ORDER BY occurred_at, id",
        DealStore::timelineEntry,
        dealId);
  }

  private static TimelineEntry timelineEntry(ResultSet rs, int row) throws SQLException {
    return new TimelineEntry(
        rs.getLong("id"),
        rs.getLong("deal_id"),
        rs.getObject("occurred_at", OffsetDateTime.class),
        TimelineKind.valueOf(rs.getString("kind")),
        rs.getString("stage_code"),
        rs.getString("text"),
        rs.getString("user_id"));
  }

  /**
   * For SimpleJdbcInsert, which binds by the column's metadata type: PostgreSQL's driver takes a
   * Timestamp for TIMESTAMP WITH TIME ZONE there, not an OffsetDateTime.
   */
  private static Timestamp timestamp(Instant instant) {
    return Timestamp.from(instant);
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
