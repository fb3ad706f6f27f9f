package dashboard_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
)

// facts are what a test reads off a rendered page, by parsing its HTML
// or by asking a browser, so that both are checked by the same rules.
type facts struct {
	Text       string     // the page's text
	Bars       []barFact  // the ranking's bars, in page order
	TargetBars []string   // the data-target of each target's bar, in page order
	Warnings   []warnFact // the warning list's rows
	DueSoon    []warnFact // the due-soon list's rows (临期目标)
	AtRisk     []warnFact // the on-track-but-at-risk list's rows
	Exempt     []warnFact // the exempt allocations' rows
	Banner     string     // the text of the error banner, "" when none
	Problems   []string   // the problems listed, in page order
	Panels     []string   // the data-district of each trend panel ("" for the city)
	Scripts    int        // <script> elements
}

type barFact struct {
	District string  `json:"district"`
	Score    string  `json:"score"` // data-score
	Width    float64 `json:"width"` // the bar's length
	Track    float64 `json:"track"` // the length of a full bar (score 1)
}

type warnFact struct {
	Target   string   `json:"target"`
	District string   `json:"district"`
	Cells    []string `json:"cells"`
}

// check compares what a page shows with the report it was made from. tol
// is how far, in the units of Width, a bar may be from its exact length:
// a browser lays bars out on whole device pixels. trends is the number of
// month-end reports the page was given; lang its language.
func check(r *renewal.Report, lang renewal.Lang, f facts, tol float64, trends int) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if f.Scripts != 0 {
		fail("the page has %d script elements; it must work without", f.Scripts)
	}
	for _, d := range r.Plan.Districts {
		if !strings.Contains(f.Text, d.Name) {
			fail("district %s (%s) is not on the page", d.ID, d.Name)
		}
	}
	for _, t := range r.Plan.Targets {
		if !strings.Contains(f.Text, t.Name) {
			fail("target %s (%s) is not on the page", t.ID, t.Name)
		}
	}

	// One bar per district, in rank order, each as long as its score.
	if len(f.Bars) != len(r.Districts) {
		fail("%d ranking bars for %d districts", len(f.Bars), len(r.Districts))
	}
	for i, b := range f.Bars {
		if i >= len(r.Districts) {
			break
		}
		dr := r.Districts[i]
		if b.District != dr.District.ID {
			fail("ranking bar %d is %q, want %q (rank order)", i+1, b.District, dr.District.ID)
			continue
		}
		score := clamp(dr.Score)
		if want := score.Round(4).String(); dr.Goals > 0 && b.Score != want {
			fail("bar of %s has data-score %q, want %q", b.District, b.Score, want)
		}
		want := score.InexactFloat64() * b.Track
		if math.Abs(b.Width-want) > tol {
			fail("bar of %s is %.1f long, want %.1f (score %s of %.1f)", b.District, b.Width, want, score, b.Track)
		}
	}
	// Widths fall as the ranking goes down: a longer bar never follows a
	// shorter one by more than the tolerance.
	for i := 1; i < len(f.Bars); i++ {
		if f.Bars[i].Width > f.Bars[i-1].Width+tol {
			fail("bar %d (%s, %.1f) is longer than bar %d above it (%s, %.1f)",
				i+1, f.Bars[i].District, f.Bars[i].Width, i, f.Bars[i-1].District, f.Bars[i-1].Width)
		}
	}

	// One bar per target that is assessed: an exempt one has none.
	var targets []string
	for _, g := range r.Targets {
		if g.Status != renewal.Exempt {
			targets = append(targets, g.Target.ID)
		}
	}
	if !slices.Equal(f.TargetBars, targets) {
		fail("target bars %v, want one per assessed target in plan order %v", f.TargetBars, targets)
	}

	// The warning list, row for row, as the text report has it, with the
	// record of each from the CSV list.
	want, err := lagging(r, lang)
	if err != nil {
		fail("%v", err)
	}
	if len(f.Warnings) != len(want) {
		fail("%d warning rows, the text report has %d", len(f.Warnings), len(want))
	}
	for i := range min(len(f.Warnings), len(want)) {
		got, w := f.Warnings[i], want[i]
		if got.Target != w.Target || got.District != w.District || !slices.Equal(got.Cells, w.Cells) {
			fail("warning row %d:\n got %s %s %q\nwant %s %s %q", i+1, got.Target, got.District, got.Cells, w.Target, w.District, w.Cells)
		}
	}

	// The due-soon and at-risk lists, row for row, as the full text
	// report has them, each with the record of its goal.
	for _, list := range []struct {
		name    string
		heading string
		got     []warnFact
	}{
		{"due-soon", map[renewal.Lang]string{renewal.Chinese: "临期目标", renewal.English: "Due soon"}[lang], f.DueSoon},
		{"at-risk", map[renewal.Lang]string{renewal.Chinese: "按近期进度难以按期完成", renewal.English: "On track but at risk"}[lang], f.AtRisk},
	} {
		want, err := textSection(r, lang, list.heading)
		if err != nil {
			fail("%v", err)
			continue
		}
		if len(list.got) != len(want) {
			fail("%d %s rows, the text report has %d", len(list.got), list.name, len(want))
		}
		for i := range min(len(list.got), len(want)) {
			got := list.got[i]
			g := r.Goal(got.Target, got.District)
			if g == nil {
				fail("%s row %d names no goal: %s %s", list.name, i+1, got.Target, got.District)
				continue
			}
			rec := "—"
			if !g.Record.IsZero() {
				rec = g.Record.String()
			}
			if w := append(want[i], rec); !slices.Equal(got.Cells, w) {
				fail("%s row %d:\n got %q\nwant %q", list.name, i+1, got.Cells, w)
			}
		}
	}

	// Exempt goals are listed apart, marked exempt, and are in no list of
	// warnings.
	exemptWord := renewal.Exempt.Label(lang)
	var exempt []string
	for _, g := range r.Targets {
		for _, dg := range append([]*renewal.Goal{g}, g.Districts...) {
			if dg.Status == renewal.Exempt {
				id := ""
				if dg.District != nil {
					id = dg.District.ID
				}
				exempt = append(exempt, dg.Target.ID+"/"+id)
			}
		}
	}
	var listed []string
	for _, e := range f.Exempt {
		listed = append(listed, e.Target+"/"+e.District)
		if len(e.Cells) == 0 || e.Cells[0] != exemptWord {
			fail("exempt row %s/%s is not marked %s: %q", e.Target, e.District, exemptWord, e.Cells)
		}
	}
	if !slices.Equal(listed, exempt) {
		fail("exempt rows %q, want %q", listed, exempt)
	}
	for _, rows := range [][]warnFact{f.Warnings, f.DueSoon, f.AtRisk} {
		for _, w := range rows {
			if slices.Contains(exempt, w.Target+"/"+w.District) {
				fail("exempt goal %s/%s is in a warning list", w.Target, w.District)
			}
		}
	}

	// Problems: every one listed (the sample has fewer than the cap),
	// the errors first; a banner exactly when there are errors.
	var probs []string
	for _, p := range r.Problems() {
		probs = append(probs, p.Position.String())
	}
	if len(f.Problems) != len(probs) {
		fail("%d problems listed, the report has %d", len(f.Problems), len(probs))
	}
	for i := range min(len(f.Problems), len(probs)) {
		if !strings.HasPrefix(f.Problems[i], probs[i]+": ") {
			fail("problem %d is %q, want the one at %s (errors first)", i+1, f.Problems[i], probs[i])
		}
	}
	if r.HasErrors() != (f.Banner != "") {
		fail("the report has %d errors, and the banner reads %q", len(r.Errors), f.Banner)
	}

	if trends > 0 {
		ids := []string{""}
		for _, dr := range r.Districts {
			ids = append(ids, dr.District.ID)
		}
		if !slices.Equal(f.Panels, ids) {
			fail("trend panels %q, want the city then every district in rank order %q", f.Panels, ids)
		}
	}
	return errs
}

