-- Records are never changed or removed.
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are never changed: add a record with a correction instead');
END;

CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are never removed: add a record with a correction instead');
END;
