-- Reports and the «подвисла» check (issue 7), measured with 100,000 deals: docs/performance.md.

-- First-contact SLA: the leads of a funnel created in a period.
CREATE INDEX deal_funnel_created_idx ON deal (funnel, created_at);
-- Board and «подвисла»: open deals of a funnel (closed_at IS NULL) by when they entered their stage.
CREATE INDEX deal_open_stage_idx ON deal (funnel, closed_at, stage_entered_at);
-- Conversion and loss reasons: stage entries of one kind and stage in a period.
CREATE INDEX timeline_kind_stage_time_idx ON timeline_entry (kind, stage_code, occurred_at);
