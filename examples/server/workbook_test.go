package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore/sqltest"
	"github.com/citybureau/renewal/xlsx"
	"github.com/xuri/excelize/v2"
)

// workbook fills district's template as of asOf: the 累计完成 cell of
// target set to v; it returns the file and that cell's name.
func workbook(t *testing.T, e *env, district, target string, v any, asOf string) ([]byte, string) {
	t.Helper()
	d := renewal.MustParseDate(asOf)
	var tp *xlsx.Template
	for _, x := range xlsx.Templates(e.s.Plan, d) {
		if x.District != nil && x.District.ID == district {
			tp = &x
		}
	}
	var buf bytes.Buffer
	if err := tp.Write(&buf, e.s.Plan, nil, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	col := ""
	for c := 1; c <= 30; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		if h, _ := f.GetCellValue(xlsx.Sheet, name+"3"); h == "累计完成" {
			col = name
		}
	}
	cell := ""
	for r := 4; r < 60; r++ {
		if id, _ := f.GetCellValue(xlsx.Sheet, "A"+strconv.Itoa(r)); id == target {
			cell = col + strconv.Itoa(r)
		}
	}
	if col == "" || cell == "" {
		t.Fatalf("no 累计完成 cell of %s in %s's template", target, district)
	}
	if err := f.SetCellValue(xlsx.Sheet, cell, v); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), cell
}

// TestWorkbook: a clean workbook becomes pending submissions; a bad one
// is refused with its problem at its cell, another district's with 403,
// and neither stores anything.
func TestWorkbook(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	clerk := e.login("clerk-binhai")
	bad, cell := workbook(t, e, "binhai", "neighbourhoods-renovated", "七个", "2025-09-30")
	st, body := clerk.do("POST", "/api/submissions/workbook", bad)
	var ae apiError
	json.Unmarshal([]byte(body), &ae)
	// The problem names the sheet and the figure's own cell, 累计完成's,
	// not the row's first.
	at := xlsx.Sheet + "!" + cell + ": "
	if st != 400 || len(ae.Problems) != 1 || !strings.HasPrefix(ae.Problems[0], at) || !strings.Contains(ae.Problems[0], "七个") {
		t.Errorf("bad workbook: %d %s; want 400 with one problem at %s", st, body, at)
	}
	other, otherCell := workbook(t, e, "funing", "neighbourhoods-renovated", 5, "2025-09-30")
	st, body = clerk.do("POST", "/api/submissions/workbook", other)
	ae = apiError{}
	json.Unmarshal([]byte(body), &ae)
	// Each figure not the caller's is named at its row's 县区编号 cell, in
	// Chinese: another cell of the figure's row than the figure's own or
	// the row's first, the 目标编号.
	row := strings.TrimLeft(otherCell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	if st != 403 || len(ae.Problems) != 1 || !strings.HasPrefix(ae.Problems[0], xlsx.Sheet+"!") ||
		strings.HasPrefix(ae.Problems[0], xlsx.Sheet+"!"+otherCell+":") || strings.HasPrefix(ae.Problems[0], xlsx.Sheet+"!A"+row+":") ||
		!strings.Contains(ae.Problems[0], row+": ") ||
		!strings.Contains(ae.Problems[0], "不能填报阜宁县的“改造老旧小区”") {
		t.Errorf("funing's workbook by binhai's clerk: %d %s; want 403 with one problem on row %s", st, body, row)
	}
	if n := e.count("submissions"); n != 0 {
		t.Fatalf("%d submissions stored from refused workbooks", n)
	}
	good, _ := workbook(t, e, "binhai", "neighbourhoods-renovated", 7, "2025-09-30")
	st, body = clerk.do("POST", "/api/submissions/workbook", good)
	var out struct{ Submissions []Submission }
	json.Unmarshal([]byte(body), &out)
	if st != 201 || len(out.Submissions) != 1 {
		t.Fatalf("good workbook: %d %s", st, body)
	}
	s := out.Submissions[0]
	if s.Target != "neighbourhoods-renovated" || s.District != "binhai" || s.Value != "7" || s.Date != "2025-09-30" || s.State != "pending" {
		t.Errorf("submission %+v", s)
	}
	if st, body := clerk.do("POST", "/api/submissions/workbook", []byte("not a workbook")); st != 400 {
		t.Errorf("not a workbook: %d %s", st, body)
	}
	// Approved, the 7 is a record; a workbook giving 8 for the same day
	// conflicts with it (409), and the problem is at the 8's own cell.
	if st, body := e.login("reviewer").do("POST", fmt.Sprintf("/api/submissions/%d/approve", s.ID), nil); st != 200 {
		t.Fatalf("approve: %d %s", st, body)
	}
	again, cell8 := workbook(t, e, "binhai", "neighbourhoods-renovated", 8, "2025-09-30")
	before := e.count("submissions")
	st, body = clerk.do("POST", "/api/submissions/workbook", again)
	ae = apiError{}
	json.Unmarshal([]byte(body), &ae)
	if st != 409 || len(ae.Problems) == 0 || !strings.HasPrefix(ae.Problems[0], xlsx.Sheet+"!"+cell8+": ") {
		t.Errorf("a workbook against the approved record: %d %s; want 409 at %s!%s", st, body, xlsx.Sheet, cell8)
	}
	if n := e.count("submissions"); n != before {
		t.Errorf("the conflicting workbook stored %d submissions", n-before)
	}
}
