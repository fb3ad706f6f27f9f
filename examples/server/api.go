package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore"
)

// figure is a figure as written: a JSON string, or a number's text.
type figure string

func (f *figure) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = figure(s)
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a figure is a string or a number, not %s", b)
	}
	*f = figure(n.String())
	return nil
}

// Submission is a submission as the API gives it.
type Submission struct {
	ID          int64     `json:"id"`
	Target      string    `json:"target"`
	District    string    `json:"district"`
	Date        string    `json:"date"`
	Value       string    `json:"value,omitempty"`
	Numerator   string    `json:"numerator,omitempty"`
	Denominator string    `json:"denominator,omitempty"`
	Done        string    `json:"done,omitempty"`
	Unit        string    `json:"unit,omitempty"`
	Note        string    `json:"note"`
	Correction  string    `json:"correction,omitempty"`
	State       string    `json:"state"`
	Reason      string    `json:"reason"`
	SubmittedBy string    `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
	RecordID    int64     `json:"record,omitempty"`
}

func (sub *Submission) entry() (renewal.Entry, renewal.Problems) {
	e := renewal.Entry{
		Target: sub.Target, District: sub.District, Value: sub.Value,
		Numerator: sub.Numerator, Denominator: sub.Denominator, Unit: sub.Unit,
		Note: sub.Note, Correction: sub.Correction, Source: sub.SubmittedBy,
		Position: renewal.Position{File: "submission"},
	}
	var probs renewal.Problems
	if sub.Date != "" {
		d, err := renewal.ParseDate(sub.Date)
		if err != nil {
			probs = append(probs, renewal.Problem{Severity: renewal.Error, Class: renewal.ErrValue, Message: fmt.Sprintf("date %q: %v (expected YYYY-MM-DD)", sub.Date, err)})
		}
		e.Date = d
	}
	if sub.Done != "" {
		d, err := renewal.ParseDate(sub.Done)
		if err != nil {
			probs = append(probs, renewal.Problem{Severity: renewal.Error, Class: renewal.ErrValue, Message: fmt.Sprintf("done %q: %v (expected YYYY-MM-DD)", sub.Done, err)})
		}
		e.Done = d
	}
	return e, probs
}

// mayWrite says whether a clerk may submit for target and district: a
// district clerk a target allocated to their district, clerk-city a
// city-wide figure.
func (s *Server) mayWrite(a *Account, target, district string) bool {
	if a.Role != RoleClerk || district != a.District {
		return false
	}
	t := s.Plan.Target(target)
	if t == nil || district == "" {
		return true // an unknown target is the check's to report
	}
	for _, al := range t.Allocations {
		if al.District.ID == district {
			return true
		}
	}
	return false
}

// districtName is a district's name, 全市 for "".
func (s *Server) districtName(id string) string {
	return pageData{plan: s.Plan}.DistrictName(id)
}

// targetName is a target's name, or its id when the plan has none.
func (s *Server) targetName(id string) string {
	return pageData{plan: s.Plan}.TargetName(id)
}

// Goal is a goal of the caller's, as GET /api/goals gives it.
type Goal struct {
	Target   string `json:"target"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Unit     string `json:"unit"`
	District string `json:"district"`
	Figure   string `json:"figure"`
	// Last is the last approved record's figure, "" when none.
	Last     string `json:"last"`
	LastDate string `json:"last_date"`
}

func (s *Server) goals(ctx context.Context, a *Account) ([]Goal, error) {
	var out []Goal
	for _, t := range s.Plan.Targets {
		g := Goal{Target: t.ID, Name: t.Name, Kind: t.Kind.String(), Unit: t.Unit, District: a.District}
		if a.District == "" {
			g.Figure = t.Figure.String()
		} else {
			found := false
			for _, al := range t.Allocations {
				if al.District.ID == a.District {
					g.Figure, found = al.Figure.String(), true
				}
			}
			if !found {
				continue
			}
		}
		var value, num, den, done, date string
		err := s.Store.DB().QueryRowContext(ctx, s.q(`SELECT value, numerator, denominator, done, date FROM records
			WHERE target = ? AND district = ? ORDER BY date DESC, id DESC LIMIT 1`), t.ID, a.District).Scan(&value, &num, &den, &done, &date)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		case value != "":
			g.Last = value
		case num != "":
			g.Last = num + "/" + den
		default:
			g.Last = done
		}
		g.LastDate = date
		out = append(out, g)
	}
	return out, nil
}

