package dashboard

import (
	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/unit"
)

// The figures of the page are printed as the text report prints them
// (see renewal.Report.Write), so that a row of the page's warning list
// reads exactly like the text report's.

// missing stands for a figure that does not exist, as in the text report.
const missing = "—"

// places is how many decimal places a figure in its unit keeps (the JSON
// report's 4).
const places = renewal.JSONPlaces

// pct renders a fraction as a percentage with one place, half away from
// zero: 0.74955 → "75.0%", −0.0004 → "0.0%".
func pct(v decimal.Decimal) string { return figure.Percent(v) }

// points renders a difference of fractions in percentage points, one
// place, signed: 0.105 → "+10.5", −0.344 → "−34.4".
func points(v decimal.Decimal) string {
	s := v.Shift(2).Round(1).StringFixed(1)
	switch {
	case s == "0.0" || s == "-0.0":
		return "0.0"
	case s[0] == '-':
		return "−" + s[1:]
	}
	return "+" + s
}

// inPercent reports whether a target's figures read as percentages: its
// unit is %, or it is a share with no unit.
func inPercent(t *renewal.Target) bool {
	return t.Unit == unit.Percent || t.Kind == renewal.Milestone || (t.Kind == renewal.Ratio && t.Unit == "")
}

// fig renders a figure in the target's unit: a percentage with up to 2
// places (0.85 → "85%"), anything else to at most 4 places, trailing
// zeros trimmed.
func fig(t *renewal.Target, v decimal.Decimal) string {
	if inPercent(t) {
		return figure.Format(v.Shift(2), places-2) + "%"
	}
	return figure.Format(v, places)
}

func actual(g *renewal.Goal) string {
	if !g.HasActual {
		return missing
	}
	return fig(g.Target, g.Actual)
}

// unitOf is the unit shown after a figure: none for a percentage, which
// carries its own sign.
func unitOf(t *renewal.Target) string {
	if inPercent(t) {
		return ""
	}
	return t.Unit
}

// geometry renders a fraction clamped to [0, 1] as a length on a scale of
// size units, to one place, for drawing only: figures people read are
// printed with pct.
func geometry(v decimal.Decimal, size int64) string {
	if v.Sign() < 0 {
		v = decimal.Zero
	}
	if v.GreaterThan(one) {
		v = one
	}
	return v.Mul(decimal.NewFromInt(size)).Round(1).String()
}

var one = decimal.NewFromInt(1)
