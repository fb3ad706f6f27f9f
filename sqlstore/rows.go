package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/citybureau/renewal"
)

// Row is one record row as the store holds it: every field as written,
// "" where the record does not give it.
type Row struct {
	ID                                  int64
	Target, District, Date              string
	Value, Numerator, Denominator, Done string
	Unit, Note, Correction, Source      string
	RecordedBy                          string
	RecordedAt                          time.Time
}

// Position returns the row's place in problems and reports, which
// prints as records#ID.
func (r *Row) Position() renewal.Position { return RowPosition(r.ID) }

// RowPosition returns the place of the record row with the given id:
// Position{File: "records#", Line: id}, which prints as records#1042.
// All rows share the one name, as the records of one file do.
func RowPosition(id int64) renewal.Position {
	return renewal.Position{File: rowTable, Line: int(id)}
}

// rowTable is the name of a record row's table in its Position.
const rowTable = "records#"

// RowName returns the name of the record row with the given id, as a
// problem or a report names it: records#1042.
func RowName(id int64) string { return rowTable + strconv.FormatInt(id, 10) }

// RowID returns the id of the record row a position names, and whether
// it names one: RowPosition(id), or a File that is its name,
// Position{File: "records#1042"}.
func RowID(p renewal.Position) (int64, bool) {
	if p.IsRow() && p.File == rowTable {
		return int64(p.Line), true
	}
	s, ok := strings.CutPrefix(p.File, rowTable)
	if !ok || p.Line != 0 || p.Column != 0 || p.Sheet != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

const rowColumns = entryColumns + ", recorded_by, recorded_at"

// entryColumns are the columns a load reads: those of an Entry and the id.
const entryColumns = "id, target, district, date, value, numerator, denominator, done, unit, note, correction, source"

// insertBatch is how many rows one INSERT adds: 14 values each, well
// within both engines' limits on parameters.
const insertBatch = 500

// insert adds rows, with their ids, in batches.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, rows []Row) error {
	for len(rows) > 0 {
		n := min(len(rows), insertBatch)
		var b strings.Builder
		b.WriteString("INSERT INTO records (" + rowColumns + ") VALUES ")
		args := make([]any, 0, n*14)
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.ID, r.Target, r.District, r.Date, r.Value, r.Numerator, r.Denominator, r.Done,
				r.Unit, r.Note, r.Correction, r.Source, r.RecordedBy, s.d.stamp(r.RecordedAt))
		}
		if _, err := tx.ExecContext(ctx, s.d.q(b.String()), args...); err != nil {
			return fmt.Errorf("%s: adding records: %w", s.dsn, err)
		}
		rows = rows[n:]
	}
	return nil
}

// scanRows reads record rows in id order: all of them with no targets,
// else those of the targets given. Text repeated from row to row
// (targets, districts, dates, sources, units) is kept once. With meta,
// it reads who recorded each row and when; without, a load's columns
// only (RecordedBy and RecordedAt are then left empty).
func (s *Store) scanRows(ctx context.Context, q querier, targets []string, meta bool, each func(Row) error) error {
	cols := entryColumns
	if meta {
		cols = rowColumns
	}
	query := "SELECT " + cols + " FROM records"
	var args []any
	if len(targets) > 0 {
		query += " WHERE target IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(targets)), ", ") + ")"
		for _, t := range targets {
			args = append(args, t)
		}
	}
	query += " ORDER BY id"
	rs, err := q.QueryContext(ctx, s.d.q(query), args...)
	if err != nil {
		return fmt.Errorf("%s: reading records: %w", s.dsn, err)
	}
	defer rs.Close()
	intern := map[string]string{}
	keep := func(b sql.RawBytes) string {
		if len(b) == 0 {
			return ""
		}
		if v, ok := intern[string(b)]; ok {
			return v
		}
		v := string(b)
		if len(intern) < 1<<16 {
			intern[v] = v
		}
		return v
	}
	var raw [12]sql.NullString
	var target, district, date, unit, source, by sql.RawBytes
	var at any
	var r Row
	dest := []any{&r.ID, &target, &district, &date, &raw[0], &raw[1], &raw[2], &raw[3],
		&unit, &raw[4], &raw[5], &source, &by, &at}
	if !meta {
		dest = dest[:12]
	}
	for rs.Next() {
		r = Row{}
		err := rs.Scan(dest...)
		if err != nil {
			return fmt.Errorf("%s: reading records: %w", s.dsn, err)
		}
		r.Target, r.District, r.Date = keep(target), keep(district), keep(date)
		r.Value, r.Numerator, r.Denominator, r.Done = raw[0].String, raw[1].String, raw[2].String, raw[3].String
		r.Unit, r.Note, r.Correction = keep(unit), raw[4].String, raw[5].String
		r.Source = keep(source)
		if meta {
			r.RecordedBy, r.RecordedAt = keep(by), readTime(at)
		}
		if err := each(r); err != nil {
			return err
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("%s: reading records: %w", s.dsn, err)
	}
	return nil
}

// readTime reads a recorded_at: a time from PostgreSQL, RFC 3339 text
// from SQLite; anything else (a row another program wrote) is the zero
// time.
func readTime(v any) time.Time {
	switch v := v.(type) {
	case time.Time:
		return v
	case string:
		t, _ := time.Parse(time.RFC3339Nano, v)
		return t
	case []byte:
		t, _ := time.Parse(time.RFC3339Nano, string(v))
		return t
	}
	return time.Time{}
}

// Rows returns every record row, in id order (the load order).
func (s *Store) Rows(ctx context.Context) ([]Row, error) {
	var out []Row
	err := s.scanRows(ctx, s.db, nil, true, func(r Row) error {
		out = append(out, r)
		return nil
	})
	return out, err
}
