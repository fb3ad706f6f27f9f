package renewal

import (
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/figure"
)

// JSONPlaces is the number of decimal places figures keep in JSON and CSV.
const JSONPlaces = 4

// jsonFig renders a figure for JSON and CSV: rounded half away from zero
// (四舍五入) to 4 places, trailing zeros trimmed.
func jsonFig(v decimal.Decimal) string { return figure.Format(v, JSONPlaces) }

// WriteJSON writes the report as one JSON object, which the file
// report.schema.json in the repository describes field by field: every
// figure a string holding a decimal fraction rounded half away from zero to 4 places,
// absent figures null, lists in declaration order except districts, which
// are in rank order.
//
// The object is written as it is walked, through a buffer, with the
// layout of encoding/json's two-space indent: a national report of some
// 30 MB is never held in memory whole.
func (r *Report) WriteJSON(w io.Writer) error {
	if err := r.writeArgs(w, JSON, Chinese); err != nil {
		return err
	}
	j := &jsonWriter{w: w, buf: make([]byte, 0, 64<<10)}
	j.compareWith(r.Previous)
	j.open('{')
	j.head(r)
	j.key("overall")
	j.open('{')
	j.key("score")
	j.fig(r.Score)
	j.close('}')

	j.key("sections")
	j.list(len(r.Sections), func(i int) {
		s := r.Sections[i]
		j.rollup(s.ID, s.Name, "", s.Score, s.Targets, -1)
	})
	j.key("tasks")
	var taskSections []string
	for _, s := range r.Plan.Sections {
		for range s.Tasks {
			taskSections = append(taskSections, s.ID)
		}
	}
	j.list(len(r.Tasks), func(i int) {
		t := r.Tasks[i]
		j.rollup(t.ID, t.Name, taskSections[i], t.Score, t.Targets, -1)
	})
	j.key("targets")
	j.list(len(r.Targets), func(i int) { j.target(i, r.Targets[i]) })
	j.key("districts")
	j.list(len(r.Districts), func(i int) { j.district(r.Districts[i]) })
	j.key("departments")
	j.list(len(r.Departments), func(i int) {
		d := r.Departments[i]
		j.rollup(d.ID, d.Name, "", d.Score, d.Targets, d.Rank)
	})
	j.key("warnings")
	j.warnings(r.Warnings)
	j.key("errors") // of input a report was made despite (Report.Errors)
	j.warnings(r.Errors)
	j.close('}')
	j.buf = append(j.buf, '\n')
	return j.flush()
}

// target writes a target's object: its plan fields, its city-wide goal
// and its districts' goals.
func (j *jsonWriter) target(i int, g *Goal) {
	j.open('{')
	j.targetFields(g)
	var prev *Goal
	if j.prev != nil {
		prev = j.prev.Targets[i]
	}
	j.goal(g, prev)
	j.key("districts")
	j.open('[')
	for k, dg := range g.Districts {
		j.item()
		j.open('{')
		var pd *Goal
		if prev != nil {
			pd = prev.Districts[k]
		}
		j.goal(dg, pd)
		j.close('}')
	}
	j.close(']')
	j.close('}')
}

// compareWith sets the earlier report whose figures the report's JSON
// gives beside its own (-since), or none when prev is nil.
func (j *jsonWriter) compareWith(prev *Report) {
	j.prev = prev
	if prev == nil {
		return
	}
	j.prevDistricts = make(map[*District]*DistrictResult, len(prev.Districts))
	for i := range prev.Districts {
		j.prevDistricts[prev.Districts[i].District] = &prev.Districts[i]
	}
}

// targetFields writes the plan fields of a goal's target into the open
// object, with the deadline in force.
func (j *jsonWriter) targetFields(g *Goal) {
	t := g.Target
	j.key("id")
	j.str(t.ID)
	j.key("name")
	j.str(t.Name)
	j.key("section")
	j.str(t.Section.ID)
	j.key("task")
	j.str(t.Task.ID)
	j.key("kind")
	j.str(t.Kind.String())
	j.key("unit")
	j.str(t.Unit)
	j.key("lead")
	if t.Lead != nil {
		j.str(t.Lead.ID)
	} else {
		j.str("")
	}
	j.key("support")
	j.open('[')
	for _, s := range t.Support {
		j.item()
		j.str(s.ID)
	}
	j.close(']')
	j.key("weight")
	j.fig(t.Weight)
	j.key("deadline")
	j.str(g.Deadline.String())
}

