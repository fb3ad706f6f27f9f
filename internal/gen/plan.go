package gen

import (
	"math/rand/v2"
	"strconv"
)

type kind uint8

const (
	count kind = iota
	ratio
	level
	milestone
)

// Figures are held as int64 hundredths ("cents"), so that sums are exact and
// the output needs no float formatting.
const (
	whole = 100 // figures in whole units
	tenth = 10  // figures to one decimal place
	cent  = 1   // figures to two decimal places
)

type department struct{ id, name string }

var departments = []department{
	{"zjj", "市住建局"},
	{"zrzy", "市自然资源和规划局"},
	{"fgw", "市发展改革委"},
	{"czj", "市财政局"},
	{"jtj", "市交通运输局"},
	{"sthj", "市生态环境局"},
	{"cgj", "市城市管理局"},
	{"swj", "市商务局"},
}

var sectionNames = []string{
	"以改善民生为根本，加快老旧小区和片区改造",
	"以盘活存量为重点，推进低效用地再开发",
	"以补齐短板为导向，完善城市基础设施",
	"以绿色低碳为方向，提升城市生态品质",
}

var taskNames = []string{"加大改造力度", "完善配套设施"}

// slot describes one position of the 12-target cycle that targets go
// through. The first cycle also gets the one-off features: the at_most
// target, the target with its own schedule, the earlier deadline.
type slot struct {
	name   string
	kind   kind
	unit   string
	step   int64 // granularity of figures, in cents
	lo, hi int64 // range of a district's goal, in cents
	weight string
	mu     bool // sometimes reported in 亩
}

var slots = []slot{
	{name: "改造老旧小区", kind: count, unit: "个", step: whole, lo: 500, hi: 6000, weight: "2"},
	{name: "物业管理覆盖率", kind: ratio, unit: "%", step: whole, lo: 7500, hi: 9500},
	{name: "城市更新投资增速", kind: level, unit: "%", step: tenth, lo: 400, hi: 900},
	{name: "制定片区更新实施方案", kind: milestone},
	{name: "低效用地再开发面积", kind: count, unit: "公顷", step: cent, lo: 100, hi: 3000, weight: "1.5", mu: true},
	{name: "改造城中村", kind: count, unit: "处", step: whole, lo: 200, hi: 2000},
	{name: "改造燃气管网", kind: count, unit: "公里", step: cent, lo: 50, hi: 2000},
	{name: "新建口袋公园", kind: count, unit: "个", step: whole, lo: 100, hi: 1500},
	{name: "生活垃圾分类覆盖率", kind: ratio, unit: "%", step: whole, lo: 8000, hi: 9800},
	{name: "新增城市绿地", kind: count, unit: "公顷", step: cent, lo: 50, hi: 1500, mu: true},
	{name: "加装电梯惠及居民", kind: count, unit: "万户", step: cent, lo: 10, hi: 300},
	{name: "建设完整社区", kind: count, unit: "个", step: whole, lo: 100, hi: 800, weight: "0.5"},
}

const (
	atMostIndex   = 5 // the at_most target: 闲置厂房, with baselines
	scheduleIndex = 6 // the target with its own schedule
	deadlineIndex = 4 // the target with an earlier deadline
	earlyDeadline = 9 // its deadline's month
)

type target struct {
	id, name string
	kind     kind
	unit     string
	step     int64
	atMost   bool
	mu       bool
	weight   string
	deadline int // month of the deadline; 12 is period.end
	schedule bool
	lead     string
	support  []string
	section  int
	task     int
	declare  bool    // write the city-wide target
	city     int64   // city-wide target of a ratio or level target
	goals    []int64 // per district, cents; nil for a milestone
	bases    []int64 // per district baselines, at_most only
}

