-- «На месте» / «Нет на месте» (issue 17, seed 003 «Smart-распределение»: «те, кто сейчас находится
-- в системе и готов»). The mark a manager or curator sets himself in Tasklist (the head of sales
-- may set anyone's); without a row he is on his place.
CREATE TABLE staff_presence (
    user_id    VARCHAR(64) PRIMARY KEY,
    present    BOOLEAN     NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by VARCHAR(64) NOT NULL
);

-- When each employee last made a request to Tasklist or /api, written at most once a minute per
-- employee; the table «Кто на работе» (bpmn/staff-presence.dmn) says after how long without one he
-- no longer counts as at work.
CREATE TABLE staff_activity (
    user_id      VARCHAR(64) PRIMARY KEY,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
