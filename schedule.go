package renewal

import (
	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// Precision is the number of decimal places every division is carried to
// before figures are rounded for printing. 24 places keep at least 16
// significant digits for any share above 10^-8.
const Precision = fixed.Places

var (
	zero = decimal.Decimal{}
	one  = decimal.NewFromInt(1)
)

func div(a, b decimal.Decimal) decimal.Decimal { return a.DivRound(b, Precision) }

// Expected returns the target's expected progress (序时进度) on day asOf,
// a share from 0 to 1:
//
//   - a level target and a ceiling are to be held all year, so it is 1
//     on every date;
//   - on and after the deadline it is 1;
//   - with a schedule (the target's own, else the plan's when the target
//     is due at the period's end) it runs piecewise linearly, by days,
//     through (the day before the period starts, 0), the schedule's
//     points, and (deadline, 1);
//   - otherwise it is the days from the period's start to asOf over the
//     days from the start to the deadline, both ends counted.
func (t *Target) Expected(asOf Date) decimal.Decimal {
	return t.expectedBy(t.terms(asOf).Deadline, asOf)
}

// expectedBy is Expected for the deadline in force on asOf.
func (t *Target) expectedBy(deadline, asOf Date) decimal.Decimal {
	if t.Kind == Level || t.ceiling {
		return one
	}
	sched := t.Schedule
	if sched == nil && deadline == t.plan.End {
		sched = t.plan.Schedule
	}
	return curve(t.plan.Start, deadline, sched, asOf)
}

// Expected returns the plan's expected progress on day asOf: the curve of
// a target due at the period's end with no schedule of its own.
func (p *Plan) Expected(asOf Date) decimal.Decimal {
	return curve(p.Start, p.End, p.Schedule, asOf)
}

func curve(start, deadline Date, sched []SchedulePoint, d Date) decimal.Decimal {
	if !d.Before(deadline) {
		return one
	}
	prevDate, prevShare := start.AddDays(-1), zero
	if !d.After(prevDate) {
		return zero
	}
	for i := 0; i <= len(sched); i++ {
		date, share := deadline, one
		if i < len(sched) {
			date, share = sched[i].Date, sched[i].Expected
		}
		if !d.After(date) {
			// d is in (prevDate, date]: interpolate by days.
			span := decimal.NewFromInt(int64(date.Sub(prevDate)))
			gone := decimal.NewFromInt(int64(d.Sub(prevDate)))
			return prevShare.Add(div(share.Sub(prevShare).Mul(gone), span))
		}
		prevDate, prevShare = date, share
	}
	return one // not reached: d is before the deadline
}
