package ru.onlineschool.funnels.messaging;

/**
 * The client a message is for, as the deal knows them.
 *
 * @param messenger the channel the client prefers, as the contact stores it ({@code telegram}, {@code whatsapp}, …)
 * @param telegramChatId the client's chat with the school's bot, known once the client wrote to it
 */
public record Recipient(String name, String email, String phone, String messenger, String telegramChatId) {

  public Recipient(String name, String email, String phone, String messenger) {
    this(name, email, phone, messenger, null);
  }
}
