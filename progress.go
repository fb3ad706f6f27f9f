package renewal

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/fixed"
	"github.com/citybureau/renewal/internal/unit"
)

// Entry is a record as a source gives it, before any check: ids and
// figures as text, the way a file, a form, a command line or a database
// row holds them, so that every check of a progress file (the figure
// grammar, units, percentages) runs on exactly what was written. The zero
// value of each field means that the record does not give it.
//
// Loader.ReadEntries reads the entries that files hold; Loader.LoadEntries
// loads entries from anywhere into a ledger; an Addition renders them as
// a document of a progress file.
type Entry struct {
	Target string
	// District is "" for a city-wide record.
	District string
	// Date is the day the figures are cumulative to; a milestone with no
	// date takes its done date.
	Date Date
	// Value is a count or level figure as written: 14, 18.5, 1,200.5, 85%.
	Value string
	// Numerator and Denominator are a ratio record's counts.
	Numerator, Denominator string
	// Done is the day a milestone was done.
	Done Date
	// Unit is the unit the figure is written in, when it is not the
	// target's.
	Unit string
	Note string
	// Correction is the reason this record replaces the one of the same
	// target, district and date.
	Correction string
	// Source is who reported, as a progress file's source: the record's
	// Record.Source. (An Addition's entries take the Addition's.)
	Source string
	// Position is where the entry is, for problems and the record's
	// Record.Position: a file's line, a form's field, or a store's row,
	// such as Position{File: "records#", Line: 1042}, which prints as
	// records#1042. (An Addition places its entries itself.)
	Position Position
	// Cells, for an entry read from a workbook, is the cell of each of
	// its fields, by the field's key in a progress file ("value",
	// "numerator", "date"…), the empty cells of the sheet's field
	// columns included, and for a date the sheet's 填报日期 gives, that
	// date's cell. A problem about one field names its cell (填报!I5),
	// and one about a missing field the empty cell to fill in, rather
	// than the row's 目标编号 cell at Position. A field it does not name
	// is at Position; nil for other sources.
	Cells map[string]Position
}

// fieldState tells a field that a record does not give from one it gives
// in a shape the checks cannot read (a problem already says so) and one
// it gives as text.
type fieldState uint8

const (
	absent fieldState = iota
	misshapen
	given
)

// field is one field of a record entry as written: its text and where it
// is. The file and sheet are the decoder's.
type field struct {
	text      string
	line, col int32
	state     fieldState
}

// item is a record entry with positions, whatever its source (a YAML
// mapping, a workbook's row, an Entry): its fields by the r constants.
type item struct {
	line, col int32 // the entry's own position
	f         [nRecordKeys]field
	// keysOK: the entry's keys were all good (a source of fixed fields
	// has no other).
	keysOK bool
}

// has reports whether the item gives field k, well formed or not.
func (it *item) has(k int) bool { return it.f[k].state != absent }

// docDefaults are a progress document's district and date, which its
// records take when they give none.
type docDefaults struct {
	district    *District
	hasDistrict bool
	date        Date
	hasDate     bool
	// dateLine and dateCol: in a workbook, the cell of the 填报日期
	// date when it is empty, for a record with no date; else 0.
	dateLine, dateCol int32
}

// entry is one record entry being checked: its fields, the record built
// so far, and what the checks after need.
type entry struct {
	it   *item
	f    *[nRecordKeys]field
	plan *Plan
	def  *docDefaults
	b    *recBatch
	r    rec
	t    *Target   // nil when the target is missing or unknown
	dis  *District // the record's district, its own or the document's
	// usedDis and usedDate: the record took the document's district or
	// date.
	usedDis, usedDate bool
}

// when a record check runs: always, or only once the record's target is
// known, or only when it is not.
type checkWhen uint8

const (
	always checkWhen = iota
	targetKnown
	targetUnknown
)

