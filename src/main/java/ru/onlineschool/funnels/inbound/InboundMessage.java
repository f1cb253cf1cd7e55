package ru.onlineschool.funnels.inbound;

import ru.onlineschool.funnels.deal.LeadSource;

/**
 * A client's message as a messenger's webhook delivered it (issue 20, inbound).
 *
 * @param channel {@link LeadSource#TELEGRAM} or {@link LeadSource#WHATSAPP}
 * @param externalId the messenger's id of the delivery: Telegram's {@code update_id}, WhatsApp's {@code wamid}
 * @param senderId the Telegram chat id, or the WhatsApp number ({@code wa_id}, digits)
 * @param senderName the name in the messenger's profile, if any
 * @param phone the phone the message proves: WhatsApp's number, or a Telegram contact the user shared of himself
 * @param startPayload the parameter of Telegram's {@code /start} deep link, if the message is one
 * @param text what the client wrote (a description for a photo, a voice message, …)
 */
public record InboundMessage(
    String channel, String externalId, String senderId, String senderName, String phone, String startPayload, String text) {

  static final int TEXT_MAX = 4000;

  public InboundMessage {
    text = text == null || text.isBlank() ? "(пустое сообщение)" : text.strip();
    if (text.length() > TEXT_MAX) {
      text = text.substring(0, TEXT_MAX - 1) + "…";
    }
    senderName = cut(senderName, 200);
    phone = cut(phone, 40);
    startPayload = cut(startPayload, 64);
  }

  /** «Telegram», «WhatsApp». */
  public String channelTitle() {
    return LeadSource.titleOf(channel);
  }

  private static String cut(String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String stripped = value.strip();
    return stripped.length() <= max ? stripped : stripped.substring(0, max);
  }
}
