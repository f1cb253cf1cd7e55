package ru.onlineschool.funnels.messaging;

/** A template filled with one deal's data: what the client gets. */
public record RenderedMessage(String template, String title, String subject, String body) {}
