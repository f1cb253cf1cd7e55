package ru.onlineschool.funnels.deal;

/** A contact as it is about to be stored; phone already in E.164, e-mail lower-cased. */
public record NewContact(String name, String phone, String email, String messenger) {}