// recordChecks are the checks of a record entry, in the order they run,
// whatever the entry's source. Each reports its own problems through the
// decoder and says whether the record can still be counted. To add one,
// write it as the others are and list it here.
var recordChecks = [...]struct {
	when  checkWhen
	check func(*decoder, *entry) bool
}{
	{always, (*decoder).recordTarget},
	{always, (*decoder).recordDistrict},
	{always, (*decoder).recordDate},
	{always, (*decoder).recordDone},
	{targetKnown, (*decoder).recordKindFields},
	{targetKnown, (*decoder).recordMilestoneDate},
	{targetKnown, (*decoder).recordDoneByDate},
	{targetKnown, (*decoder).recordHasDate},
	{targetKnown, (*decoder).recordFigures},
	{targetUnknown, (*decoder).recordFiguresWellFormed},
	{always, (*decoder).recordText},
}

// checkRecord runs recordChecks on one entry. It returns ok false when
// the entry cannot be counted, and whether the record took the document's
// default district and date. Large figures and text fields go to b.
func (d *decoder) checkRecord(plan *Plan, it *item, b *recBatch, def *docDefaults) (out rec, ok, usedDis, usedDate bool) {
	e := &d.entry // reused: a record allocates nothing of its own
	*e = entry{it: it, f: &it.f, plan: plan, def: def, b: b}
	e.r.line, e.r.col = it.line, it.col
	ok = true
	for _, c := range recordChecks {
		if c.when == targetKnown && e.t == nil || c.when == targetUnknown && e.t != nil {
			continue
		}
		ok = c.check(d, e) && ok
	}
	return e.r, ok, e.usedDis, e.usedDate
}

// at returns the position of a field, or of an entry's line and column.
func (d *decoder) at(line, col int32) Position {
	return Position{File: d.file, Line: int(line), Column: int(col), Sheet: d.sheet}
}

// fieldError reports a problem with field v.
func (d *decoder) fieldError(v field, class error, code Code, args ...any) {
	d.errorAt(d.at(v.line, v.col), class, code, args...)
}

// entryError reports a problem with the entry as a whole.
func (d *decoder) entryError(e *entry, class error, code Code, args ...any) {
	d.errorAt(d.at(e.it.line, e.it.col), class, code, args...)
}

// missingError reports a problem about field k, which the entry does
// not give: at the field's own place where the source has one (the empty
// cell of a workbook's column), else at the entry.
func (d *decoder) missingError(e *entry, k int, class error, code Code, args ...any) {
	if v := e.f[k]; v.line > 0 {
		d.fieldError(v, class, code, args...)
		return
	}
	d.entryError(e, class, code, args...)
}

// recordTarget: a record names a target of the plan.
func (d *decoder) recordTarget(e *entry) bool {
	v := e.f[rTarget]
	if v.state == absent {
		d.entryError(e, ErrField, CodeRecordHasNoTarget)
		return false
	}
	if v.state != given {
		return false
	}
	id := v.text
	if e.t = e.plan.targets[id]; e.t == nil {
		if e.plan.broken[id] {
			d.fieldError(v, ErrReference, CodeTargetHasErrorsPlan, shorten(id))
		} else {
			d.fieldError(v, ErrReference, CodeUnknownTarget, shorten(id), e.plan.ID, d.hints.target(id))
		}
		return false
	}
	e.r.target = int32(e.t.index)
	return true
}

// recordDistrict: the record's district is its own, else the document's
// for a target with allocations, and has an allocation of the target. A
// city-wide target's records take no district.
func (d *decoder) recordDistrict(e *entry) bool {
	ok := true
	v := e.f[rDistrict]
	switch v.state {
	case given:
		if e.dis = e.plan.districts[v.text]; e.dis == nil {
			d.fieldError(v, ErrReference, CodeUnknownDistrict, shorten(v.text), d.hints.district(v.text))
			ok = false
		}
	case misshapen:
		ok = false
	}
	t := e.t
	if t == nil {
		return ok
	}
	switch {
	case t.CityWide() && v.state != absent:
		d.fieldError(v, ErrRule, CodeCityWideRecordWithDistrict, t.ID)
		return false
	case t.CityWide():
		return ok
	case v.state == absent && e.def.hasDistrict:
		e.usedDis = true
		e.dis = e.def.district
	case v.state == absent && t.Kind != Level:
		d.missingError(e, rDistrict, ErrField, CodeRecordHasNoDistrict, t.ID)
		ok = false
	}
	if e.dis == nil {
		return ok
	}
	if sl := d.slotOf(t, e.dis); sl > 0 {
		e.r.slot = sl
	} else if e.usedDis {
		d.entryError(e, ErrRule, CodeDefaultDistrictNotAllocated, e.dis.ID, t.ID)
		ok = false
	} else {
		d.fieldError(v, ErrRule, CodeDistrictNotAllocated, e.dis.ID, t.ID)
		ok = false
	}
	return ok
}

