-- The deal card (issue 16) reads everything of one deal by an index: the contact's other deals by
-- deal_contact_idx, the timeline by timeline_deal_idx, tags by their key, payments by
-- payment_deal_idx. Only «duplicates of this deal» had none.
CREATE INDEX deal_duplicate_of_idx ON deal (duplicate_of);
