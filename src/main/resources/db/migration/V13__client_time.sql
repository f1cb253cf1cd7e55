-- The client's time (issue 17): his time zone (an IANA id of the list time-zones/russia.csv; empty —
-- the school's) and the time he said suits him for calls, «с» and «до» as HH:mm, each optional.
-- Every planned call and client message keeps to them (calendar/WorkingTime#fit).
ALTER TABLE contact ADD COLUMN time_zone VARCHAR(40);
ALTER TABLE contact ADD COLUMN convenient_from VARCHAR(5);
ALTER TABLE contact ADD COLUMN convenient_to VARCHAR(5);
