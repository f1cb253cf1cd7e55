package ru.onlineschool.funnels.deal;

/** A deal's stage: the code from the model's {@code stage} property and its Russian title. */
public record Stage(String code, String title) {}
