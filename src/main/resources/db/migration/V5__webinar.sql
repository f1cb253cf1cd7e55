-- Funnel «Вебинар» (issue 4): webinars as the platform names them, and who registered.
CREATE TABLE webinar (
    id               VARCHAR(100)  PRIMARY KEY,
    title            VARCHAR(300)  NOT NULL,
    starts_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_minutes INTEGER       NOT NULL,
    link             VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One webinar deal per contact and webinar; a second registration returns the first deal.
CREATE TABLE webinar_registration (
    deal_id     BIGINT        PRIMARY KEY REFERENCES deal (id),
    webinar_id  VARCHAR(100)  NOT NULL REFERENCES webinar (id),
    contact_id  BIGINT        NOT NULL REFERENCES contact (id),
    attended_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT webinar_registration_uq UNIQUE (webinar_id, contact_id)
);
CREATE INDEX webinar_registration_webinar_idx ON webinar_registration (webinar_id);
