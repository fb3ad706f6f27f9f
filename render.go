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
	// JSON is the object of SPEC §5.
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

// ParseLang returns the language named s: zh or en.
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "zh":
		return Chinese, true
	case "en":
		return English, true
	}
	return 0, false
}

// Write renders the report in format f with labels in language lang.
func (r *Report) Write(w io.Writer, f Format, lang Lang) error {
	switch f {
	case JSON:
		return r.WriteJSON(w)
	case Text, Markdown, CSV:
		return r.writeSummary(w)
	}
	return fmt.Errorf("renewal: unknown format %d", f)
}

func (r *Report) writeSummary(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%s as of %s: overall score %s\n", r.Plan.Title, r.AsOf, jsonFig(r.Score))
	return err
}
