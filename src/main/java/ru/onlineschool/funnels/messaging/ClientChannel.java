package ru.onlineschool.funnels.messaging;

import java.util.Optional;

/**
 * A way to reach a client: e-mail ({@link EmailChannel}, the default) or a messenger. A WhatsApp
 * or Telegram integration is one more bean implementing this interface with the contact's
 * messenger preference as its {@link #code()}; {@link ClientMessage} prefers it for clients who
 * chose that messenger and falls back to e-mail.
 */
public interface ClientChannel {

  /** The outbox channel code: {@code EMAIL}, or the messenger's name as contacts store it. */
  String code();

  /** Whether this channel is configured to deliver now. */
  boolean ready();

  /** The client's address on this channel, if they have one. */
  Optional<String> address(Recipient recipient);

  /** Delivers the message; any exception means «not delivered, try again later». */
  void deliver(String address, Recipient recipient, RenderedMessage message) throws Exception;

  /** How the timeline names this channel and address: «по e-mail anna@example.ru». */
  String describe(String address);
}