// dateField reads a date field's text.
func (d *decoder) dateField(v field, what string) (Date, bool) {
	if v.state != given {
		return Date{}, false
	}
	t, err := ParseDate(v.text)
	if err != nil {
		d.fieldError(v, ErrValue, CodeMalformedValue, what, err)
		return Date{}, false
	}
	return t, true
}

// recordDate: the record's own date, inside the plan period, else the
// document's.
func (d *decoder) recordDate(e *entry) bool {
	v := e.f[rDate]
	if v.state == absent {
		if e.def.hasDate {
			e.usedDate = true
			e.r.date = e.def.date
		}
		return true
	}
	dt, ok := d.dateField(v, "date")
	if !ok {
		return false
	}
	e.r.date = dt
	if !e.plan.inPeriod(dt) {
		d.fieldError(v, ErrRule, CodeDateOutsidePeriod, dt, e.plan.Start, e.plan.End)
		return false
	}
	return true
}

func (d *decoder) recordDone(e *entry) bool {
	v := e.f[rDone]
	if v.state == absent {
		return true
	}
	dt, ok := d.dateField(v, "done")
	e.r.done = dt
	return ok
}

// recordKindFields: a record gives the figure fields of its target's
// kind, and no others.
func (d *decoder) recordKindFields(e *entry) bool {
	t, f := e.t, e.f
	ok := true
	want := kindKeys[t.Kind]
	wrong := false
	for _, k := range [...]int{rValue, rNumerator, rDenominator, rDone} {
		if f[k].state != absent && !slices.Contains(want, k) {
			d.fieldError(f[k], ErrField, CodeRecordWrongField, t.ID, t.Kind, kindFields(t.Kind), recordKeys[k])
			ok, wrong = false, true
		}
	}
	// A missing field is worth its own problem only when the record did
	// not already give a wrong one in its place.
	for _, k := range want {
		if f[k].state == absent && !wrong && e.it.keysOK {
			d.missingError(e, k, ErrField, CodeRecordMissingField, recordKeys[k], t.ID, t.Kind, kindFields(t.Kind))
			ok = false
		} else if f[k].state == absent {
			ok = false
		}
	}
	return ok
}

// recordMilestoneDate: a milestone record with no date is dated by its
// done date, which must then be inside the plan period.
func (d *decoder) recordMilestoneDate(e *entry) bool {
	r := &e.r
	if e.t.Kind != Milestone || !r.date.IsZero() || r.done.IsZero() {
		return true
	}
	r.date = r.done
	if !e.plan.inPeriod(r.date) {
		d.fieldError(e.f[rDone], ErrRule, CodeDoneDateOutsidePlan, r.done, e.plan.Start, e.plan.End)
		return false
	}
	return true
}

// recordDoneByDate: a record cannot report a milestone done after its own
// date.
func (d *decoder) recordDoneByDate(e *entry) bool {
	r := &e.r
	if !r.done.IsZero() && !r.date.IsZero() && r.done.After(r.date) {
		d.fieldError(e.f[rDone], ErrRule, CodeDoneDateAfterRecord, r.done, r.date)
		return false
	}
	return true
}

// recordHasDate: a record other than a milestone has a date, its own or
// the document's. In a workbook the problem names the row's empty 日期
// cell, else the empty 填报日期 date cell, else the row.
func (d *decoder) recordHasDate(e *entry) bool {
	if !e.r.date.IsZero() || e.t.Kind == Milestone || e.f[rDate].state != absent || e.def.hasDate {
		return true
	}
	switch v := e.f[rDate]; {
	case d.sheet == "":
		d.entryError(e, ErrField, CodeRecordHasNoDate)
	case v.line > 0:
		d.fieldError(v, ErrField, CodeRowHasNoDate, int(e.it.line))
	case e.def.dateLine > 0:
		d.errorAt(d.at(e.def.dateLine, e.def.dateCol), ErrField, CodeRowHasNoDate, int(e.it.line))
	default:
		d.entryError(e, ErrField, CodeRowHasNoDate, int(e.it.line))
	}
	return false
}

