package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
)

// The plot area of a trend panel, in the units of its viewBox (240×124).
const (
	plotLeft   = 32.0
	plotRight  = 232.0
	plotTop    = 8.0
	plotBottom = 100.0
)

// DefaultTrendMonths is how many dates the trend draws at most when
// Options.MaxMonths is 0: the last 24 month ends up to the report date.
const DefaultTrendMonths = 24

// TrendDates returns the dates the page's trend draws for a report of
// plan p as of asOf: the last n dates of renewal.MonthEnds(p, asOf)
// (the month ends up to asOf, then asOf itself when it is not one),
// oldest first, or the last DefaultTrendMonths with n ≤ 0. It counts
// back from asOf, so that its cost does not grow with the period: a plan
// for the years 1 to 9999 costs what a plan for two years does. Evaluate
// the ledger at these dates for Options.Trend:
//
//	renewal.EvaluateSeries(ledger, dashboard.TrendDates(plan, asOf, 0)...)
func TrendDates(p *renewal.Plan, asOf renewal.Date, n int) []renewal.Date {
	if n <= 0 {
		n = DefaultTrendMonths
	}
	if p == nil || p.Start.IsZero() || asOf.Before(p.Start) {
		return nil
	}
	limit := asOf
	if p.End.Before(limit) {
		limit = p.End
	}
	sy, sm, _ := p.Start.Time().Date()
	first := renewal.NewDate(sy, sm+1, 0) // the last day of the period's first month
	y, m, _ := limit.Time().Date()
	end := renewal.NewDate(y, m+1, 0)
	if end.After(limit) {
		end = renewal.NewDate(y, m, 0) // the month before limit's
	}
	var back []renewal.Date // the month ends, latest first
	for ; !end.Before(first) && len(back) < n; end = monthEndBefore(end) {
		back = append(back, end)
	}
	withAsOf := len(back) == 0 || back[0] != asOf
	if withAsOf && len(back) == n {
		back = back[:n-1]
	}
	out := make([]renewal.Date, 0, len(back)+1)
	for i := len(back) - 1; i >= 0; i-- {
		out = append(out, back[i])
	}
	if withAsOf {
		out = append(out, asOf)
	}
	return out
}

// monthEndBefore returns the last day of the month before d's.
func monthEndBefore(d renewal.Date) renewal.Date {
	y, m, _ := d.Time().Date()
	return renewal.NewDate(y, m, 0)
}

// buildTrend draws one small panel for the city and one for each
// district, in rank order; with more districts than opts.MaxTrends, only
// the best and the worst opts.MaxTrends/2. It draws the last
// opts.MaxMonths dates of opts.Trend; when they do not reach back to the
// period's first month end, the horizontal axis spans the dates drawn
// rather than the period, and a note under the panels says the trend is
// cut.
func buildTrend(r *renewal.Report, opts Options, w *words) *trend {
	plan := r.Plan
	drawn := opts.Trend
	if k := len(drawn.Reports) - opts.MaxMonths; k > 0 {
		drawn = &renewal.Series{Dates: drawn.Dates[k:], Reports: drawn.Reports[k:]}
	}
	reports := drawn.Reports
	origin, axisEnd := plan.Start.AddDays(-1), plan.End
	sy, sm, _ := plan.Start.Time().Date()
	firstShown, lastShown := reports[0].AsOf, reports[len(reports)-1].AsOf
	cut := firstShown.After(renewal.NewDate(sy, sm+1, 0))
	if cut {
		origin, axisEnd = monthEndBefore(firstShown), lastShown
	}
	span := float64(max(1, axisEnd.Sub(origin)))
	x := func(d renewal.Date) float64 { return plotLeft + (plotRight-plotLeft)*float64(d.Sub(origin))/span }
	y := func(v decimal.Decimal) float64 {
		f := v.InexactFloat64()
		f = max(0, min(1, f))
		return plotBottom - (plotBottom-plotTop)*f
	}
	tr := &trend{
		Note:  fmt.Sprintf(w.TrendNote, origin.AddDays(1), axisEnd),
		Table: w.TrendTable,
	}
	if cut {
		tr.Cut = fmt.Sprintf(w.TrendCut, len(reports), firstShown, lastShown)
	}
	// A date is its month and day, or the whole date when the dates
	// drawn span more than one year.
	label := func(d renewal.Date) string { return d.String()[5:] }
	if firstShown.Time().Year() != lastShown.Time().Year() {
		label = renewal.Date.String
	}
	var ticks []tick
	var exp []string
	if !cut {
		exp = append(exp, pt(x(origin), plotBottom)) // expected progress is 0 before the period
	}
	for _, t := range reports {
		tr.Dates = append(tr.Dates, label(t.AsOf))
		exp = append(exp, pt(x(t.AsOf), y(t.Expected)))
		tm := t.AsOf.Time()
		if isMonthEnd(t.AsOf) && tm.Month()%3 == 0 {
			ticks = append(ticks, tick{X: num(x(t.AsOf)), Label: fmt.Sprintf(w.Month, int(tm.Month()))})
		}
	}
	expLine := strings.Join(exp, " ")

	mk := func(id, name, caption string, st status, series []renewal.Point) panel {
		p := panel{ID: id, Name: name, Caption: caption, ExpLine: expLine, Standing: st, Ticks: ticks}
		var line, figs []string
		for _, s := range series {
			cell := missing
			if s.OK {
				cell = pct(s.Value)
				line = append(line, pt(x(s.Date), y(s.Value)))
				p.LastX, p.LastY = num(x(s.Date)), num(y(s.Value))
			}
			p.Cells = append(p.Cells, cell)
			figs = append(figs, label(s.Date)+" "+cell)
		}
		p.Line = strings.Join(line, " ")
		p.Label = fmt.Sprintf(w.TrendTitle, name, strings.Join(figs, w.ListSep))
		return p
	}

	city := make([]renewal.Point, len(reports))
	for i, t := range reports {
		city[i] = renewal.Point{Date: t.AsOf, Value: t.Score, OK: true}
	}
	tr.Panels = append(tr.Panels, mk("", w.CityWide, w.CityWide+" "+pct(r.Score),
		standing(r.Score, r.Expected, plan.LaggingThreshold, opts.Lang), city))

	shown := r.Districts
	if len(shown) > opts.MaxTrends {
		half := opts.MaxTrends / 2
		shown = append(shown[:half:half], shown[len(shown)-half:]...)
		tr.Shown = fmt.Sprintf(w.TrendShown, half, half, len(r.Districts))
	}
	for _, dr := range shown {
		series := drawn.District(dr.District.ID)
		rank, score := missing, missing
		var st status
		if dr.Rank > 0 {
			rank = strconv.Itoa(dr.Rank)
		}
		if dr.Goals > 0 {
			score = pct(dr.Score)
			st = standing(dr.Score, r.Expected, plan.LaggingThreshold, opts.Lang)
		}
		tr.Panels = append(tr.Panels, mk(dr.District.ID, dr.District.Name,
			rank+" · "+dr.District.Name+" "+score, st, series))
	}
	return tr
}

func isMonthEnd(d renewal.Date) bool { return d.AddDays(1).Time().Day() == 1 }

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func pt(x, y float64) string { return num(x) + "," + num(y) }
