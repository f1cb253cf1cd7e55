-- «Найти клиента» and «Доска сделок» in Tasklist (issue 16), measured with 50,000 rows: docs/performance.md.

-- A client is found by any word of her name that starts with what was typed («смир» finds «Анна
-- Смирнова»): each word of a contact's name, lower-cased with «ё» as «е», one row per word. A
-- B-tree range (word >= 'смир' AND word < 'смис') reads only the matching words on H2 and on
-- PostgreSQL alike, whatever the collation and without the pg_trgm extension. Written by
-- deal/ContactSearch whenever a contact is created or renamed; filled for existing contacts at start.
CREATE TABLE contact_name_word (
    word        VARCHAR(200) NOT NULL,
    contact_id  BIGINT       NOT NULL REFERENCES contact (id),
    PRIMARY KEY (word, contact_id)
);
CREATE INDEX contact_name_word_contact_idx ON contact_name_word (contact_id);

-- Board columns: the open deals of a funnel in one stage, longest in the stage first, a page at a
-- time; the second index is the same column filtered by responsible («мои»). deal_board_idx starts
-- with (funnel, stage_code) and replaces deal_funnel_stage_idx, which H2 would otherwise prefer
-- and then sort the whole stage for one page.
DROP INDEX deal_funnel_stage_idx;
CREATE INDEX deal_board_idx ON deal (funnel, stage_code, closed_at, stage_entered_at, id);
CREATE INDEX deal_board_responsible_idx ON deal (funnel, responsible, stage_code, closed_at, stage_entered_at, id);