// district writes a district's standing.
func (j *jsonWriter) district(d DistrictResult) {
	j.open('{')
	j.key("id")
	j.str(d.District.ID)
	j.key("name")
	j.str(d.District.Name)
	j.key("score")
	j.optFig(d.Score, d.Goals > 0)
	j.key("rank")
	j.optInt(d.Rank, d.Rank > 0)
	j.key("targets")
	j.int(d.Goals)
	for _, s := range districtCounts {
		j.key(s.String())
		j.int(d.Counts[s])
	}
	j.key("due_soon")
	j.int(d.DueSoon)
	j.key("at_risk")
	j.int(d.AtRisk)
	if j.prev != nil {
		j.key("previous")
		j.open('{')
		pd := j.prevDistricts[d.District]
		j.key("score")
		j.optFig(pd.Score, pd.Goals > 0)
		j.key("rank")
		j.optInt(pd.Rank, pd.Rank > 0)
		j.close('}')
	}
	j.close('}')
}

// districtCounts are the statuses a district's object counts.
var districtCounts = [...]Status{Completed, OnTrack, Lagging, SeriouslyLagging, Overdue, NotStarted}

// warnings writes the load's warnings as file, line, column, for a
// workbook's cell the cell, "填报!D7", the message, and its code and
// arguments (see Code), so that a platform can word it in its own
// language without parsing the message.
func (j *jsonWriter) warnings(ps Problems) {
	j.array(len(ps), func(i int) {
		p := &ps[i]
		j.open('{')
		file, line := p.File, p.Line
		if p.IsRow() { // records#1042 as the file, as a store's row always was
			file, line = p.Position.String(), 0
		}
		j.key("file")
		j.str(file)
		j.key("line")
		j.int(line)
		j.key("column")
		j.int(p.Column)
		if c := p.Cell(); c != "" {
			j.key("cell")
			j.str(c)
		}
		j.key("message")
		j.str(p.Message)
		j.key("code")
		j.str(string(p.Code))
		j.key("args")
		args := p.Args()
		j.array(len(args), func(i int) { j.str(args[i]) })
		j.close('}')
	})
}

// jsonWriter writes JSON laid out as encoding/json's Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) does, into a buffer that it
// flushes to w as it fills.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error
	// empty says, for each open object or array, whether nothing has been
	// written in it yet.
	empty []bool
	// prev is the earlier report compared with, or nil; prevDistricts
	// finds its districts' standings.
	prev          *Report
	prevDistricts map[*District]*DistrictResult
	// The last figures formatted, since a target's districts share its
	// expected progress, and a score is often its completion.
	lastExp, lastComp   decimal.Decimal
	lastExpS, lastCompS []byte
}

func (j *jsonWriter) flush() error {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
	return j.err
}

func (j *jsonWriter) newline() {
	j.buf = append(j.buf, '\n')
	for range len(j.empty) {
		j.buf = append(j.buf, ' ', ' ')
	}
	if len(j.buf) >= 60<<10 {
		j.flush()
	}
}

// item starts a value in the open object or array.
func (j *jsonWriter) item() {
	n := len(j.empty) - 1
	if !j.empty[n] {
		j.buf = append(j.buf, ',')
	}
	j.empty[n] = false
	j.newline()
}

func (j *jsonWriter) key(k string) {
	j.item()
	j.str(k)
	j.buf = append(j.buf, ':', ' ')
}

func (j *jsonWriter) open(c byte) {
	j.buf = append(j.buf, c)
	j.empty = append(j.empty, true)
}

func (j *jsonWriter) close(c byte) {
	n := len(j.empty) - 1
	empty := j.empty[n]
	j.empty = j.empty[:n]
	if !empty {
		j.newline()
	}
	j.buf = append(j.buf, c)
}

// list writes n items, or null for none, as encoding/json writes a nil
// slice.
func (j *jsonWriter) list(n int, item func(i int)) {
	if n == 0 {
		j.null()
		return
	}
	j.array(n, item)
}

// array writes n items, or [] for none, as encoding/json writes an empty
// slice.
func (j *jsonWriter) array(n int, item func(i int)) {
	j.open('[')
	for i := range n {
		j.item()
		item(i)
	}
	j.close(']')
}

func (j *jsonWriter) null() { j.buf = append(j.buf, "null"...) }

func (j *jsonWriter) int(n int) { j.buf = strconv.AppendInt(j.buf, int64(n), 10) }

func (j *jsonWriter) optInt(n int, ok bool) {
	if !ok {
		j.null()
		return
	}
	j.int(n)
}

func (j *jsonWriter) bool(b bool) { j.buf = strconv.AppendBool(j.buf, b) }

func (j *jsonWriter) optDate(d Date) {
	if d.IsZero() {
		j.null()
		return
	}
	j.str(d.String())
}

func (j *jsonWriter) fig(v decimal.Decimal) {
	j.buf = append(j.buf, '"')
	j.buf = figure.AppendFormat(j.buf, v, JSONPlaces)
	j.buf = append(j.buf, '"')
}

