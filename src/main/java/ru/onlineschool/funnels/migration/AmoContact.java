package ru.onlineschool.funnels.migration;

/** The client of a row: amoCRM's contact id (may be absent), name, phone in E.164 and e-mail lower-cased. */
record AmoContact(String amoId, String name, String phone, String email) {}
