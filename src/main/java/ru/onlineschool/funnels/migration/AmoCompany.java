package ru.onlineschool.funnels.migration;

/**
 * A row of amoCRM's companies export: id, name, ИНН and КПП (the account's fields, if filled), and
 * whether it also carries phones, e-mails or linked contacts — which the school does not keep for a
 * company (its contact is the deal's client).
 */
record AmoCompany(int line, String amoId, String name, String inn, String kpp, boolean hasContactData) {}
