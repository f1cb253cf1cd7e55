package ru.onlineschool.funnels.messaging;

/** The client a message is for, as the deal knows them. */
public record Recipient(String name, String email, String phone, String messenger) {}
