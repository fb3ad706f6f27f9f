// Package unit converts figures between the units a plan and its records
// may use.
//
// A unit belongs to a dimension and has an exact factor to the dimension's
// base unit, held as a fraction so that 亩 (10000/15 平方米) converts with a
// single rounded division at the end. Units outside the table stand alone:
// they convert to nothing but themselves.
package unit

import (
	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// Percent is the unit of percentages.
const Percent = "%"

type factor struct {
	dim      string
	num, den int64 // one unit is num/den base units
}

var table = map[string]factor{
	"平方米":   {"area", 1, 1},
	"亩":     {"area", 10000, 15},
	"公顷":    {"area", 10000, 1},
	"平方公里":  {"area", 1000000, 1},
	"米":     {"length", 1, 1},
	"公里":    {"length", 1000, 1},
	"户":     {"households", 1, 1},
	"万户":    {"households", 10000, 1},
	"元":     {"money", 1, 1},
	"万元":    {"money", 10000, 1},
	"亿元":    {"money", 100000000, 1},
	Percent: {"percent", 1, 1},
}

// Dimension names the dimension of a known unit ("area", "length", …), or
// returns "" for a unit the table does not know.
func Dimension(u string) string { return table[u].dim }

// Known reports whether u is in the unit table.
func Known(u string) bool { _, ok := table[u]; return ok }

// Precision is the number of decimal places an inexact conversion keeps:
// enough for 16 significant digits of any figure from 10^-8 up.
const Precision = fixed.Places

// Convert expresses v, measured in from, in the unit to. It reports false
// when the two units do not share a dimension. Equal units convert to
// themselves whether known or not.
func Convert(v decimal.Decimal, from, to string) (decimal.Decimal, bool) {
	if from == to {
		return v, true
	}
	f, okf := table[from]
	t, okt := table[to]
	if !okf || !okt || f.dim != t.dim {
		return decimal.Decimal{}, false
	}
	// v × (f.num/f.den) / (t.num/t.den) = v × f.num × t.den / (f.den × t.num)
	n := v.Mul(decimal.NewFromInt(f.num * t.den))
	d := decimal.NewFromInt(f.den * t.num)
	if q, r := n.QuoRem(d, 0); r.IsZero() {
		return q, true
	}
	return n.DivRound(d, Precision), true
}
