package renewal

import (
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/figure"
)

// JSONPlaces is the number of decimal places figures keep in JSON and CSV.
const JSONPlaces = 4

// jsonFig renders a figure for JSON and CSV: rounded half away from zero
// (四舍五入) to 4 places, trailing zeros trimmed.
func jsonFig(v decimal.Decimal) string { return figure.Format(v, JSONPlaces) }

type jsonReport struct {
	Plan        jsonPlan         `json:"plan"`
	AsOf        string           `json:"as_of"`
	Expected    string           `json:"expected"`
	Overall     jsonScore        `json:"overall"`
	Sections    []jsonRollup     `json:"sections"`
	Tasks       []jsonRollup     `json:"tasks"`
	Targets     []jsonTarget     `json:"targets"`
	Districts   []jsonDistrict   `json:"districts"`
	Departments []jsonDepartment `json:"departments"`
	Warnings    []jsonProblem    `json:"warnings"`
}

type jsonPlan struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type jsonScore struct {
	Score string `json:"score"`
}

type jsonRollup struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Section string  `json:"section,omitempty"`
	Score   *string `json:"score"`
	Targets int     `json:"targets"`
}

type jsonGoal struct {
	District   string  `json:"district,omitempty"`
	Target     string  `json:"target"`
	Baseline   string  `json:"baseline"`
	Actual     *string `json:"actual"`
	Completion string  `json:"completion"`
	Score      string  `json:"score"`
	Expected   string  `json:"expected"`
	Status     string  `json:"status"`
	Record     *string `json:"record"`
}

type jsonTarget struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Section  string   `json:"section"`
	Task     string   `json:"task"`
	Kind     string   `json:"kind"`
	Unit     string   `json:"unit"`
	Lead     string   `json:"lead"`
	Support  []string `json:"support"`
	Weight   string   `json:"weight"`
	Deadline string   `json:"deadline"`
	jsonGoal
	Districts []jsonGoal `json:"districts"`
}

type jsonDistrict struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	Score            *string `json:"score"`
	Rank             *int    `json:"rank"`
	Targets          int     `json:"targets"`
	Lagging          int     `json:"lagging"`
	SeriouslyLagging int     `json:"seriously_lagging"`
	Overdue          int     `json:"overdue"`
	NotStarted       int     `json:"not_started"`
}

type jsonDepartment struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Score   *string `json:"score"`
	Targets int     `json:"targets"`
}

type jsonProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func optFig(v decimal.Decimal, ok bool) *string {
	if !ok {
		return nil
	}
	s := jsonFig(v)
	return &s
}

func goalJSON(g *Goal) jsonGoal {
	j := jsonGoal{
		Target:     jsonFig(g.Goal),
		Baseline:   jsonFig(g.Baseline),
		Actual:     optFig(g.Actual, g.HasActual),
		Completion: jsonFig(g.Completion),
		Score:      jsonFig(g.Score),
		Expected:   jsonFig(g.Expected),
		Status:     g.Status.String(),
	}
	if g.District != nil {
		j.District = g.District.ID
	}
	if !g.Record.IsZero() {
		s := g.Record.String()
		j.Record = &s
	}
	return j
}

// WriteJSON writes the report as the JSON object of SPEC §5: every figure
// a string holding a decimal fraction rounded half up to 4 places, absent
// figures null, lists in declaration order except districts, which are in
// rank order.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Plan:     jsonPlan{ID: r.Plan.ID, Title: r.Plan.Title},
		AsOf:     r.AsOf.String(),
		Expected: jsonFig(r.Expected),
		Overall:  jsonScore{Score: jsonFig(r.Score)},
	}
	for _, s := range r.Sections {
		out.Sections = append(out.Sections, jsonRollup{ID: s.ID, Name: s.Name, Score: optFig(s.Score, s.Targets > 0), Targets: s.Targets})
	}
	ti := 0
	for _, s := range r.Plan.Sections {
		for _, task := range s.Tasks {
			t := r.Tasks[ti]
			ti++
			out.Tasks = append(out.Tasks, jsonRollup{ID: t.ID, Name: t.Name, Section: s.ID, Score: optFig(t.Score, t.Targets > 0), Targets: t.Targets})
			_ = task
		}
	}
	for _, g := range r.Targets {
		t := g.Target
		jt := jsonTarget{
			ID: t.ID, Name: t.Name, Section: t.Section.ID, Task: t.Task.ID,
			Kind: t.Kind.String(), Unit: t.Unit, Support: []string{},
			Weight: jsonFig(t.Weight), Deadline: t.Deadline.String(),
			jsonGoal: goalJSON(g), Districts: []jsonGoal{},
		}
		if t.Lead != nil {
			jt.Lead = t.Lead.ID
		}
		for _, s := range t.Support {
			jt.Support = append(jt.Support, s.ID)
		}
		for _, dg := range g.Districts {
			jt.Districts = append(jt.Districts, goalJSON(dg))
		}
		out.Targets = append(out.Targets, jt)
	}
	for _, d := range r.Districts {
		jd := jsonDistrict{
			ID: d.District.ID, Name: d.District.Name,
			Score: optFig(d.Score, d.Goals > 0), Targets: d.Goals,
			Lagging: d.Counts[Lagging], SeriouslyLagging: d.Counts[SeriouslyLagging],
			Overdue: d.Counts[Overdue], NotStarted: d.Counts[NotStarted],
		}
		if d.Rank > 0 {
			rank := d.Rank
			jd.Rank = &rank
		}
		out.Districts = append(out.Districts, jd)
	}
	for _, d := range r.Departments {
		out.Departments = append(out.Departments, jsonDepartment{ID: d.ID, Name: d.Name, Score: optFig(d.Score, d.Targets > 0), Targets: d.Targets})
	}
	out.Warnings = []jsonProblem{}
	for _, p := range r.Warnings {
		out.Warnings = append(out.Warnings, jsonProblem{File: p.File, Line: p.Line, Column: p.Column, Message: p.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
