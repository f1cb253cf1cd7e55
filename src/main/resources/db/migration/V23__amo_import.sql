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

-- The administrator's mapping of amoCRM's pipelines, stages, users and headers (JSON), one row;
-- absent means the defaults for seed 003's account (migration/amocrm-mapping.json).
CREATE TABLE amo_import_mapping (
    id          INTEGER        PRIMARY KEY,
    content     VARCHAR(65000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(64),
    CONSTRAINT amo_import_mapping_one_chk CHECK (id = 1)
);
