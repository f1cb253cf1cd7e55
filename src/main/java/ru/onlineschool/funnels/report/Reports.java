package ru.onlineschool.funnels.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import ru.onlineschool.funnels.deal.Stage;

/** The answers of the report API, as JSON; percentages have one decimal, 0 when nothing to divide. */
public final class Reports {

  private Reports() {}

  @Schema(name = "ReportFunnel", title = "Воронка")
  public record FunnelRef(String code, String title) {}

  /** Open deals per stage now, like the board of a pipeline. */
  @Schema(name = "ReportBoard", title = "Сделки по этапам сейчас")
  public record Board(FunnelRef funnel, List<BoardStage> stages, long total) {}

  public record BoardStage(String code, String title, long deals) {}

  /**
   * Stage to stage conversion of the deals that entered each stage in the period, read from the
   * timeline: where they went next and how many of them were won (then or later). Deals closed
   * as not a sale («Дубль», «Тест», «Спам»: the table «Не продажи») are not counted in stages nor
   * transitions; {@code notSale} counts them apart.
   */
  public record Conversion(
      FunnelRef funnel, LocalDate from, LocalDate to, List<ConversionStage> stages, List<Transition> transitions, NotSale notSale) {}

  /**
   * @param entered deals that entered the stage in the period, not counting those closed as not a sale
   * @param movedOn of them, deals whose next stage was another stage than {@code LOST}
   * @param lost of them, deals closed as lost right from this stage
   * @param won of them, deals that reached {@code WON} afterwards
   * @param notSale deals that entered the stage in the period and are closed as not a sale (apart from {@code entered})
   */
  public record ConversionStage(
      String code,
      String title,
      long entered,
      long movedOn,
      long lost,
      long won,
      BigDecimal movedOnPercent,
      BigDecimal wonPercent,
      long notSale) {}

  /**
   * Deals closed with a reason the table «Не продажи» names: never a sale, shown apart.
   *
   * @param label the line the reports show them under: «Не продажи: дубль, тест, спам»
   * @param deals how many such deals
   * @param reasons of them, per reason (percent of {@code deals}), most frequent first
   */
  @Schema(name = "ReportNotSale", title = "Не продажи")
  public record NotSale(String label, long deals, List<LossReason> reasons) {}

  /** How many deals went from one stage straight to another; {@code to} is null while they stay. */
  public record Transition(String from, String to, long deals) {}

  /**
   * Deals lost in the period by reason: {@code total} and {@code reasons} are lost sales; deals
   * closed as not a sale («Дубль», «Тест», «Спам») are in {@code notSale} only.
   */
  public record LossReasons(FunnelRef funnel, LocalDate from, LocalDate to, long total, List<LossReason> reasons, NotSale notSale) {}

  public record LossReason(String reason, long deals, BigDecimal percent) {}

  /** The 15-minute rule per manager for the leads created in the period. */
  public record FirstContact(FunnelRef funnel, LocalDate from, LocalDate to, long slaMinutes, List<ManagerFirstContact> managers) {}

  /**
   * @param leads leads of the manager created in the period (not counting those still inside the
   *     allowed time and not yet answered)
   * @param answered leads with a first contact (a call or a completed task) so far
   * @param withinSla leads answered within the allowed time
   * @param medianMinutes median time from the lead to the first contact, over the answered leads
   */
  public record ManagerFirstContact(
      String manager, String name, long leads, long answered, long withinSla, BigDecimal withinSlaPercent, BigDecimal medianMinutes) {}

  /** Open tasks per manager due by the end of today (as the Tasklist filter «На сегодня»). */
  public record Workload(FunnelRef funnel, LocalDate date, int minutesPerTask, List<ManagerWorkload> managers) {}

  /**
   * @param tasks open tasks assigned to the manager with a due date before the end of today
   * @param overdue of them, already overdue
   * @param minutes the estimate, tasks × minutes per task
   * @param estimate the same for people: «45 задач ≈ 2 ч 15 мин»
   */
  public record ManagerWorkload(String manager, String name, long tasks, long overdue, long minutes, String estimate) {}

  static BoardStage boardStage(Stage stage, long deals) {
    return new BoardStage(stage.code(), stage.title(), deals);
  }

  /**
   * Leads by where they came from (issue 19): per channel, utm_source and utm_campaign, the deals
   * created in the period and how many of them were won. Deals closed as not a sale («Дубль»,
   * «Тест», «Спам») are not leads: {@code notSale} counts them apart, as in the conversion.
   */
  @Schema(name = "ReportSources", title = "Источники заявок")
  public record Sources(FunnelRef funnel, LocalDate from, LocalDate to, long leads, long won, BigDecimal wonPercent, List<SourceRow> sources, long notSale) {}

  /**
   * @param channel API, TILDA, MARQUIZ, TELEGRAM, WHATSAPP, or null for deals that came before sources were kept
   * @param channelTitle the channel in words: «Tilda», «Marquiz», «API (сайт, колл-центр)», «Неизвестно»
   * @param utmSource utm_source, or null when the lead had none
   * @param utmCampaign utm_campaign, or null when the lead had none
   * @param leads deals created in the period, not counting those closed as not a sale
   * @param open of them, still open
   * @param won of them, won
   * @param lost of them, lost
   * @param wonPercent {@code won} of {@code leads}, %
   */
  @Schema(name = "ReportSource", title = "Источник заявок")
  public record SourceRow(
      String channel, String channelTitle, String utmSource, String utmCampaign, long leads, long open, long won, long lost, BigDecimal wonPercent) {}
}