// recordFiguresWellFormed checks, for a record whose target is unknown,
// that its figures are at least well formed.
func (d *decoder) recordFiguresWellFormed(e *entry) bool {
	ok := true
	for _, k := range [...]int{rValue, rNumerator, rDenominator} {
		if e.f[k].state != absent {
			_, good := d.figureField(e.f[k], recordKeys[k])
			ok = ok && good
		}
	}
	return ok
}

// figureField reads a figure field's text, without allocating for the
// common small figure.
func (d *decoder) figureField(v field, what string) (fixed.Val, bool) {
	if v.state != given {
		return fixed.Val{}, false
	}
	if m, e, _, ok := fixed.ParseInt64(v.text); ok {
		return fixed.FromFix(fixed.Fix{M: m, E: e}), true
	}
	x, _, err := figure.Parse(v.text)
	if err != nil {
		d.fieldError(v, ErrValue, CodeMalformedValue, what, err)
		return fixed.Val{}, false
	}
	return fixed.ValOf(x), true
}

// textField reads a free-text field: blank text is an error.
func (d *decoder) textField(v field, what string) (string, bool) {
	if v.state != given {
		return "", false
	}
	if strings.TrimSpace(v.text) == "" {
		d.fieldError(v, ErrValue, CodeBlankText, what)
		return "", false
	}
	return v.text, true
}

// recordText reads the note and the reason for a correction.
func (d *decoder) recordText(e *entry) bool {
	ok := true
	if v := e.f[rNote]; v.state != absent {
		ok = v.state == given
		e.b.ext(&e.r).note = v.text
	}
	if v := e.f[rCorrection]; v.state != absent {
		s, good := d.textField(v, "correction")
		ok = ok && good
		e.b.ext(&e.r).correction = s
	}
	return ok
}

// kindKeys are the figure keys a record takes, by its target's kind.
var kindKeys = [...][]int{Count: {rValue}, Level: {rValue}, Ratio: {rNumerator, rDenominator}, Milestone: {rDone}}

func kindFields(k Kind) string {
	switch k {
	case Ratio:
		return "numerator and denominator"
	case Milestone:
		return "done"
	}
	return "value"
}

// recordFigures reads a record's figures into the target's unit and
// checks their ranges.
func (d *decoder) recordFigures(e *entry) bool {
	from, ok := d.recordUnit(e)
	if !ok {
		return false
	}
	t, f, r := e.t, e.f, &e.r
	switch t.Kind {
	case Count, Level:
		v, good := d.recordFigure(e, rValue, from)
		if !good {
			return false
		}
		if t.Kind == Count && v.Sign() < 0 {
			d.fieldError(f[rValue], ErrValue, CodeValueNegativeCountCumulative, f[rValue].text)
			ok = false
		}
		r.vm, r.ve = e.b.put(v)
	case Ratio:
		num, g1 := d.recordFigure(e, rNumerator, from)
		den, g2 := d.recordFigure(e, rDenominator, from)
		ok = d.recordShare(e, num, den, g1, g2) && g1 && g2
		if ok {
			r.vm, r.ve = e.b.put(num)
			r.dm, r.de = e.b.put(den)
		}
	}
	return ok
}

// recordShare: a ratio record's numerator and denominator make a share
// of a whole, from 0 to 1. g1 and g2 say which of them were read.
func (d *decoder) recordShare(e *entry, num, den fixed.Val, g1, g2 bool) bool {
	f := e.f
	ok := true
	if g1 && num.Sign() < 0 {
		d.fieldError(f[rNumerator], ErrValue, CodeNumeratorNegativeMore, f[rNumerator].text)
		ok = false
	}
	if g2 && den.Sign() <= 0 {
		d.fieldError(f[rDenominator], ErrValue, CodeDenominatorNotAboveSize, f[rDenominator].text)
		ok = false
	}
	if g1 && g2 && den.Sign() > 0 && num.Cmp(den) > 0 {
		d.fieldError(f[rNumerator], ErrValue, CodeNumeratorAboveDenominatorShare, f[rNumerator].text, f[rDenominator].text)
		ok = false
	}
	return ok
}

