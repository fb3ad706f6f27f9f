package gen

import (
	"math/rand/v2"
	"strconv"
)

// Series are always made for all twelve months and cut to Config.Months when
// written, so a shorter run is a prefix of a longer one with the same seed.
const year = 12

// series is one district's figures for one target, month by month.
type series struct {
	v    [year + 1]int64 // value or numerator, cents; index 1..12
	den  int64           // ratio denominator, whole units
	mu   [year + 1]bool  // write this month's value in 亩
	done int             // milestone: month it is done, 0 if never
	day  int             // milestone: day of that month
}

func (p *plan) progress(emit func(name string, data []byte, records int) error) error {
	cfg := p.cfg
	var all []byte // OneFile output
	allRecords := 0
	if cfg.OneFile {
		all = make([]byte, 0, (cfg.Districts*cfg.Targets*36+128)*cfg.Months)
	}
	out := func(name string, doc []byte, records int) error {
		if !cfg.OneFile {
			return emit(name, doc, records)
		}
		if len(all) > 0 {
			all = append(all, "---\n"...)
		}
		all = append(all, doc...)
		allRecords += records
		return nil
	}
	var buf []byte
	if p.hasLevel {
		r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x63697479)) // "city"
		var vals [year + 1][]int64
		for m := 1; m <= year; m++ {
			for _, t := range p.targets {
				if t.kind == level {
					vals[m] = append(vals[m], t.city*(900+r.Int64N(201))/1000/t.step*t.step)
				}
			}
		}
		for m := 1; m <= cfg.Months; m++ {
			buf = append(buf[:0], "date: "...)
			buf = appendMonthEnd(buf, m)
			buf = append(buf, "\nsource: 市统计局 "...)
			buf = appendMonth(buf, m)
			buf = append(buf, "\nrecords:\n"...)
			k := 0
			for _, t := range p.targets {
				if t.kind != level {
					continue
				}
				buf = append(buf, "  - {target: "...)
				buf = append(buf, t.id...)
				buf = append(buf, ", value: "...)
				buf = appendCents(buf, vals[m][k])
				buf = append(buf, "}\n"...)
				k++
			}
			if err := out("progress/city/"+fileMonth(m), clone(buf), k); err != nil {
				return err
			}
		}
	}
	ser := make([]series, len(p.targets))
	for d, id := range p.ids {
		p.districtSeries(d, ser)
		for m := 1; m <= cfg.Months; m++ {
			buf = append(buf[:0], "district: "...)
			buf = append(buf, id...)
			buf = append(buf, "\ndate: "...)
			buf = appendMonthEnd(buf, m)
			buf = append(buf, "\nsource: 第"...)
			buf = append(buf, id[1:]...)
			buf = append(buf, "区 "...)
			buf = appendMonth(buf, m)
			buf = append(buf, "\nrecords:\n"...)
			records := 0
			for i := range p.targets {
				t, s := &p.targets[i], &ser[i]
				if t.kind == milestone && s.done != m {
					continue
				}
				records++
				buf = append(buf, "  - {target: "...)
				buf = append(buf, t.id...)
				switch t.kind {
				case count, level:
					buf = append(buf, ", value: "...)
					if s.mu[m] {
						buf = appendCents(buf, s.v[m]*15) // 1 公顷 = 15 亩
						buf = append(buf, ", unit: 亩"...)
					} else {
						buf = appendCents(buf, s.v[m])
					}
				case ratio:
					buf = append(buf, ", numerator: "...)
					buf = strconv.AppendInt(buf, s.v[m]/whole, 10)
					buf = append(buf, ", denominator: "...)
					buf = strconv.AppendInt(buf, s.den, 10)
				case milestone:
					buf = append(buf, ", done: "...)
					buf = appendDate(buf, m, s.day)
				}
				buf = append(buf, "}\n"...)
			}
			if err := out("progress/"+id+"/"+fileMonth(m), clone(buf), records); err != nil {
				return err
			}
		}
	}
	if cfg.OneFile {
		return emit("progress/all.yaml", all, allRecords)
	}
	return nil
}

// districtSeries fills ser with district d's figures. Each district has its
// own random stream, so its figures do not depend on the other districts.
func (p *plan) districtSeries(d int, ser []series) {
	r := rand.New(rand.NewPCG(uint64(p.cfg.Seed), uint64(d)|1<<63))
	for i := range p.targets {
		t, s := &p.targets[i], &ser[i]
		*s = series{}
		// pace is how far the district gets by the deadline, in permille
		// of its goal: some lag, some over-fulfil.
		pace := 600 + r.Int64N(701)
		switch t.kind {
		case count:
			goal := t.goals[d]
			prev := int64(0)
			if t.atMost {
				prev = t.bases[d]
			}
			for m := 1; m <= year; m++ {
				frac := max(0, pace*int64(min(m, t.deadline))/int64(t.deadline)+r.Int64N(81)-40)
				var v int64
				if t.atMost {
					base := t.bases[d]
					v = max(0, base-(base-goal)*frac/1000/t.step*t.step)
					v = min(v, prev)
				} else {
					v = max(goal*frac/1000/t.step*t.step, prev)
				}
				s.v[m], prev = v, v
				s.mu[m] = t.mu && r.IntN(20) == 0
			}
		case ratio:
			s.den = 20 + r.Int64N(181)
			start := 400 + r.Int64N(301)         // share at the start, permille
			end := t.goals[d] / 10 * pace / 1000 // share reached in December
			prev := int64(0)
			for m := 1; m <= year; m++ {
				share := start + (end-start)*int64(m)/year + r.Int64N(41) - 20
				num := min(max(s.den*share/1000, prev), s.den)
				s.v[m], prev = num*whole, num
			}
		case level:
			for m := 1; m <= year; m++ {
				s.v[m] = t.goals[d] * (850 + r.Int64N(301)) / 1000 / t.step * t.step
			}
		case milestone:
			// One district in seven is not done within the year.
			if m := 1 + r.IntN(year+2); m <= year {
				s.done = m
				s.day = 1 + r.IntN(monthDays[m])
			}
		}
	}
}

func fileMonth(m int) string {
	return string(appendDate(nil, m, 1)[:7]) + ".yaml"
}

// appendMonth appends "2025年M月报".
func appendMonth(b []byte, m int) []byte {
	b = append(b, "2025年"...)
	b = strconv.AppendInt(b, int64(m), 10)
	return append(b, "月报"...)
}

func clone(b []byte) []byte {
	return append([]byte(nil), b...)
}