func clamp(v decimal.Decimal) decimal.Decimal {
	return decimal.Max(decimal.Zero, decimal.Min(decimal.NewFromInt(1), v))
}

// lagging returns the warning list of the text report (WriteLagging): the
// cells of each row of its table (but the status then, with r.Previous), then the record in force from the CSV
// list ("—" when none), with the target and district ids of the CSV.
func lagging(r *renewal.Report, lang renewal.Lang) ([]warnFact, error) {
	var text, sheet bytes.Buffer
	if err := r.WriteLagging(&text, renewal.Text, lang); err != nil {
		return nil, err
	}
	if err := r.WriteLagging(&sheet, renewal.CSV, renewal.English); err != nil {
		return nil, err
	}
	rows := textTable(text.String())
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(sheet.String(), "\ufeff"))).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("the CSV warning list has no header")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	recs = recs[1:]
	if len(recs) != len(rows) {
		return nil, fmt.Errorf("the text warning list has %d rows, the CSV one %d", len(rows), len(recs))
	}
	out := make([]warnFact, len(rows))
	for i, row := range rows {
		if r.Previous != nil && len(row) > 0 {
			row = row[:len(row)-1] // the status then (上期状态), which the page's list does not show
		}
		rec := recs[i][col["record"]]
		if rec == "" {
			rec = "—"
		}
		out[i] = warnFact{Target: recs[i][col["target_id"]], District: recs[i][col["district_id"]], Cells: append(row, rec)}
	}
	return out, nil
}

