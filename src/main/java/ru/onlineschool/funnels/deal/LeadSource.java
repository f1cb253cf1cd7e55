package ru.onlineschool.funnels.deal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.stream.Stream;

/**
 * Where a lead came from (issue 19): the channel that delivered it, the form, the sender's own
 * source and the page's UTM marks and referer. Stored once per deal in {@code lead_source}; shown
 * in the deal card and counted by the report «Источники заявок».
 */
@Schema(name = "LeadSource", title = "Откуда пришла заявка")
public record LeadSource(
    @Schema(description = "Канал: API — POST /api/leads, TILDA — вебхук Tilda, MARQUIZ — вебхук Marquiz, TELEGRAM / WHATSAPP — сообщение клиента в мессенджер", example = "TILDA") String channel,
    @Schema(description = "Канал словами", example = "Tilda") String channelTitle,
    @Schema(description = "Форма, с которой пришла заявка (formid Tilda, id квиза Marquiz)", example = "form123456") String formId,
    @Schema(description = "Источник, как его назвал отправитель", example = "landing-python") String source,
    @Schema(description = "utm_source", example = "yandex") String utmSource,
    @Schema(description = "utm_medium", example = "cpc") String utmMedium,
    @Schema(description = "utm_campaign", example = "python_spring") String utmCampaign,
    @Schema(description = "utm_content", example = "banner_1") String utmContent,
    @Schema(description = "utm_term", example = "курс python") String utmTerm,
    @Schema(description = "Страница, с которой пришла заявка (Referer)", example = "https://school.example/python") String referer) {

  public static final String API = "API";
  public static final String TILDA = "TILDA";
  public static final String MARQUIZ = "MARQUIZ";
  /** A client's message to the school's Telegram bot (issue 20). */
  public static final String TELEGRAM = "TELEGRAM";
  /** A client's message to the school's WhatsApp number (issue 20). */
  public static final String WHATSAPP = "WHATSAPP";

  public LeadSource {
    channelTitle = titleOf(channel);
  }

  /** «Tilda», «Marquiz», «API» as people call them. */
  public static String titleOf(String channel) {
    if (channel == null) {
      return null;
    }
    return switch (channel) {
      case TILDA -> "Tilda";
      case MARQUIZ -> "Marquiz";
      case TELEGRAM -> "Telegram";
      case WHATSAPP -> "WhatsApp";
      case API -> "API (сайт, колл-центр)";
      default -> channel;
    };
  }

  /** Whether anything beyond the channel is known. */
  public boolean hasMarks() {
    return Stream.of(formId, source, utmSource, utmMedium, utmCampaign, utmContent, utmTerm, referer).anyMatch(v -> v != null && !v.isBlank());
  }
}
