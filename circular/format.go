package circular

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/unit"
)

// The figures of the circular are printed as the text report prints them:
// percentages to one place, half away from zero (四舍五入), and a figure in
// its unit to at most four places, trailing zeros trimmed.

// missing stands for a figure that does not exist, as in the text report.
const missing = "—"

// pct renders a fraction as a percentage with one place: 0.7667 → "76.7%",
// −0.0004 → "0.0%".
func pct(v decimal.Decimal) string { return figure.Percent(v) }

// points renders the size of a difference of fractions in percentage
// points, one place, without its sign: −0.0672 → "6.7".
func points(v decimal.Decimal) string {
	return v.Abs().Shift(2).Round(1).StringFixed(1)
}

// inPercent reports whether a target's figures read as percentages: its
// unit is %, or it is a share with no unit (a ratio, a milestone).
func inPercent(t *renewal.Target) bool {
	return t.Unit == unit.Percent || t.Kind == renewal.Milestone || (t.Kind == renewal.Ratio && t.Unit == "")
}

// fig renders a figure in the target's unit: a percentage with up to two
// places (0.85 → "85%"), anything else to at most four places.
func fig(t *renewal.Target, v decimal.Decimal) string {
	if inPercent(t) {
		return figure.Format(v.Shift(2), renewal.JSONPlaces-2) + "%"
	}
	return figure.Format(v, renewal.JSONPlaces)
}

// withUnit renders a figure followed by its unit, as prose writes it:
// "92个", "85%", "3.71万户".
func withUnit(t *renewal.Target, v decimal.Decimal) string {
	if inPercent(t) {
		return fig(t, v)
	}
	return fig(t, v) + t.Unit
}

func actual(g *renewal.Goal) string {
	if !g.HasActual {
		return missing
	}
	return fig(g.Target, g.Actual)
}

// day renders a date as circulars do within the year of the report:
// "9月30日".
func day(d renewal.Date) string {
	t := d.Time()
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}

// fullDay renders a date with its year: "2025年9月30日".
func fullDay(d renewal.Date) string {
	return fmt.Sprintf("%d年%s", d.Time().Year(), day(d))
}

// clean makes text from the data fit for a WordprocessingML text node:
// a tab, line break or other control character becomes a space (a tab or
// break would otherwise start a new column or line inside a name), and
// bytes that are not UTF-8, or characters XML 1.0 cannot hold, become
// U+FFFD. The result still needs escaping (see esc).
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) || r < 0x20 {
			ok = false
			break
		}
		i += n
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document (the Char
// production), leaving C1 controls out too: they print as nothing or as
// boxes.
func xmlChar(r rune) bool {
	switch {
	case r == 0x09 || r == 0x0A || r == 0x0D:
		return true
	case r >= 0x20 && r <= 0x7E:
		return true
	case r >= 0x7F && r <= 0x9F:
		return false
	case r >= 0xA0 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