func (s *Server) apiGoals(w http.ResponseWriter, r *http.Request) {
	g, err := s.goals(r.Context(), account(r))
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	if g == nil {
		g = []Goal{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"goals": g})
}

// submissionIn is the body of POST /api/submissions.
type submissionIn struct {
	Target      string `json:"target"`
	District    string `json:"district"`
	Date        string `json:"date"`
	Value       figure `json:"value"`
	Numerator   figure `json:"numerator"`
	Denominator figure `json:"denominator"`
	Done        string `json:"done"`
	Unit        string `json:"unit"`
	Note        string `json:"note"`
	Correction  string `json:"correction"`
}

// problemTexts are problems in Chinese, each a workbook's at its cell
// ("填报!D7: …"); a request's own problems need no place.
func problemTexts(ps renewal.Problems) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, at(p.Position, p.Text(renewal.Chinese)))
	}
	return out
}

// at prefixes text with a workbook position's sheet and cell.
func at(pos renewal.Position, text string) string {
	if c := pos.Cell(); c != "" {
		return c + ": " + text
	}
	return text
}

// conflicts says whether the problems hold a conflict with an approved
// record.
func conflicts(ps renewal.Problems) bool {
	for _, p := range ps.Errors() {
		if p.Code == renewal.CodeConflictsRecordAddCorrection {
			return true
		}
	}
	return false
}

// check checks entries against the plan and the store's records: the
// status and the problems when they have errors.
func (s *Server) check(ctx context.Context, entries []renewal.Entry, read renewal.Problems) (int, renewal.Problems, error) {
	if read.HasErrors() {
		return http.StatusBadRequest, read.Errors(), nil
	}
	// The entries' own problems, at their own places (a workbook's cells),
	// then their conflicts with the store's records.
	if own := sqlstore.Check(ctx, nil, s.Plan, entries, nil); own.HasErrors() {
		return http.StatusBadRequest, own.Errors(), nil
	}
	led, err := s.ledger(ctx)
	if err != nil {
		return 0, nil, err
	}
	add := renewal.Addition{File: "submission", Line: 1, Entries: entries}
	probs := led.Check(add)
	if !probs.HasErrors() {
		return 0, nil, nil
	}
	probs = placed(add, probs.Errors())
	if conflicts(probs) {
		return http.StatusConflict, probs, nil
	}
	return http.StatusBadRequest, probs, nil
}

// placed moves the problems of an addition from the lines of the
// document it makes to their entries' own places: a workbook's figure's
// cell (a conflict with an approved record is about the figure), or the
// entry's position.
func placed(add renewal.Addition, probs renewal.Problems) renewal.Problems {
	_, at := add.Document()
	out := make(renewal.Problems, len(probs))
	for k, p := range probs {
		out[k] = p
		if p.Position.File != add.File || len(at) == 0 {
			continue
		}
		i := 0
		for i+1 < len(at) && at[i+1].Line <= p.Position.Line {
			i++
		}
		e := add.Entries[i]
		out[k].Position = e.Position
		for _, f := range []string{"value", "numerator", "done"} {
			if c, ok := e.Cells[f]; ok {
				out[k].Position = c
				break
			}
		}
	}
	return out
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request) {
	a := account(r)
	var in submissionIn
	if !decode(w, r, &in) {
		return
	}
	sub := Submission{
		Target: in.Target, District: in.District, Date: in.Date, Value: string(in.Value),
		Numerator: string(in.Numerator), Denominator: string(in.Denominator), Done: in.Done,
		Unit: in.Unit, Note: in.Note, Correction: in.Correction, SubmittedBy: a.Name,
	}
	if !s.mayWrite(a, sub.Target, sub.District) {
		fail(w, http.StatusForbidden, fmt.Sprintf("%s may not submit for target %q, district %q", a.Name, sub.Target, sub.District),
			fmt.Sprintf("%s 不能填报%s的“%s”", a.Name, s.districtName(sub.District), s.targetName(sub.Target)))
		return
	}
	e, probs := sub.entry()
	status, probs, err := s.check(r.Context(), []renewal.Entry{e}, probs)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	if status != 0 {
		fail(w, status, "the submission has errors; nothing was stored", problemTexts(probs)...)
		return
	}
	out, err := s.insert(r.Context(), a, s.address(r), []Submission{sub})
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, out[0])
}

