package renewal

import (
	"slices"
)

// index sorts each target and district's records by date, resolves
// records with the same date (duplicates, conflicts, corrections), and
// warns of cumulative figures that go down.
func (l *Ledger) index() []probChunk {
	var probs []probChunk
	// Count each slot's records, then lay every slot's handles out in one
	// array, in load order.
	base := make([]int, len(l.slots)+1)
	for ti, slots := range l.slots {
		base[ti+1] = base[ti] + len(slots)
	}
	start := make([]int32, base[len(l.slots)]+1)
	total := 0
	l.recs.all(func(_ int32, r *rec) bool {
		start[base[r.target]+int(r.slot)+1]++
		total++
		return true
	})
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	handles := make([]int32, total)
	next := slices.Clone(start)
	l.recs.all(func(h int32, r *rec) bool {
		k := base[r.target] + int(r.slot)
		handles[next[k]] = h
		next[k]++
		return true
	})
	for ti, slots := range l.slots {
		for si := range slots {
			k := base[ti] + si
			slots[si] = handles[start[k]:start[k+1]:start[k+1]]
		}
	}
	// Targets are independent: index them in parallel, and gather their
	// problems and counts in target order.
	results := make([]slotIndex, len(l.slots))
	l.dates = make([][][]Date, len(l.slots))
	parallelFor(len(l.slots), len(l.slots) > 1 && total > 1<<14, func(ti int) {
		results[ti] = l.indexTarget(ti)
	})
	for _, res := range results {
		probs = append(probs, res.probs.chunks()...)
		l.stats.Duplicates += res.duplicates
		l.stats.Replaced += res.replaced
		l.stats.Rejected += res.rejected
		if res.latest.After(l.latest) {
			l.latest = res.latest
		}
	}
	l.rules = probs[:len(probs):len(probs)]
	return probs
}

// slotIndex is what indexing one target gives: its problems, its counts
// of what was dropped, and its latest record date.
type slotIndex struct {
	probs                          problemList
	duplicates, replaced, rejected int
	latest                         Date
}

// indexTarget is index for one target's slots: each slot sorted by date,
// its same-date records resolved (sameDate), its falls warned of (falls).
func (l *Ledger) indexTarget(ti int) slotIndex {
	byDate := func(a, b int32) int { return l.recs.at(a).date.Compare(l.recs.at(b).date) }
	slots := l.slots[ti]
	t := l.plan.Targets[ti]
	var x slotIndex
	kepts := 0
	for si, idx := range slots {
		// Stable: records of one date stay in load order. Files are
		// usually read in date order, so most slots are sorted already.
		if !slices.IsSortedFunc(idx, byDate) {
			slices.SortStableFunc(idx, byDate)
		}
		kept := idx[:0]
		for _, i := range idx {
			if len(kept) == 0 || l.recs.at(kept[len(kept)-1]).date != l.recs.at(i).date {
				kept = append(kept, i)
				continue
			}
			if l.sameDate(t, si, kept[len(kept)-1], i, &x) {
				kept[len(kept)-1] = i
			}
		}
		slots[si] = kept
		kepts += len(kept)
		for _, i := range kept {
			if d := l.recs.at(i).date; d.After(x.latest) {
				x.latest = d
			}
		}
		l.falls(t, si, kept, &x.probs)
	}
	l.dates[ti] = l.slotDates(slots, kepts)
	return x
}

// slotDates returns each slot's records' dates, in one array of n.
func (l *Ledger) slotDates(slots [][]int32, n int) [][]Date {
	all := make([]Date, n)
	dates := make([][]Date, len(slots))
	for si, idx := range slots {
		dates[si], all = all[:len(idx):len(idx)], all[len(idx):]
		for j, h := range idx {
			dates[si][j] = l.recs.at(h).date
		}
	}
	return dates
}

// sameDate resolves record i, of the same target, slot and date as record
// k before it: a duplicate is counted once, a correction replaces k, and
// anything else conflicts with k and is not counted. It reports whether
// i takes k's place.
func (l *Ledger) sameDate(t *Target, slot int, k, i int32, x *slotIndex) bool {
	prev, r := l.recs.at(k), l.recs.at(i)
	switch {
	case l.isDuplicate(t, prev, r):
		r.gone = true
		x.duplicates++
		x.probs.add(l.problem(i, Warning, ErrRule, CodeDuplicateRecordSameTarget, l.pos(k)))
		return false
	case l.isCorrection(r):
		prev.gone = true
		x.replaced++
		x.probs.add(l.problem(i, Warning, ErrRule, CodeCorrectionReplacesRecord, l.ext(r).correction, l.pos(k), l.figures(t, prev), l.figures(t, r)))
		return true
	}
	r.gone = true
	x.rejected++
	x.probs.add(l.problem(i, Error, ErrRule, CodeConflictsRecordAddCorrection, l.pos(k), t.ID, slotName(t, slot), r.date, l.figures(t, prev), l.figures(t, r)))
	return false
}

// isCorrection reports whether a record gives a reason to replace the
// record it meets.
func (l *Ledger) isCorrection(r *rec) bool {
	x := l.ext(r)
	return x != nil && x.correction != ""
}

// falls warns of each fall in a cumulative count's records, kept in date
// order: figures are cumulative, so a fall is usually a misreport.
func (l *Ledger) falls(t *Target, slot int, kept []int32, probs *problemList) {
	if t.Kind != Count || t.Direction != AtLeast {
		return
	}
	for j := 1; j < len(kept); j++ {
		a, b := l.recs.at(kept[j-1]), l.recs.at(kept[j])
		if l.cmpValues(b, a) < 0 {
			probs.add(l.problem(kept[j], Warning, ErrRule, CodeWentDownOnOn, t.ID, slotName(t, slot), l.value(a), a.date, l.pos(kept[j-1]), l.value(b), b.date))
		}
	}
}

// cmpValues compares two records' values (or numerators).
func (l *Ledger) cmpValues(a, b *rec) int { return l.cmpNum(a.vm, a.ve, b.vm, b.ve) }

// cmpDens compares two ratio records' denominators.
func (l *Ledger) cmpDens(a, b *rec) int { return l.cmpNum(a.dm, a.de, b.dm, b.de) }

// cmpNum compares two compact figures: in integers when both fit, else
// in decimal.
func (l *Ledger) cmpNum(am int64, ae int8, bm int64, be int8) int {
	if fa, ok := fixNum(am, ae); ok {
		if fb, ok := fixNum(bm, be); ok {
			if c, ok := fa.Cmp(fb); ok {
				return c
			}
		}
	}
	return l.num(am, ae).Cmp(l.num(bm, be))
}

func (l *Ledger) problem(i int32, sev Severity, class error, code Code, args ...any) Problem {
	return newProblem(l.pos(i), sev, class, code, args...)
}

// isDuplicate reports whether two records of one target, slot and date
// give the same figures.
func (l *Ledger) isDuplicate(t *Target, a, b *rec) bool {
	switch t.Kind {
	case Milestone:
		return a.done == b.done
	case Ratio:
		return l.cmpValues(a, b) == 0 && l.cmpDens(a, b) == 0
	}
	return l.cmpValues(a, b) == 0
}

func (l *Ledger) figures(t *Target, r *rec) string {
	switch t.Kind {
	case Milestone:
		return "done " + r.done.String()
	case Ratio:
		return l.value(r).String() + "/" + l.den(r).String()
	}
	return l.value(r).String()
}
