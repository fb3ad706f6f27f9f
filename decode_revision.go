package renewal

import (
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/unit"
)

// revisionKeys are the keys of a revision, in the order messages list them.
var revisionKeys = []string{"from", "reason", "target", "baseline", "allocations", "deadline", "exempt"}

const (
	revFrom = iota
	revReason
	revTarget
	revBaseline
	revAllocations
	revDeadline
	revExempt
)

// decodeRevisions reads a target's revisions and checks each on its own:
// its keys, dates and districts. The figures they lead to are checked by
// checkVersions once the target as written is known to be sound.
func (d *decoder) decodeRevisions(n *yaml.Node, p *Plan, t *Target, periodOK bool) bool {
	items, ok := d.list(n, "revisions", "{from, reason, …}")
	if !ok {
		return false
	}
	rd := revisionDecode{p: p, t: t, periodOK: periodOK, inPct: t.Unit == unit.Percent,
		what: "target " + t.ID, exempted: map[*District]bool{}}
	for _, it := range items {
		f, good := d.fields(it, "a revision of "+rd.what, revisionKeys)
		if f == nil {
			ok = false
			continue
		}
		r := Revision{Pos: d.pos(it)}
		good = d.revisionFrom(&rd, it, f[revFrom], &r) && good
		good = d.revisionReason(&rd, it, f[revReason], &r) && good
		good = d.revisionFigures(&rd, f, &r) && good
		good = d.revisionDeadline(&rd, f[revDeadline], &r) && good
		revised := map[*District]bool{}
		if v := f[revAllocations]; v != nil {
			good = d.decodeRevisedAllocations(v, t, &r, rd.exempted, revised, rd.inPct) && good
		}
		if v := f[revExempt]; v != nil {
			good = d.decodeExempt(v, t, &r, rd.exempted, revised) && good
		}
		t.Revisions = append(t.Revisions, r)
		ok = ok && good
	}
	return ok
}

// revisionDecode is what the steps of reading one target's revisions
// share.
type revisionDecode struct {
	p        *Plan
	t        *Target
	periodOK bool
	inPct    bool   // figures in percent
	what     string // "target <id>", for messages
	// exempted holds the districts a revision before has exempted.
	exempted map[*District]bool
}

// revisionFrom reads a revision's from date: required, within the period,
// after the revision before it.
func (d *decoder) revisionFrom(rd *revisionDecode, it, v *yaml.Node, r *Revision) bool {
	if v == nil {
		d.errorf(it, ErrField, CodeRevisionHasNoDate, rd.what)
		return false
	}
	from, ok := d.date(v, "revision from")
	if !ok {
		return false
	}
	r.From = from
	p, revs := rd.p, rd.t.Revisions
	switch {
	case rd.periodOK && (from.Before(p.Start) || from.After(p.End)):
		d.errorf(v, ErrRule, CodeRevisionOutsidePlanPeriod, from, p.Start, p.End)
		return false
	case len(revs) > 0 && !from.After(revs[len(revs)-1].From):
		d.errorf(v, ErrRule, CodeRevisionsMustListedRising, from, revs[len(revs)-1].From)
		return false
	}
	return true
}

// revisionReason reads a revision's reason, the basis of the adjustment:
// required, not empty.
func (d *decoder) revisionReason(rd *revisionDecode, it, v *yaml.Node, r *Revision) bool {
	if v == nil {
		d.errorf(it, ErrField, CodeRevisionHasNoReason, rd.what)
		return false
	}
	s, ok := d.text(v, "revision reason")
	if ok && s == "" {
		d.errorf(v, ErrValue, CodeReasonRevisionEmptyBasis, rd.what)
		return false
	}
	r.Reason = s
	return ok
}

