-- A message is sent once per deal, template and occasion (issue 17). The occasion is what makes a
-- repeated message a new one — for the trial lesson, its time: a rescheduled lesson gets a new
-- invitation and a new reminder. Messages without an occasion keep '' and stay once per deal.
ALTER TABLE outbox_message ADD COLUMN occasion VARCHAR(60) DEFAULT '' NOT NULL;
ALTER TABLE outbox_message DROP CONSTRAINT outbox_deal_template_uq;
ALTER TABLE outbox_message ADD CONSTRAINT outbox_deal_template_occasion_uq UNIQUE (deal_id, template, occasion);
