package ru.onlineschool.funnels.messaging;

import java.util.Optional;

/**
 * A way to reach a client: e-mail ({@link EmailChannel}, the default) or a messenger
 * ({@link TelegramChannel}, {@link WhatsAppChannel}), whose {@link #code()} is the contact's
 * messenger preference; {@link ClientMessage} prefers it for clients who chose that messenger and
 * falls back to e-mail.
 */
public interface ClientChannel {

  /** The outbox channel code: {@code EMAIL}, or the messenger's name as contacts store it. */
  String code();

  /** How a manager calls this channel: «Telegram», «e-mail». */
  String title();

  /** Whether this channel is configured to deliver now. */
  boolean ready();

  /** Why a channel that is not {@link #ready()} is off, for the deal's history: «канал Telegram не подключён (…)». */
  String offReason();

  /** The client's address on this channel, if they have one. */
  Optional<String> address(Recipient recipient);

  /** Why the client has no {@link #address}, for the deal's history: «клиент ещё не писал боту школы». */
  String noAddressReason();

  /**
   * Delivers the message; any exception means «not delivered, try again later», its message (in
   * Russian) is what the deal's history says went wrong.
   *
   * @return the id the provider gave the message (Telegram's message id, WhatsApp's wamid), or null
   */
  String deliver(String address, Recipient recipient, RenderedMessage message) throws Exception;

  /** How the timeline names this channel and address: «по e-mail anna@example.ru». */
  String describe(String address);
}
