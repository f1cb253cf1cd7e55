-- Moving in from amoCRM (issue 22): what an import created, keyed by amoCRM's id, so importing the
-- same file again changes nothing. entity is DEAL or CONTACT; local_id is deal.id or contact.id.
-- Written in the same transaction as the deal (or contact) it names. Owned by migration/AmoImporter.
CREATE TABLE amo_import_key (
    entity       VARCHAR(10)  NOT NULL,
    amo_id       VARCHAR(20)  NOT NULL,
    local_id     BIGINT       NOT NULL,
    imported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entity, amo_id),
    CONSTRAINT amo_import_key_entity_chk CHECK (entity IN ('DEAL', 'CONTACT'))
);