// insert stores submissions as pending, with their audit entries, in one
// transaction.
func (s *Server) insert(ctx context.Context, a *Account, addr string, subs []Submission) ([]Submission, error) {
	defer s.writer()()
	tx, err := s.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.now().UTC()
	for i := range subs {
		sub := &subs[i]
		sub.State, sub.SubmittedAt, sub.SubmittedBy = statePending, now, a.Name
		pending, _ := storedState(statePending)
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO submissions (target, district, date, value, numerator, denominator, done, unit, note, correction, source, state, submitted_by, submitted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			sub.Target, sub.District, sub.Date, sub.Value, sub.Numerator, sub.Denominator, sub.Done, sub.Unit, sub.Note, sub.Correction, a.Name, pending, a.ID, s.tv(now)).Scan(&sub.ID)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO audit (at, account, action, submission, address, detail) VALUES (?, ?, 'submit', ?, ?, '')"),
			s.tv(now), a.ID, sub.ID, addr); err != nil {
			return nil, err
		}
	}
	return subs, tx.Commit()
}

func (s *Server) apiWorkbook(w http.ResponseWriter, r *http.Request) {
	a := account(r)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(w, http.StatusRequestEntityTooLarge, "the body is over 10 MB")
		return
	}
	const name = "workbook.xlsx"
	loader := &renewal.Loader{}
	entries, read := loader.ReadEntries(r.Context(), s.Plan, fstest.MapFS{name: {Data: body}}, name)
	if read.HasErrors() {
		fail(w, http.StatusBadRequest, "the workbook has errors; nothing was stored", problemTexts(read.Errors())...)
		return
	}
	if len(entries) == 0 {
		fail(w, http.StatusBadRequest, "the workbook holds no figures; nothing was stored")
		return
	}
	var refused []string
	for _, e := range entries {
		if !s.mayWrite(a, e.Target, e.District) {
			pos := e.Position
			if c, ok := e.Cells["district"]; ok {
				pos = c // the row's 县区编号
			}
			refused = append(refused, at(pos, fmt.Sprintf("%s 不能填报%s的“%s”", a.Name, s.districtName(e.District), s.targetName(e.Target))))
		}
	}
	if refused != nil {
		fail(w, http.StatusForbidden, "the workbook has figures not the caller's; nothing was stored", refused...)
		return
	}
	status, probs, err := s.check(r.Context(), entries, read)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	if status != 0 {
		fail(w, status, "the workbook has errors; nothing was stored", problemTexts(probs)...)
		return
	}
	subs := make([]Submission, len(entries))
	for i, e := range entries {
		subs[i] = Submission{Target: e.Target, District: e.District, Value: e.Value, Numerator: e.Numerator,
			Denominator: e.Denominator, Unit: e.Unit, Note: e.Note, Correction: e.Correction}
		if !e.Date.IsZero() {
			subs[i].Date = e.Date.String()
		}
		if !e.Done.IsZero() {
			subs[i].Done = e.Done.String()
		}
	}
	out, err := s.insert(r.Context(), a, s.address(r), subs)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"submissions": out})
}

const subColumns = `s.id, s.target, s.district, s.date, s.value, s.numerator, s.denominator, s.done, s.unit, s.note, s.correction,
	s.state, s.reason, a.name, s.submitted_at, COALESCE(s.record_id, 0)`

