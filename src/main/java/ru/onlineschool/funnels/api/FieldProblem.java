package ru.onlineschool.funnels.api;

/** One bad field of a request: its name (as in the JSON) and what is wrong, in Russian. */
public record FieldProblem(String field, String message) {}
