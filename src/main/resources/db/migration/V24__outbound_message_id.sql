-- Messengers (issue 20): the id the provider gave a sent message — WhatsApp's wamid, Telegram's
-- message id, a mail's Message-ID — so that a client's question about a message, or WhatsApp's
-- delivery status for it, can be matched to the outbox row.
ALTER TABLE outbox_message ADD COLUMN external_id VARCHAR(200);