// textSection returns the rows of the table under the heading of the
// full text report that starts with heading (after its number, "五、").
func textSection(r *renewal.Report, lang renewal.Lang, heading string) ([][]string, error) {
	var text bytes.Buffer
	if err := r.Write(&text, renewal.Text, lang); err != nil {
		return nil, err
	}
	s := text.String()
	for line := range strings.Lines(s) {
		_, rest, numbered := strings.Cut(line, "、")
		if !numbered {
			_, rest, numbered = strings.Cut(line, ". ")
		}
		if numbered && strings.HasPrefix(rest, heading) {
			i := strings.Index(s, line) + len(line)
			return textTable(s[i:]), nil
		}
	}
	return nil, fmt.Errorf("the text report has no section %q", heading)
}

// screen measures text as the text report lays it out.
var screen = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// textTable reads the first table of a text report: the rule line of
// dashes under its header gives each column's place on screen, and each
// row after it, up to a blank line, is cut at those places.
func textTable(s string) [][]string {
	sc := bufio.NewScanner(strings.NewReader(s))
	var spans [][2]int
	var rows [][]string
	rule := regexp.MustCompile(`-+`)
	for sc.Scan() {
		line := sc.Text()
		if spans == nil {
			if strings.HasPrefix(strings.TrimSpace(line), "--") {
				for _, m := range rule.FindAllStringIndex(line, -1) {
					spans = append(spans, [2]int{m[0], m[1]}) // the rule is ASCII: bytes are columns
				}
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			break
		}
		cells := make([]string, len(spans))
		col := 0
		for _, r := range line {
			for i, sp := range spans {
				// A cell is what lies from its column's start to the next
				// column's start.
				end := math.MaxInt
				if i+1 < len(spans) {
					end = spans[i+1][0]
				}
				if col >= sp[0] && col < end {
					cells[i] += string(r)
				}
			}
			col += screen.RuneWidth(r)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows
}

// dropBar removes the ranking row of one district from a page, as a
// broken renderer might.
func dropBar(page []byte, district string) []byte {
	re := regexp.MustCompile(`(?s)<tr data-district="` + regexp.QuoteMeta(district) + `">.*?</tr>`)
	loc := re.FindIndex(page)
	if loc == nil {
		return page
	}
	return slices.Concat(page[:loc[0]], page[loc[1]:])
}