type plan struct {
	cfg      Config
	ids      []string // district ids
	targets  []target
	sections int
	hasLevel bool
	idWidth  int
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// between returns a multiple of step in [lo, hi].
func between(r *rand.Rand, lo, hi, step int64) int64 {
	n := (hi - lo) / step
	return lo + r.Int64N(n+1)*step
}

func newPlan(cfg Config) *plan {
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x706c616e)) // "plan"
	p := &plan{cfg: cfg}
	p.idWidth = max(4, len(strconv.Itoa(cfg.Districts)))
	p.ids = make([]string, cfg.Districts)
	for d := range p.ids {
		p.ids[d] = "d" + pad(d+1, p.idWidth)
	}
	p.sections = min(len(sectionNames), cfg.Targets)
	p.targets = make([]target, cfg.Targets)
	for i := range p.targets {
		s := slots[i%len(slots)]
		first := i < len(slots)
		t := target{
			id:       "t" + pad(i+1, 4),
			name:     s.name,
			kind:     s.kind,
			unit:     s.unit,
			step:     s.step,
			mu:       s.mu,
			weight:   s.weight,
			deadline: 12,
			lead:     departments[i%len(departments)].id,
			declare:  i%2 == 0,
		}
		if c := i / len(slots); c > 0 {
			t.name += "（第" + strconv.Itoa(c+1) + "批）"
		}
		if i%3 == 1 {
			t.support = []string{
				departments[(i+1)%len(departments)].id,
				departments[(i+4)%len(departments)].id,
			}
		}
		// Targets go to sections, and within a section to its tasks, in
		// contiguous runs, so declaration order is t0001, t0002, ...
		t.section = i * p.sections / cfg.Targets
		switch {
		case first && i == atMostIndex:
			t.name = "消化闲置厂房"
			t.atMost = true
			t.declare = true
		case first && i == scheduleIndex:
			t.schedule = true
		case first && i == deadlineIndex:
			t.deadline = earlyDeadline
		}
		switch t.kind {
		case count:
			t.goals = make([]int64, cfg.Districts)
			if t.atMost {
				t.bases = make([]int64, cfg.Districts)
			}
			for d := range t.goals {
				g := between(r, s.lo, s.hi, s.step)
				if t.atMost {
					// Bring the baseline down to 20%–50% of itself.
					t.bases[d] = g
					g = g * (20 + r.Int64N(31)) / 100 / s.step * s.step
				}
				t.goals[d] = g
			}
		case ratio, level:
			p.hasLevel = p.hasLevel || t.kind == level
			t.goals = make([]int64, cfg.Districts)
			for d := range t.goals {
				t.goals[d] = between(r, s.lo, s.hi, s.step)
			}
			t.city = (s.lo + s.hi) / 2 / s.step * s.step
		}
		p.targets[i] = t
	}
	// Split each section's targets between up to two tasks.
	start := 0
	for s := 0; s < p.sections; s++ {
		end := start
		for end < len(p.targets) && p.targets[end].section == s {
			end++
		}
		n := end - start
		for k := start; k < end; k++ {
			if n > 1 && k-start >= (n+1)/2 {
				p.targets[k].task = 1
			}
		}
		start = end
	}
	return p
}

func (p *plan) appendYAML(b []byte) []byte {
	cfg := p.cfg
	size := strconv.Itoa(cfg.Districts) + "x" + strconv.Itoa(cfg.Targets)
	b = append(b, "# Synthetic plan from internal/gen: "...)
	b = strconv.AppendInt(b, int64(cfg.Districts), 10)
	b = append(b, " districts, "...)
	b = strconv.AppendInt(b, int64(cfg.Targets), 10)
	b = append(b, " targets, seed "...)
	b = strconv.AppendInt(b, cfg.Seed, 10)
	b = append(b, ".\nid: synth-"...)
	b = append(b, size...)
	b = append(b, "\ntitle: 合成城市更新计划（"...)
	b = append(b, size...)
	b = append(b, "）\nperiod: {start: 2025-01-01, end: 2025-12-31}\n"...)
	b = append(b, "schedule:\n"...)
	b = append(b, "  - {date: 2025-03-31, expected: 15%}\n"...)
	b = append(b, "  - {date: 2025-06-30, expected: 45%}\n"...)
	b = append(b, "  - {date: 2025-09-30, expected: 75%}\n"...)
	b = append(b, "  - {date: 2025-12-31, expected: 100%}\n"...)
	b = append(b, "lagging_threshold: 10%\ndepartments:\n"...)
	for _, d := range departments {
		b = append(b, "  - {id: "...)
		b = append(b, d.id...)
		b = append(b, ", name: "...)
		b = append(b, d.name...)
		b = append(b, "}\n"...)
	}
	b = append(b, "districts:\n"...)
	for _, id := range p.ids {
		b = append(b, "  - {id: "...)
		b = append(b, id...)
		b = append(b, ", name: 第"...)
		b = append(b, id[1:]...)
		b = append(b, "区}\n"...)
	}
	b = append(b, "sections:\n"...)
	section, task := -1, -1
	for i := range p.targets {
		t := &p.targets[i]
		if t.section != section {
			section, task = t.section, -1
			sid := "s" + strconv.Itoa(section+1)
			b = append(b, "  - id: "...)
			b = append(b, sid...)
			b = append(b, "\n    name: "...)
			b = append(b, sectionNames[section]...)
			b = append(b, "\n    tasks:\n"...)
		}
		if t.task != task {
			task = t.task
			b = append(b, "      - id: s"...)
			b = strconv.AppendInt(b, int64(section+1), 10)
			b = append(b, "-k"...)
			b = strconv.AppendInt(b, int64(task+1), 10)
			b = append(b, "\n        name: "...)
			b = append(b, taskNames[task]...)
			b = append(b, "\n        targets:\n"...)
		}
		b = t.appendYAML(b, p.ids)
	}
	return b
}

