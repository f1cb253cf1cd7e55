package ru.onlineschool.funnels.api;

/**
 * A request body of our {@code /api}. Only these types are read by {@link StrictJson}: unknown
 * fields are rejected there, while the rest of the application keeps Spring's lenient mapper.
 */
public interface ApiRequest {}
