-- Version 2: the tables of the service that clerks submit records
-- through and the bureau reviews them in. The store creates them; the
-- service fills them.

-- Who may sign in: a name, a role (clerk, reviewer, admin), the district
-- a clerk reports for ('' for the bureau), and a password hash (never
-- the password).
CREATE TABLE accounts (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	district TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	created_at {{time}} NOT NULL
);

-- Signed-in sessions, by a hash of their token (never the token).
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	account BIGINT NOT NULL REFERENCES accounts (id),
	created_at {{time}} NOT NULL,
	seen_at {{time}} NOT NULL
);

-- A record submitted for review, with its fields as written; once
-- accepted, record_id is the row it became.
CREATE TABLE submissions (
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
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected', 'withdrawn')),
	reason TEXT NOT NULL DEFAULT '',
	submitted_by BIGINT NOT NULL REFERENCES accounts (id),
	submitted_at {{time}} NOT NULL,
	reviewed_by BIGINT REFERENCES accounts (id),
	reviewed_at {{time}},
	record_id BIGINT REFERENCES records (id)
);

CREATE INDEX submissions_state ON submissions (state, id);

-- What was done, by whom, from where.
CREATE TABLE audit (
	id {{id}},
	at {{time}} NOT NULL,
	account BIGINT REFERENCES accounts (id),
	action TEXT NOT NULL,
	submission BIGINT REFERENCES submissions (id),
	address TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
