-- Records are never changed or removed (TRUNCATE included).
CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'records are never changed or removed (%): add a record with a correction instead', TG_OP
		USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
	FOR EACH ROW EXECUTE FUNCTION records_append_only();

CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
	FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();