// recordUnit returns the unit the record's figures are written in: its
// own unit, when it converts to the target's, else the target's.
func (d *decoder) recordUnit(e *entry) (string, bool) {
	t := e.t
	v := e.f[rUnit]
	if v.state == absent {
		return t.Unit, true
	}
	u, good := d.textField(v, "unit")
	switch {
	case !good:
		return "", false
	case t.Kind == Ratio || t.Kind == Milestone:
		d.fieldError(v, ErrField, CodeRecordTakesNoUnit, t.ID, t.Kind)
		return "", false
	case u == t.Unit:
	case unit.Known(u) && unit.Known(t.Unit) && unit.Dimension(u) == unit.Dimension(t.Unit):
		e.b.ext(&e.r).unit = u
	case unit.Known(u) && unit.Known(t.Unit):
		d.fieldError(v, ErrValue, CodeUnitNotSameKind, u, t.Unit, t.ID)
		return "", false
	case t.Unit == "":
		d.fieldError(v, ErrValue, CodeUnitTargetHasNo, shorten(u), t.ID)
		return "", false
	default:
		d.fieldError(v, ErrValue, CodeUnitNotUnitConverts, shorten(u), t.Unit, t.ID, t.Unit)
		return "", false
	}
	return u, true
}

// recordFigure reads figure field k of a record, written in unit from,
// into the target's unit: a percentage only where the unit is one.
func (d *decoder) recordFigure(e *entry, k int, from string) (fixed.Val, bool) {
	t := e.t
	v := e.f[k]
	if v.state == absent {
		return fixed.Val{}, false
	}
	x, good := d.figureField(v, recordKeys[k])
	if !good {
		return x, false
	}
	pct := len(v.text) > 0 && v.text[len(v.text)-1] == '%'
	switch {
	case t.Kind == Ratio:
		if pct {
			d.fieldError(v, ErrValue, CodePercentageRatioRecordGives, recordKeys[k], v.text)
			return x, false
		}
		return x, true
	case from == unit.Percent:
		if !pct {
			d.fractionHint(e, v, x) // a workbook's 0.09 meant as 9%?
			x = x.Shift(-2)         // 85 means 85% for a target in %
		}
		return x, true
	case pct && from != "":
		d.fieldError(v, ErrValue, CodePercentageButTargetMeasured, recordKeys[k], v.text, t.ID, from)
		return x, false
	case pct && t.Kind == Count:
		d.fieldError(v, ErrValue, CodePercentageButTargetCount, recordKeys[k], v.text, t.ID)
		return x, false
	}
	if from != t.Unit {
		c, _ := unit.Convert(x.Dec(), from, t.Unit)
		x = fixed.ValOf(c)
	}
	return x, true
}

// fitField checks that a field's text is at most Limits.ScalarBytes
// long, as a file's values are.
func (d *decoder) fitField(v *field, what string) {
	if v.state == given && len(v.text) > d.lim.scalarBytes() {
		d.fieldError(*v, ErrSyntax, CodeValueTooLong, what, len(v.text), d.lim.scalarBytes())
		v.text, v.state = "", misshapen
	}
}

// badText returns what is wrong with text that did not come through a
// YAML file's checks (an Entry's), or "": it must be UTF-8, with no
// control character but tab and line feed, as a file's text.
func badText(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("is not valid UTF-8 at byte offset %d", i)
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7F, r >= 0x80 && r <= 0x9F, r == 0xFEFF:
			return fmt.Sprintf("holds control character U+%04X, which is not allowed", r)
		case r == 0xFFFE || r == 0xFFFF, r == 0x2028 || r == 0x2029:
			return fmt.Sprintf("holds U+%04X, which is not allowed", r)
		}
	}
	return ""
}
