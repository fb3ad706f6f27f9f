package renewal

import (
	"github.com/shopspring/decimal"
)

// Series is one ledger evaluated at several dates, for trend lines: each
// district's score and each goal's completion over time. Build it with
// EvaluateSeries; the ledger is neither reloaded nor re-sorted.
type Series struct {
	// Dates are the report dates, in the order given; Reports[i] is the
	// report as of Dates[i].
	Dates   []Date
	Reports []*Report
}

// Point is one figure of a series: Value on Date, valid when OK.
type Point struct {
	Date  Date
	Value decimal.Decimal
	OK    bool
}

// EvaluateSeries evaluates the ledger at each of the dates. It costs what
// that many calls of Evaluate cost, and no more.
func EvaluateSeries(l *Ledger, dates ...Date) *Series {
	s := &Series{Dates: dates, Reports: make([]*Report, len(dates))}
	for i, d := range dates {
		s.Reports[i] = Evaluate(l, d)
	}
	return s
}

// MonthEnds returns the last day of every month of the plan's period up
// to asOf, then asOf itself when it is not a month end: the dates of a
// monthly trend line.
func MonthEnds(p *Plan, asOf Date) []Date {
	if p == nil || p.Start.IsZero() || asOf.Before(p.Start) {
		return nil
	}
	var out []Date
	y, m, _ := p.Start.Time().Date()
	for ; ; m++ {
		end := NewDate(y, m+1, 0) // day 0 of the next month: the last of this one
		if end.After(asOf) || end.After(p.End) {
			break
		}
		out = append(out, end)
	}
	if len(out) == 0 || out[len(out)-1] != asOf {
		out = append(out, asOf)
	}
	return out
}

// District returns the district's score at each date; a point is not OK
// where the district had no goal assessed. It is nil for an unknown id.
func (s *Series) District(id string) []Point {
	var out []Point
	for i, r := range s.Reports {
		d := r.District(id)
		if d == nil {
			return nil
		}
		out = append(out, Point{Date: s.Dates[i], Value: d.Score, OK: d.Goals > 0})
	}
	return out
}

// Goal returns the completion of a target's goal in a district (the
// city-wide goal for district "") at each date; a point is not OK where
// the goal was exempt. It is nil for an unknown goal.
func (s *Series) Goal(target, district string) []Point {
	var out []Point
	for i, r := range s.Reports {
		g := r.Goal(target, district)
		if g == nil {
			return nil
		}
		out = append(out, Point{Date: s.Dates[i], Value: g.Completion, OK: g.Status != Exempt})
	}
	return out
}
