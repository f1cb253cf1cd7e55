-- «Почтовик» (issue 4): every outbox row records its delivery. QUEUED (not sent: no channel
-- configured) → SENDING (committed before the SMTP call) → SENT; FAILED after an error (the job
-- retries); UNCERTAIN when a retry finds SENDING: the previous attempt died between the send and
-- its record, the mail may have gone out, so it is not sent again (docs/decisions.md).
ALTER TABLE outbox_message ADD COLUMN subject VARCHAR(300);
ALTER TABLE outbox_message ADD COLUMN body VARCHAR(8000);
ALTER TABLE outbox_message ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE outbox_message ADD COLUMN last_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_message ADD COLUMN last_error VARCHAR(500);
