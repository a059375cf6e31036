-- Progress of a submission while it is judged, for the "test 3 of 10" display.
ALTER TABLE submissions
    ADD COLUMN tests_total  integer NOT NULL DEFAULT 0 CHECK (tests_total >= 0),
    ADD COLUMN tests_done   integer NOT NULL DEFAULT 0 CHECK (tests_done BETWEEN 0 AND tests_total),
    ADD COLUMN tests_passed integer NOT NULL DEFAULT 0 CHECK (tests_passed BETWEEN 0 AND tests_done);
