-- Version 1: the records. One row a record, every field as it was
-- written (text; '' where the record does not give it), who reported it
-- (source), who put it in the store and when. Rows are only ever added:
-- a correction is a new row, as in a progress file.
CREATE TABLE records (
	id {{id}},
	target TEXT NOT NULL,
	district TEXT NOT NULL DEFAULT '',
	date TEXT NOT NULL DEFAULT '',
	value TEXT NOT NULL DEFAULT '',
	numerator TEXT NOT NULL DEFAULT '',
	denominator TEXT NOT NULL DEFAULT '',
	done TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	correction TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL DEFAULT '',
	recorded_at {{time}} NOT NULL
);

-- A writer reads the records of the targets it writes.
CREATE INDEX records_target ON records (target, id);
