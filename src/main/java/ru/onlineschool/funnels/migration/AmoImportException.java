package ru.onlineschool.funnels.migration;

/** The whole file (or the mapping) cannot be imported; the message is Russian, for the administrator. */
public class AmoImportException extends RuntimeException {
  public AmoImportException(String message) {
    super(message);
  }
}