func (j *jsonWriter) optFig(v decimal.Decimal, ok bool) {
	if !ok {
		j.null()
		return
	}
	j.fig(v)
}

// sameFig reports whether two decimals are the same figure, cheaply: only
// at the same exponent, where comparing allocates nothing.
func sameFig(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Equal(b)
}

// memoFig writes v, reusing the text of the last figure of its kind when
// v is the same.
func (j *jsonWriter) memoFig(v decimal.Decimal, last *decimal.Decimal, text *[]byte) {
	if *text == nil || !sameFig(v, *last) {
		*last = v
		*text = append((*text)[:0], '"')
		*text = figure.AppendFormat(*text, v, JSONPlaces)
		*text = append(*text, '"')
	}
	j.buf = append(j.buf, *text...)
}

// rollup writes a section's, task's or department's object; rank < 0
// for those that are not ranked.
func (j *jsonWriter) rollup(id, name, section string, score decimal.Decimal, targets, rank int) {
	j.open('{')
	j.key("id")
	j.str(id)
	j.key("name")
	j.str(name)
	if section != "" {
		j.key("section")
		j.str(section)
	}
	j.key("score")
	j.optFig(score, targets > 0)
	if rank >= 0 {
		j.key("rank")
		j.optInt(rank, rank > 0)
	}
	j.key("targets")
	j.int(targets)
	j.close('}')
}

// goal writes a goal's fields into the open object; prev is the same
// goal in the earlier report compared with, or nil.
func (j *jsonWriter) goal(g, prev *Goal) {
	if g.District != nil && g.District.ID != "" {
		j.key("district")
		j.str(g.District.ID)
	}
	j.key("target")
	j.fig(g.Figure)
	j.key("baseline")
	j.optFig(g.Baseline, !g.Target.ceiling)
	j.key("actual")
	j.optFig(g.Actual, g.HasActual)
	exempt := g.Status == Exempt
	j.key("completion")
	if exempt {
		j.null()
		j.key("score")
		j.null()
		j.key("expected")
		j.null()
	} else {
		j.memoFig(g.Completion, &j.lastComp, &j.lastCompS)
		j.key("score")
		j.memoFig(g.Score, &j.lastComp, &j.lastCompS)
		j.key("expected")
		j.memoFig(g.Expected, &j.lastExp, &j.lastExpS)
	}
	j.key("status")
	j.str(g.Status.String())
	j.key("reason")
	if exempt {
		j.str(g.Reason)
	} else {
		j.null()
	}
	j.key("original_target")
	j.fig(g.Original)
	j.key("revised")
	j.optDate(g.Revised)
	j.key("days_left")
	j.optInt(g.DaysLeft, !exempt)
	j.key("due_soon")
	j.bool(g.DueSoon)
	j.key("completed_on")
	j.optDate(g.CompletedOn)
	j.key("late")
	j.bool(g.Late)
	j.key("projected")
	j.optFig(g.Projected, g.HasProjected)
	j.key("at_risk")
	j.bool(g.AtRisk)
	j.key("exceeded")
	j.bool(g.Exceeded)
	j.key("gap")
	j.optFig(g.Gap, g.HasGap)
	if g.District != nil {
		j.key("rank")
		j.optInt(g.Rank, g.Rank > 0)
	}
	if prev != nil {
		j.key("previous_status")
		j.str(prev.Status.String())
	}
	j.key("record")
	if g.Record.IsZero() {
		j.null()
	} else if g.Record.Sheet != "" || g.Record.Line <= 0 || g.Record.IsRow() {
		// A workbook's cell, a store's row (records#1042), or a place
		// with no line.
		j.str(g.Record.String())
	} else {
		p := g.Record
		j.buf = append(j.buf, '"')
		j.esc(p.File)
		j.buf = append(j.buf, ':')
		j.buf = strconv.AppendInt(j.buf, int64(p.Line), 10)
		j.buf = append(j.buf, ':')
		j.buf = strconv.AppendInt(j.buf, int64(p.Column), 10)
		j.buf = append(j.buf, '"')
	}
}

func (j *jsonWriter) str(s string) {
	j.buf = append(j.buf, '"')
	j.esc(s)
	j.buf = append(j.buf, '"')
}

const hexDigits = "0123456789abcdef"

// esc appends s escaped as encoding/json escapes a string with HTML
// escaping off: quotes, backslashes and control characters, invalid
// UTF-8 as U+FFFD, and U+2028 and U+2029, which JavaScript reads as line
// ends.
func (j *jsonWriter) esc(s string) {
	b := j.buf
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	j.buf = append(b, s[start:]...)
}