// revisionFigures reads a revision's new city-wide target and baseline; a
// milestone's revision takes neither, nor allocations.
func (d *decoder) revisionFigures(rd *revisionDecode, f []*yaml.Node, r *Revision) bool {
	ok := true
	if rd.t.Kind == Milestone {
		for _, k := range []int{revTarget, revBaseline, revAllocations} {
			if f[k] != nil {
				d.errorf(f[k], ErrField, CodeMilestoneWhoseRevisionsTake, rd.what, revisionKeys[k])
				ok = false
				f[k] = nil
			}
		}
	}
	if v := f[revTarget]; v != nil {
		r.Figure, r.HasFigure = d.figure(v, "revised target", rd.inPct)
		r.goalPos = d.pos(v)
		ok = ok && r.HasFigure
	}
	if v := f[revBaseline]; v != nil {
		r.Baseline, r.HasBaseline = d.figure(v, "revised baseline", rd.inPct)
		r.basePos = d.pos(v)
		ok = ok && r.HasBaseline
	}
	return ok
}

// revisionDeadline reads a revision's new deadline: within the period, and
// not before the revision applies.
func (d *decoder) revisionDeadline(rd *revisionDecode, v *yaml.Node, r *Revision) bool {
	if v == nil {
		return true
	}
	dl, ok := d.date(v, "revised deadline")
	if !ok {
		return false
	}
	r.deadlinePos = d.pos(v)
	p := rd.p
	switch {
	case rd.periodOK && (dl.Before(p.Start) || dl.After(p.End)):
		d.errorf(v, ErrRule, CodeRevisedDeadlineOutsidePlan, dl, p.Start, p.End)
		return false
	case !r.From.IsZero() && dl.Before(r.From):
		d.errorf(v, ErrRule, CodeRevisedDeadlineBeforeRevision, dl, r.From)
		return false
	}
	r.Deadline = dl
	return true
}

// allocated resolves a district id that a revision names: it must be one
// the target allocates to, and not one already exempt.
func (d *decoder) allocated(n *yaml.Node, t *Target, what string, exempted map[*District]bool) *District {
	id, good := d.ref(n, what)
	if !good {
		return nil
	}
	dis := t.plan.districts[id]
	switch {
	case dis == nil:
		d.errorf(n, ErrReference, CodeNotDeclaredDistrict, what, shorten(id), didYouMean(id, t.plan.districts))
		return nil
	case !t.hasAllocation(dis):
		d.errorf(n, ErrReference, CodeTargetHasNoAllocation, what, id, t.ID)
		return nil
	case exempted[dis]:
		d.errorf(n, ErrRule, CodeAllocationTargetExemptAlready, what, id, t.ID)
		return nil
	}
	return dis
}

func (d *decoder) decodeRevisedAllocations(n *yaml.Node, t *Target, r *Revision, exempted, revised map[*District]bool, inPct bool) bool {
	keys, vals, ok := d.pairs(n, "a revision's allocations", "a mapping of district: figure")
	for i, k := range keys {
		dis := d.allocated(k, t, "revised allocation", exempted)
		if dis == nil {
			ok = false
			continue
		}
		fig, good := d.allocationFigures(vals[i], "revised allocation", dis.ID, CodeRevisedAllocationHasNo, inPct)
		if !good {
			ok = false
			continue
		}
		ra := RevisedAllocation{District: dis, Figure: fig.figure, Baseline: fig.baseline, HasBaseline: fig.hasBaseline, Pos: d.pos(k)}
		revised[dis] = true
		r.Allocations = append(r.Allocations, ra)
	}
	return ok
}

func (d *decoder) decodeExempt(n *yaml.Node, t *Target, r *Revision, exempted, revised map[*District]bool) bool {
	items, ok := d.list(n, "exempt", "district ids")
	if !ok {
		return false
	}
	for _, it := range items {
		dis := d.allocated(it, t, "exempt district", exempted)
		switch {
		case dis == nil:
			ok = false
		case revised[dis]:
			d.errorf(it, ErrRule, CodeDistrictBothRevisedExempted, dis.ID)
			ok = false
		default:
			exempted[dis] = true
			r.Exempt = append(r.Exempt, dis)
		}
	}
	return ok
}
