package ru.onlineschool.funnels.deal;

/** A deal as it is about to be stored, before its process starts. */
public record NewDeal(String funnel, long contactId, String course, String leadType, Long parentDealId) {}
