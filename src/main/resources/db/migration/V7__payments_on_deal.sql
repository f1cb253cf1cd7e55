-- Payments checked against the invoice (issue 13, point 3). The table moves to the deal's package:
-- a deal is paid by instalments, so each payment keeps its amount and what the deal looked like
-- right after it, which is also the answer a retried webhook gets back.

-- Only roubles are accepted; the column is there so that a payment row says what it was in.
ALTER TABLE payment ADD COLUMN currency VARCHAR(3) DEFAULT 'RUB' NOT NULL;
-- Login of the manager who confirmed the payment by hand in Tasklist; empty for the payment provider.
ALTER TABLE payment ADD COLUMN confirmed_by VARCHAR(64);
-- Paid on the deal including this payment, and the invoiced budget it was checked against.
ALTER TABLE payment ADD COLUMN paid_total DECIMAL(12, 2);
ALTER TABLE payment ADD COLUMN budget DECIMAL(12, 2);
-- The deal's stage once the process had taken the payment into account.
ALTER TABLE payment ADD COLUMN stage_code VARCHAR(40);
ALTER TABLE payment ADD COLUMN stage_title VARCHAR(200);
