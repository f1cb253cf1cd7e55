package ru.onlineschool.funnels.messaging;

/** The channel refused or failed: the job fails and the engine retries it by its retry cycle. */
public class MessageNotSentException extends RuntimeException {

  public MessageNotSentException(String message, Throwable cause) {
    super(message, cause);
  }
}
