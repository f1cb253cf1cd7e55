package ru.onlineschool.funnels.api;

import java.io.IOException;

/** The request body went past {@link ApiAuthenticationFilter#MAX_BODY_BYTES} while being read. */
public class BodyTooLargeException extends IOException {

  public BodyTooLargeException() {
    super("request body too large", null);
  }
}
