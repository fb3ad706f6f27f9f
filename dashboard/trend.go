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

// buildTrend draws one small panel for the city and one for each
// district, in rank order; with more districts than opts.MaxTrends, only
// the best and the worst opts.MaxTrends/2.
func buildTrend(r *renewal.Report, opts Options, w *words) *trend {
	plan := r.Plan
	origin := plan.Start.AddDays(-1)
	span := float64(plan.End.Sub(origin))
	x := func(d renewal.Date) float64 { return plotLeft + (plotRight-plotLeft)*float64(d.Sub(origin))/span }
	y := func(v decimal.Decimal) float64 {
		f := v.InexactFloat64()
		f = max(0, min(1, f))
		return plotBottom - (plotBottom-plotTop)*f
	}
	tr := &trend{
		Note:  fmt.Sprintf(w.TrendNote, plan.Start, plan.End),
		Table: w.TrendTable,
	}
	reports := opts.Trend.Reports
	var ticks []tick
	exp := []string{pt(x(origin), plotBottom)}
	for _, t := range reports {
		tr.Dates = append(tr.Dates, t.AsOf.String()[5:])
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
			figs = append(figs, s.Date.String()[5:]+" "+cell)
		}
		p.Line = strings.Join(line, " ")
		p.Label = fmt.Sprintf(w.TrendTitle, name, strings.Join(figs, w.listSep()))
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
		series := opts.Trend.District(dr.District.ID)
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

// listSep joins the figures of a panel's title.
func (w *words) listSep() string {
	if w.Lang == "en" {
		return ", "
	}
	return "，"
}