const targetIndent = "            "

func (t *target) appendYAML(b []byte, ids []string) []byte {
	b = append(b, "          - id: "...)
	b = append(b, t.id...)
	b = append(b, "\n"+targetIndent+"name: "...)
	b = append(b, t.name...)
	b = append(b, '\n')
	switch t.kind {
	case ratio:
		b = append(b, targetIndent+"kind: ratio\n"...)
	case level:
		b = append(b, targetIndent+"kind: level\n"...)
	case milestone:
		b = append(b, targetIndent+"kind: milestone\n"+targetIndent+"allocations: all\n"...)
	}
	if t.atMost {
		b = append(b, targetIndent+"direction: at_most\n"...)
	}
	if t.unit != "" {
		b = append(b, targetIndent+"unit: "...)
		if t.unit == "%" {
			b = append(b, `"%"`...)
		} else {
			b = append(b, t.unit...)
		}
		b = append(b, '\n')
	}
	switch t.kind {
	case count:
		if t.declare {
			var sum int64
			for _, g := range t.goals {
				sum += g
			}
			b = append(b, targetIndent+"target: "...)
			b = appendCents(b, sum)
			b = append(b, '\n')
		}
	case ratio, level:
		b = append(b, targetIndent+"target: "...)
		b = appendCents(b, t.city)
		b = append(b, '\n')
	}
	if t.goals != nil {
		b = append(b, targetIndent+"allocations:\n"...)
		for d, g := range t.goals {
			b = append(b, targetIndent+"  "...)
			b = append(b, ids[d]...)
			b = append(b, ": "...)
			if t.bases != nil {
				b = append(b, "{target: "...)
				b = appendCents(b, g)
				b = append(b, ", baseline: "...)
				b = appendCents(b, t.bases[d])
				b = append(b, '}')
			} else {
				b = appendCents(b, g)
			}
			b = append(b, '\n')
		}
	}
	b = append(b, targetIndent+"lead: "...)
	b = append(b, t.lead...)
	b = append(b, '\n')
	if len(t.support) > 0 {
		b = append(b, targetIndent+"support: ["...)
		for k, s := range t.support {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = append(b, s...)
		}
		b = append(b, "]\n"...)
	}
	if t.weight != "" {
		b = append(b, targetIndent+"weight: "...)
		b = append(b, t.weight...)
		b = append(b, '\n')
	}
	if t.deadline != 12 {
		b = append(b, targetIndent+"deadline: "...)
		b = appendMonthEnd(b, t.deadline)
		b = append(b, '\n')
	}
	if t.schedule {
		b = append(b, targetIndent+"schedule:\n"+
			targetIndent+"  - {date: 2025-06-30, expected: 30%}\n"+
			targetIndent+"  - {date: 2025-12-31, expected: 100%}\n"...)
	}
	return b
}

// appendCents appends v hundredths as a plain decimal with no trailing zeros
// in the fraction: 1250 → "12.5", 1200 → "12", 5 → "0.05".
func appendCents(b []byte, v int64) []byte {
	if v < 0 {
		panic("gen: negative figure")
	}
	b = strconv.AppendInt(b, v/100, 10)
	switch f := v % 100; {
	case f == 0:
	case f%10 == 0:
		b = append(b, '.', byte('0'+f/10))
	default:
		b = append(b, '.', byte('0'+f/10), byte('0'+f%10))
	}
	return b
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31} // 2025

// appendDate appends 2025-MM-DD.
func appendDate(b []byte, month, day int) []byte {
	return append(b, '2', '0', '2', '5', '-',
		byte('0'+month/10), byte('0'+month%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

func appendMonthEnd(b []byte, month int) []byte {
	return appendDate(b, month, monthDays[month])
}
