-- Lead intake and payments (issue 3).

-- One contact per normalised phone and per e-mail: the duplicate check finds a client by either,
-- and two first leads of a new client racing each other collide here (the loser is retried).
-- NULLs are allowed and do not collide.
DROP INDEX contact_phone_idx;
DROP INDEX contact_email_idx;
ALTER TABLE contact ADD CONSTRAINT contact_phone_uq UNIQUE (phone);
ALTER TABLE contact ADD CONSTRAINT contact_email_uq UNIQUE (email);

-- Answers already given per Idempotency-Key of POST /api/leads. The row is inserted first in the
-- request's transaction; a concurrent request with the same key waits on it and replays the answer.
CREATE TABLE idempotency_request (
    idempotency_key VARCHAR(100)  PRIMARY KEY,
    request_hash    VARCHAR(64)   NOT NULL,
    status_code     INTEGER,
    response_body   VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idempotency_created_idx ON idempotency_request (created_at);

-- Payments confirmed by the payment provider's webhook; the reference makes the webhook idempotent.
CREATE TABLE payment (
    reference   VARCHAR(100)   PRIMARY KEY,
    deal_id     BIGINT         NOT NULL REFERENCES deal (id),
    amount      DECIMAL(12, 2) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payment_amount_chk CHECK (amount > 0)
);
CREATE INDEX payment_deal_idx ON payment (deal_id);
