package ru.onlineschool.funnels.deal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The payments of a deal (table {@code payment}): every payment with its amount, checked against
 * the invoiced budget. Schools sell by instalments, so a deal is paid by one or several payments;
 * whether what was paid wins the deal is the model's decision, not this class's. Joins the caller's
 * transaction.
 */
@Repository
public class DealPayments {

  /** The only currency the school invoices in. */
  public static final String ROUBLES = "RUB";

  /** One recorded payment and the deal right after it. */
  public record Payment(
      long dealId,
      String reference,
      BigDecimal amount,
      String currency,
      OffsetDateTime receivedAt,
      String confirmedBy,
      BigDecimal paidTotal,
      BigDecimal budget,
      Stage stageAfter) {}

  /** What was paid on a deal and what it was invoiced for (null while no budget is set). */
  public record Balance(BigDecimal paid, BigDecimal budget) {

    public BigDecimal remaining() {
      return budget == null ? BigDecimal.ZERO : budget.subtract(paid).max(BigDecimal.ZERO);
    }

    /** «оплачено 20 000 ₽ из 64 900 ₽», or null without a budget. */
    public String text() {
      return budget == null ? null : Rubles.paidOf(paid, budget);
    }
  }

  /** A payment the deal cannot take; nothing was written. The message is for people. */
  public static class PaymentRefused extends RuntimeException {

    public enum Reason {
      /** The deal has no invoiced budget to check the payment against. */
      NO_BUDGET,
      /** The deal's payments would exceed the budget. */
      OVERPAID,
      /** A payment with this reference is already recorded. */
      KNOWN_REFERENCE
    }

    private final Reason reason;

    PaymentRefused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private final JdbcTemplate jdbc;
  private final DealStore deals;

  public DealPayments(JdbcTemplate jdbc, DealStore deals) {
    this.jdbc = jdbc;
    this.deals = deals;
  }

  /**
   * Locks the deal's row until the transaction ends, so that two payments of one deal are checked
   * one after the other (the second sees the first); false if there is no such deal.
   */
  public boolean lock(long dealId) {
    return !jdbc.queryForList("SELECT id FROM deal WHERE id = ? FOR UPDATE", Long.class, dealId).isEmpty();
  }

  public Optional<Payment> byReference(String reference) {
    return jdbc.query(SELECT + " WHERE reference = ?", DealPayments::payment, reference).stream().findFirst();
  }

  public List<Payment> payments(long dealId) {
    // paid_total grows with every payment of a deal: it orders payments received in the same instant.
    return jdbc.query(SELECT + " WHERE deal_id = ? ORDER BY received_at, paid_total, reference", DealPayments::payment, dealId);
  }

  public Balance balance(long dealId) {
    BigDecimal paid = jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE deal_id = ?", BigDecimal.class, dealId);
    List<BigDecimal> budget = jdbc.query("SELECT budget FROM deal WHERE id = ?", (rs, row) -> rs.getBigDecimal(1), dealId);
    return new Balance(paid.setScale(2), budget.isEmpty() || budget.get(0) == null ? null : budget.get(0).setScale(2));
  }

  /**
   * Records a payment in roubles after checking it against the invoice: a deal without a budget
   * takes no payment, and the payments of a deal never exceed its budget. Adds a line to the deal's
   * history. The caller has checked that the deal awaits payment.
   *
   * @param confirmedBy the manager who confirmed it by hand, or null for the payment provider
   * @return the balance including this payment
   * @throws PaymentRefused with nothing written
   */
  public Balance record(long dealId, String reference, BigDecimal amount, Instant at, String confirmedBy) {
    lock(dealId);
    if (byReference(reference).isPresent()) {
      throw new PaymentRefused(PaymentRefused.Reason.KNOWN_REFERENCE, "Платёж «" + reference + "» уже учтён.");
    }
    Balance before = balance(dealId);
    if (before.budget() == null || before.budget().signum() <= 0) {
      throw new PaymentRefused(PaymentRefused.Reason.NO_BUDGET, "В сделке не указан бюджет счёта: оплату не с чем сверить.");
    }
    if (amount.compareTo(before.remaining()) > 0) {
      throw new PaymentRefused(
          PaymentRefused.Reason.OVERPAID,
          "Платёж на "
              + Rubles.format(amount)
              + " больше остатка по счёту: "
              + before.text()
              + ", осталось оплатить "
              + Rubles.format(before.remaining())
              + ".");
    }
    Balance after = new Balance(before.paid().add(amount), before.budget());
    jdbc.update(
        "INSERT INTO payment (reference, deal_id, amount, currency, received_at, confirmed_by, paid_total, budget)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        reference,
        dealId,
        amount,
        ROUBLES,
        at.atOffset(ZoneOffset.UTC),
        confirmedBy,
        after.paid(),
        after.budget());
    String what = confirmedBy == null ? "Оплата получена: " : "Оплата подтверждена вручную: ";
    deals.appendTimeline(
        dealId, at, TimelineKind.PAYMENT, null, what + Rubles.format(amount) + ", платёж «" + reference + "» — " + after.text(), confirmedBy);
    return after;
  }

  /** Remembers the deal's stage after the process took the payment into account. */
  public void rememberStage(String reference, Stage stage) {
    jdbc.update(
        "UPDATE payment SET stage_code = ?, stage_title = ? WHERE reference = ?",
        stage == null ? null : stage.code(),
        stage == null ? null : stage.title(),
        reference);
  }

  private static final String SELECT =
      "SELECT deal_id, reference, amount, currency, received_at, confirmed_by, paid_total, budget, stage_code, stage_title FROM payment";

  private static Payment payment(ResultSet rs, int row) throws SQLException {
    String stageCode = rs.getString("stage_code");
    return new Payment(
        rs.getLong("deal_id"),
        rs.getString("reference"),
        rs.getBigDecimal("amount"),
        rs.getString("currency"),
        rs.getObject("received_at", OffsetDateTime.class),
        rs.getString("confirmed_by"),
        rs.getBigDecimal("paid_total"),
        rs.getBigDecimal("budget"),
        stageCode == null ? null : new Stage(stageCode, rs.getString("stage_title")));
  }
}
