package renewal

import (
	"fmt"
	"io"
)

// Format is an output format of a report.
type Format int8

const (
	// Text is a table for a terminal.
	Text Format = iota
	// Markdown is GitHub-flavoured Markdown tables, fit for a circular.
	Markdown
	// CSV is one row per goal, UTF-8 with a byte-order mark, for Excel and WPS.
	CSV
	// JSON is one object, the JSON report (see Report.WriteJSON).
	JSON
)

var formatNames = [...]string{"text", "markdown", "csv", "json"}

// String returns the format's name as -format takes it.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(?)"
}

// ParseFormat returns the format named s: text, markdown, csv or json.
func ParseFormat(s string) (Format, bool) {
	for i, n := range formatNames {
		if n == s {
			return Format(i), true
		}
	}
	return 0, false
}

// Lang is the language of a report's labels. Names from the data are
// printed as written whatever the language.
type Lang int8

const (
	// Chinese labels (the default).
	Chinese Lang = iota
	// English labels.
	English
)

// langNames are the languages' names, as -lang, ParseLang, String and
// MarshalText take and give them.
var langNames = []string{Chinese: "zh", English: "en"}

// ParseLang returns the language named s: zh or en.
func ParseLang(s string) (Lang, bool) {
	for l, name := range langNames {
		if name == s {
			return Lang(l), true
		}
	}
	return 0, false
}

// known reports whether l is one of the languages.
func (l Lang) known() bool { return l >= 0 && int(l) < len(langNames) }

// String returns the language's name as -lang takes it: zh or en. An
// unknown language is shown as the default, zh.
func (l Lang) String() string {
	if !l.known() {
		l = Chinese
	}
	return langNames[l]
}

// Write renders the report in format f with labels in language lang. An
// unknown format or language is an error, and so is a nil report or
// writer.
//
// Text and Markdown hold the same content, in this order: a headline (the
// plan's title, the date, expected progress, the overall score and how
// many city-wide targets are in each status); every target's city-wide
// goal, grouped by section, with its gap to expected progress in
// percentage points ("+13.8", "-6.7"); the district ranking; with
// Report.RankBy, the districts' ranking on each target named (单项排名);
// the lead departments; the warning list (预警清单, see WriteLagging),
// with each district goal's rank on its target; and every problem found
// while loading, as file:line:column: message, the errors first, each
// marked as an error, then the warnings. A report made from input with
// errors (Report.HasErrors) says so under its title, and so do its
// warning list and scorecards. Completion, expected
// progress and scores are percentages with one decimal place, kept when
// it is 0 (75.0%), rounded half away from zero (四舍五入). A target's own figures are
// in its unit: a percentage, a ratio or a milestone's share as percent
// with up to 2 places (0.85 is 85%), anything else to at most 4 places,
// trailing zeros trimmed. A missing figure, such as a ratio with no record
// or the rank of a district with no goals, is "—".
//
// Text aligns its columns by display width, a CJK character taking two
// columns and a character of ambiguous width (“ — ·) one, as most
// terminals draw them, whatever the locale. Markdown shows text from the
// data as written, never as HTML or markup: <, > and & are written as
// entities, and \ | ` * _ ~ [ ] # with a backslash, so that a name such
// as 东城\|西城 stays one cell. In text, Markdown and CSV a bidirectional
// control, which would reorder the rest of the line, is shown as its
// escape (\u202e), as a problem quotes it.
//
// CSV has a row per goal (each target's city-wide goal, then its
// districts'), with the figures of the JSON report as decimal fractions
// rounded half away from zero to 4 places, after a UTF-8 byte-order mark and a header
// row in language lang; the status is a word of language lang, with its
// code (as JSON writes it) in the next column, then whether the goal was
// over-fulfilled (是 or 否, yes or no) and a district goal's rank on its
// target (empty for a city-wide or exempt goal), and the last column is
// the report date, so that a sheet stands alone. A ceiling's baseline and
// a goal's absent gap are empty. Identifiers are as the plan
// declares them. An absent actual figure or record is empty, and so are
// the district columns of a city-wide goal. Lines end in CRLF. A text cell
// that begins with =, +, -, @, a tab or a carriage return starts with an
// apostrophe, so that Excel and WPS do not run it as a formula; figures
// are left as they are.
func (r *Report) Write(w io.Writer, f Format, lang Lang) error {
	if err := r.writeArgs(w, f, lang); err != nil {
		return err
	}
	if f == JSON {
		return r.WriteJSON(w)
	}
	if ok, err := r.render(w, f, lang.labels(), r.fullDocument, r.allGoals); ok {
		return err
	}
	return fmt.Errorf("renewal: unknown format %d", f)
}

// render writes, in format f, the document that doc builds (Text,
// Markdown) or the CSV rows of the goals that goals lists. It reports
// false for a format it does not render.
func (r *Report) render(w io.Writer, f Format, lb *labels, doc func(*labels) document, goals func() []*Goal) (bool, error) {
	switch f {
	case Text:
		return true, doc(lb).writeText(w)
	case Markdown:
		return true, doc(lb).writeMarkdown(w)
	case CSV:
		return true, r.writeCSV(w, goals(), lb)
	}
	return false, nil
}

// WriteLagging renders the warning list (预警清单) alone, for a daily
// push: every goal, city-wide or a district's, that is overdue, seriously
// lagging, not started or lagging, the most urgent status first and plan
// order within a status, each with its district and lead department.
// WarningList returns these goals. Format f is Text, Markdown, CSV (the
// rows of Write's CSV for these goals) or JSON: an object with the plan,
// as_of, expected, lagging_threshold, the goals (each as Goal.MarshalJSON
// writes it) and the errors of the input. With r.Previous, text and
// Markdown add each goal's status then.
func (r *Report) WriteLagging(w io.Writer, f Format, lang Lang) error {
	if err := r.writeArgs(w, f, lang); err != nil {
		return err
	}
	if f == JSON {
		return r.writeLaggingJSON(w)
	}
	if ok, err := r.render(w, f, lang.labels(), r.laggingDocument, r.warned); ok {
		return err
	}
	return fmt.Errorf("renewal: the warning list has no %s form", f)
}

// WriteScorecard renders one district's card: its score and rank, how
// many of its goals are in each status, and every goal allocated to it in
// plan order with its figures and lead department. districtID is the id
// the plan declares; an unknown one is an error. Scorecard returns the
// card as data. Format f is Text, Markdown, CSV (the rows of Write's CSV
// for the district's goals) or JSON: an object with the plan, as_of,
// expected, the district's standing as the JSON report's districts list
// has it, ranked (how many districts have a rank), the goals (each as
// Goal.MarshalJSON writes it) and the errors of the input. With
// r.Previous, text and Markdown add the district's score and rank then,
// its move, and each goal's status then.
func (r *Report) WriteScorecard(w io.Writer, districtID string, f Format, lang Lang) error {
	if err := r.writeArgs(w, f, lang); err != nil {
		return err
	}
	sc := r.Scorecard(districtID)
	if sc == nil {
		return fmt.Errorf("renewal: plan %s has no district %q", r.Plan.ID, districtID)
	}
	if f == JSON {
		return sc.writeJSON(w)
	}
	doc := func(lb *labels) document { return r.scorecardDocument(sc.District, lb) }
	goals := func() []*Goal { return sc.Goals }
	if ok, err := r.render(w, f, lang.labels(), doc, goals); ok {
		return err
	}
	return fmt.Errorf("renewal: a scorecard has no %s form", f)
}
