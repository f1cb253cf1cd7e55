package ru.onlineschool.funnels.deal.client;

/** Who a deal belongs to, as the client-data endpoints need it: funnel, responsible, client, process and company. */
record DealParty(long dealId, String funnel, String responsible, long contactId, String processInstanceId, Long companyId) {}
