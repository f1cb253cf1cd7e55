-- Moving in from amoCRM (issue 22): the companies export comes in too. amo_import_key also names
-- which of our companies (company.id) amoCRM's company became, so a deal export links each deal to
-- its paying company by amoCRM's «ID компании», and importing the companies again changes nothing.
ALTER TABLE amo_import_key DROP CONSTRAINT amo_import_key_entity_chk;
ALTER TABLE amo_import_key ADD CONSTRAINT amo_import_key_entity_chk CHECK (entity IN ('DEAL', 'CONTACT', 'COMPANY'));
