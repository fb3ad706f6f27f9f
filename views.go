package renewal

import (
	"bytes"
	"io"
)

// The warning list and the scorecard as data: what WriteLagging and
// WriteScorecard print, for a program that lays them out itself, and
// their JSON, written by the same writer as the JSON report.

// WarningList returns the goals of the warning list (预警清单), in the
// order WriteLagging and the full report list them: every goal, city-wide
// or a district's, that is overdue, seriously lagging, not started or
// lagging, in that order of urgency, and within a status in plan order, a
// target's city-wide goal before its districts'. It returns nil for a nil
// report.
func (r *Report) WarningList() []*Goal {
	if r == nil {
		return nil
	}
	return r.warned()
}

// Scorecard is one district's card (see WriteScorecard) as data.
type Scorecard struct {
	// Report is the report the card is taken from: its plan and date.
	Report *Report
	// District is the district's standing: score, rank and counts.
	District DistrictResult
	// Ranked is how many districts have a rank, for "rank 3 of 11".
	Ranked int
	// Goals are the district's goals in plan order.
	Goals []*Goal
}

// Scorecard returns the card of the district with the id the plan
// declares, or nil when there is no such district.
func (r *Report) Scorecard(districtID string) *Scorecard {
	dr := r.District(districtID)
	if dr == nil {
		return nil
	}
	sc := &Scorecard{Report: r, District: *dr, Goals: r.districtGoals(dr.District)}
	for _, x := range r.Districts {
		if x.Rank > 0 {
			sc.Ranked++
		}
	}
	return sc
}

// head writes the fields every JSON object of a report starts with: the
// plan, the date and the expected progress.
func (j *jsonWriter) head(r *Report) {
	j.key("plan")
	j.open('{')
	j.key("id")
	j.str(r.Plan.ID)
	j.key("title")
	j.str(r.Plan.Title)
	j.close('}')
	j.key("as_of")
	j.str(r.AsOf.String())
	if j.prev != nil {
		j.key("since")
		j.str(j.prev.AsOf.String())
	}
	j.key("expected")
	j.fig(r.Expected)
}

// goalEntry writes a goal as an object of its own: its target's plan
// fields, the goal's fields as the JSON report has them, and the names
// of its district and lead department, so that a list of goals reads
// without the plan beside it.
func (j *jsonWriter) goalEntry(g *Goal) {
	j.open('{')
	j.targetFields(g)
	j.goal(g, nil)
	j.key("district_name")
	if g.District != nil {
		j.str(g.District.Name)
	} else {
		j.null()
	}
	j.key("lead_name")
	if g.Target.Lead != nil {
		j.str(g.Target.Lead.Name)
	} else {
		j.str("")
	}
	j.close('}')
}

func (j *jsonWriter) goalEntries(goals []*Goal) {
	j.array(len(goals), func(i int) { j.goalEntry(goals[i]) })
}

// writeJSONObject writes one JSON object, laid out as WriteJSON lays out
// the report, whose fields body writes.
func writeJSONObject(w io.Writer, body func(j *jsonWriter)) error {
	j := &jsonWriter{w: w, buf: make([]byte, 0, 4<<10)}
	j.open('{')
	body(j)
	j.close('}')
	j.buf = append(j.buf, '\n')
	return j.flush()
}

// writeLaggingJSON writes the warning list as an object: the report's
// head, the lagging threshold, the goals (each as Goal.MarshalJSON has
// it) and the errors of the input.
func (r *Report) writeLaggingJSON(w io.Writer) error {
	return writeJSONObject(w, func(j *jsonWriter) {
		j.head(r)
		j.key("lagging_threshold")
		j.fig(r.Plan.LaggingThreshold)
		j.key("goals")
		j.goalEntries(r.warned())
		j.key("errors")
		j.warnings(r.Errors)
	})
}

// writeJSON writes the card as an object: the report's head, the
// district's standing as the JSON report has it, how many districts are
// ranked, the goals and the errors of the input.
func (sc *Scorecard) writeJSON(w io.Writer) error {
	r := sc.Report
	return writeJSONObject(w, func(j *jsonWriter) {
		j.head(r)
		j.key("district")
		j.district(sc.District)
		j.key("ranked")
		j.int(sc.Ranked)
		j.key("goals")
		j.goalEntries(sc.Goals)
		j.key("errors")
		j.warnings(r.Errors)
	})
}

// marshal returns what write writes.
func marshal(write func(w io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalJSON returns the card as WriteScorecard writes it in JSON.
func (sc Scorecard) MarshalJSON() ([]byte, error) {
	if sc.Report == nil || sc.District.District == nil {
		return []byte("null"), nil
	}
	return marshal(sc.writeJSON)
}

// MarshalJSON returns the goal as an object of its own: its target's
// fields as the JSON report has them (id, name, section, task, kind,
// unit, lead, support, weight, deadline), the goal's (district for a
// district's goal, target, baseline, actual, completion, score, expected,
// status, record, and the rest the JSON report gives a goal), and the
// names of its district (null for a city-wide goal) and lead department.
// It is the form of the goals of WriteLagging and WriteScorecard in JSON.
func (g Goal) MarshalJSON() ([]byte, error) {
	if g.Target == nil {
		return []byte("null"), nil
	}
	return marshal(func(w io.Writer) error {
		j := &jsonWriter{w: w}
		j.goalEntry(&g)
		return j.flush()
	})
}

// MarshalJSON returns the district's standing as the JSON report's
// districts list has it.
func (d DistrictResult) MarshalJSON() ([]byte, error) {
	if d.District == nil {
		return []byte("null"), nil
	}
	return marshal(func(w io.Writer) error {
		j := &jsonWriter{w: w}
		j.district(d)
		return j.flush()
	})
}