func scanSub(sc interface{ Scan(...any) error }) (Submission, error) {
	var sub Submission
	var at moment
	err := sc.Scan(&sub.ID, &sub.Target, &sub.District, &sub.Date, &sub.Value, &sub.Numerator, &sub.Denominator, &sub.Done,
		&sub.Unit, &sub.Note, &sub.Correction, &sub.State, &sub.Reason, &sub.SubmittedBy, &at, &sub.RecordID)
	sub.SubmittedAt = at.Time
	sub.State = apiState(sub.State)
	return sub, err
}

// submissions lists the submissions a may see: a clerk their own
// district's, a reviewer all; state (the API's name) "" for all states.
func (s *Server) submissions(ctx context.Context, a *Account, state string) ([]Submission, error) {
	query := "SELECT " + subColumns + " FROM submissions s JOIN accounts a ON a.id = s.submitted_by WHERE 1 = 1"
	var args []any
	if state != "" {
		stored, _ := storedState(state)
		query += " AND s.state = ?"
		args = append(args, stored)
	}
	if a.Role == RoleClerk {
		query += " AND s.district = ?"
		args = append(args, a.District)
	}
	rows, err := s.Store.DB().QueryContext(ctx, s.q(query+" ORDER BY s.id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Submission{}
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

func (s *Server) apiSubmissions(w http.ResponseWriter, r *http.Request) {
	state := r.URL.Query().Get("state")
	if _, ok := storedState(state); state != "" && !ok {
		fail(w, http.StatusBadRequest, fmt.Sprintf("state %q: expected pending, approved or returned", state))
		return
	}
	out, err := s.submissions(r.Context(), account(r), state)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"submissions": out})
}

// pending reads the pending submission {id}; it answers and returns false
// when there is none.
func (s *Server) pending(w http.ResponseWriter, r *http.Request) (Submission, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		fail(w, http.StatusNotFound, fmt.Sprintf("no submission %q", r.PathValue("id")))
		return Submission{}, false
	}
	sub, err := scanSub(s.Store.DB().QueryRowContext(r.Context(), s.q("SELECT "+subColumns+" FROM submissions s JOIN accounts a ON a.id = s.submitted_by WHERE s.id = ?"), id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		fail(w, http.StatusNotFound, fmt.Sprintf("no submission %d", id))
		return sub, false
	case err != nil:
		fail(w, http.StatusInternalServerError, err.Error())
		return sub, false
	case sub.State != statePending:
		fail(w, http.StatusConflict, fmt.Sprintf("submission %d is %s already", id, sub.State))
		return sub, false
	}
	return sub, true
}

func (s *Server) apiApprove(w http.ResponseWriter, r *http.Request) {
	a := account(r)
	sub, ok := s.pending(w, r)
	if !ok {
		return
	}
	if sub.SubmittedBy == a.Name {
		fail(w, http.StatusForbidden, "no one approves their own submission")
		return
	}
	e, probs := sub.entry()
	if probs.HasErrors() {
		fail(w, http.StatusBadRequest, "the submission has errors", problemTexts(probs)...)
		return
	}
	release := s.writer()
	res, err := s.Store.Record(r.Context(), s.Plan, sub.SubmittedBy, e)
	release()
	if errors.Is(err, sqlstore.ErrRefused) {
		status := http.StatusBadRequest
		if conflicts(res.Problems) {
			status = http.StatusConflict
		}
		fail(w, status, "the store refuses the record; the submission stays pending", problemTexts(res.Problems.Errors())...)
		return
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	recID, _ := sqlstore.RowID(res.At[0])
	if !s.review(w, r, a, sub, stateApproved, "", recID) {
		return
	}
	sub.State, sub.RecordID = stateApproved, recID
	writeJSON(w, http.StatusOK, sub)
}

// review sets a pending submission's state (approved or returned), with
// its audit entry; it answers 409 when another reviewer got there first.
func (s *Server) review(w http.ResponseWriter, r *http.Request, a *Account, sub Submission, state, reason string, recID int64) bool {
	ctx := r.Context()
	defer s.writer()()
	tx, err := s.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return false
	}
	defer tx.Rollback()
	now := s.now()
	var rec any
	if recID != 0 {
		rec = recID
	}
	stored, _ := storedState(state)
	pending, _ := storedState(statePending)
	res, err := tx.ExecContext(ctx, s.q("UPDATE submissions SET state = ?, reason = ?, reviewed_by = ?, reviewed_at = ?, record_id = ? WHERE id = ? AND state = ?"),
		stored, reason, a.ID, s.tv(now), rec, sub.ID, pending)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return false
	}
	if n, _ := res.RowsAffected(); n != 1 {
		fail(w, http.StatusConflict, fmt.Sprintf("submission %d was reviewed already", sub.ID))
		return false
	}
	action := map[string]string{stateApproved: "approve", stateReturned: "return"}[state]
	if _, err := tx.ExecContext(ctx, s.q("INSERT INTO audit (at, account, action, submission, address, detail) VALUES (?, ?, ?, ?, ?, ?)"),
		s.tv(now), a.ID, action, sub.ID, s.address(r), reason); err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return false
	}
	if err := tx.Commit(); err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return false
	}
	return true
}

