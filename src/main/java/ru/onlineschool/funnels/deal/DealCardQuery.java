package ru.onlineschool.funnels.deal;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;

/** Reads a deal card from the deal store; times are shown in the school's zone. */
@Component
public class DealCardQuery {

  /** Just enough of the deal to decide who may see it. */
  public record Visibility(String funnel, String responsible) {}

  private final JdbcTemplate jdbc;
  private final DealStore deals;
  private final DealPayments payments;
  private final IdentityService identity;
  private final ZoneId zone;
  private final FunnelCatalog funnels;

  public DealCardQuery(
      JdbcTemplate jdbc, DealStore deals, DealPayments payments, IdentityService identity, SchoolProperties properties, FunnelCatalog funnels) {
    this.funnels = funnels;
    this.jdbc = jdbc;
    this.deals = deals;
    this.payments = payments;
    this.identity = identity;
    this.zone = properties.timeZone();
  }

  public Optional<Visibility> visibility(long dealId) {
    return jdbc.query(
            "SELECT funnel, responsible FROM deal WHERE id = ?",
            (rs, row) -> new Visibility(rs.getString(1), rs.getString(2)),
            dealId)
        .stream()
        .findFirst();
  }

  public Optional<DealCard> card(long dealId) {
    return jdbc.query(
            "SELECT d.funnel, d.stage_code, d.stage_title, d.responsible, d.course, d.budget, d.lead_type,"
                + " d.loss_reason, d.outcome, d.created_at, d.closed_at, d.parent_deal_id, d.duplicate_of,"
                + " c.name, c.phone, c.email"
                + " FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?",
            (rs, row) -> {
              String funnel = rs.getString("funnel");
              String responsible = rs.getString("responsible");
              DealPayments.Balance balance = payments.balance(dealId);
              return new DealCard(
                  dealId,
                  new DealCard.Contact(rs.getString("name"), rs.getString("phone"), rs.getString("email")),
                  new DealCard.FunnelRef(funnel, funnelTitle(funnel)),
                  rs.getString("stage_code") == null ? null : new Stage(rs.getString("stage_code"), rs.getString("stage_title")),
                  responsible == null ? null : new DealCard.Named(responsible, userName(responsible)),
                  rs.getString("course"),
                  rs.getBigDecimal("budget"),
                  balance.paid(),
                  balance.text(),
                  payments(dealId),
                  rs.getString("lead_type"),
                  deals.tags(dealId),
                  rs.getString("loss_reason"),
                  rs.getString("outcome"),
                  format(rs.getObject("created_at", OffsetDateTime.class)),
                  format(rs.getObject("closed_at", OffsetDateTime.class)),
                  rs.getObject("parent_deal_id", Long.class),
                  rs.getObject("duplicate_of", Long.class),
                  duplicates(dealId),
                  timeline(dealId));
            },
            dealId)
        .stream()
        .findFirst();
  }

  private List<Long> duplicates(long dealId) {
    return jdbc.queryForList("SELECT id FROM deal WHERE duplicate_of = ? ORDER BY id", Long.class, dealId);
  }

  private List<DealCard.Payment> payments(long dealId) {
    return payments.payments(dealId).stream()
        .map(p -> new DealCard.Payment(p.reference(), p.amount(), p.currency(), format(p.receivedAt()), p.confirmedBy()))
        .toList();
  }

  private List<DealCard.Line> timeline(long dealId) {
    return deals.timeline(dealId).stream()
        .map(e -> new DealCard.Line(format(e.occurredAt()), e.kind().name(), e.stageCode(), e.text(), e.userId()))
        .toList();
  }

  private String funnelTitle(String code) {
    return funnels.title(code);
  }

  /** «Анна Смирнова»; the login when the user is gone or has no name. */
  private String userName(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      return userId;
    }
    String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " " + (user.getLastName() == null ? "" : user.getLastName())).strip();
    return name.isEmpty() ? userId : name;
  }

  private String format(OffsetDateTime at) {
    return at == null ? null : at.atZoneSameInstant(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