func (s *Server) apiReturn(w http.ResponseWriter, r *http.Request) {
	a := account(r)
	var in struct {
		Reason string `json:"reason"`
	}
	if !decode(w, r, &in) {
		return
	}
	if strings.TrimSpace(in.Reason) == "" {
		fail(w, http.StatusBadRequest, "a returned submission needs a reason: {\"reason\": \"...\"}")
		return
	}
	sub, ok := s.pending(w, r)
	if !ok {
		return
	}
	if sub.SubmittedBy == a.Name {
		fail(w, http.StatusForbidden, "no one reviews their own submission")
		return
	}
	if !s.review(w, r, a, sub, stateReturned, in.Reason, 0) {
		return
	}
	sub.State, sub.Reason = stateReturned, in.Reason
	writeJSON(w, http.StatusOK, sub)
}

// dates reads ?as_of= (today when absent) and ?since=.
func (s *Server) dates(r *http.Request) (asOf, since renewal.Date, err error) {
	asOf = s.today()
	if v := r.URL.Query().Get("as_of"); v != "" {
		if asOf, err = renewal.ParseDate(v); err != nil {
			return asOf, since, fmt.Errorf("as_of %q: expected a date YYYY-MM-DD", v)
		}
	}
	if v := r.URL.Query().Get("since"); v != "" {
		if since, err = renewal.ParseDate(v); err != nil {
			return asOf, since, fmt.Errorf("since %q: expected a date YYYY-MM-DD", v)
		}
	}
	return asOf, since, nil
}

// report evaluates the approved records.
func (s *Server) report(ctx context.Context, asOf, since renewal.Date) (*renewal.Report, error) {
	led, err := s.ledger(ctx)
	if err != nil {
		return nil, err
	}
	return evaluate(led, asOf, since), nil
}

// evaluate is the report as of asOf, compared with since when it is set.
func evaluate(led *renewal.Ledger, asOf, since renewal.Date) *renewal.Report {
	rep := renewal.Evaluate(led, asOf)
	if !since.IsZero() {
		rep.Previous = renewal.Evaluate(led, since)
	}
	return rep
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	asOf, since, err := s.dates(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	rep, err := s.report(r.Context(), asOf, since)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.Bytes())
}

// AuditEntry is an entry of the audit log.
type AuditEntry struct {
	At         time.Time `json:"at"`
	User       string    `json:"user"`
	Action     string    `json:"action"`
	Submission int64     `json:"submission,omitempty"`
	Address    string    `json:"address"`
	Detail     string    `json:"detail,omitempty"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	rows, err := s.Store.DB().QueryContext(r.Context(), `SELECT u.at, COALESCE(a.name, ''), u.action, COALESCE(u.submission, 0), u.address, u.detail
		FROM audit u LEFT JOIN accounts a ON a.id = u.account ORDER BY u.id`)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var at moment
		if err := rows.Scan(&at, &e.User, &e.Action, &e.Submission, &e.Address, &e.Detail); err != nil {
			fail(w, http.StatusInternalServerError, err.Error())
			return
		}
		e.At = at.Time
		if e.Action == "login-failed" {
			e.User, e.Detail = e.Detail, "" // the name tried, which may be no account's
		}
		out = append(out, e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}
