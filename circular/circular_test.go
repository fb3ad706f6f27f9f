package circular_test

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/circular"
	"github.com/citybureau/renewal/internal/gen"
)

// officialFonts are the fonts GB/T 9704 names, by the paragraph styles
// whose runs may use them.
var styleFonts = map[string][]string{
	"Title":         {"方正小标宋简体"},
	"Letterhead":    {"方正小标宋简体"},
	"Body":          {"仿宋_GB2312"},
	"Flush":         {"仿宋_GB2312", "黑体"}, // an attachment's section title is in 黑体
	"Signature":     {"仿宋_GB2312"},
	"Heading1":      {"黑体"},
	"Heading2":      {"楷体_GB2312"},
	"AttachmentTag": {"黑体"},
	"Cell":          {"仿宋_GB2312", "黑体"}, // 黑体 in the header row
	"Footer":        {"宋体"},
}

// styleSizes are the sizes, in half-points, of each style's runs.
var styleSizes = map[string][]string{
	"Title": {"44"}, "Body": {"32"}, "Flush": {"32"}, "Signature": {"32"}, "Heading1": {"32"}, "Heading2": {"32"},
	"AttachmentTag": {"32"}, "Cell": {"21", "18"}, "Footer": {"28"}, "Letterhead": {"72"},
}

// TestRunFonts checks every run of the body and the footers: its fonts
// for every script are set and equal, the East Asian one is the official
// font of its paragraph's style, and its size is the style's.
func TestRunFonts(t *testing.T) {
	p := write(t, sample(t), circular.Options{})
	runs := 0
	for _, part := range []string{"word/document.xml", "word/footer1.xml", "word/footer2.xml"} {
		doc := p.parse(t, part)
		for _, para := range doc.all("p") {
			style := para.child("pPr").child("pStyle").attr("val")
			fonts, ok := styleFonts[style]
			if !ok {
				t.Errorf("%s: paragraph %q has style %q, which has no official font", part, para.text(), style)
				continue
			}
			for _, r := range para.all("r") {
				runs++
				rf := r.child("rPr").child("rFonts")
				ea := rf.attr("eastAsia")
				if !slices.Contains(fonts, ea) {
					t.Errorf("%s: run %q of a %s paragraph has w:eastAsia %q, want one of %q", part, r.text(), style, ea, fonts)
				}
				for _, a := range []string{"ascii", "hAnsi", "cs"} {
					if rf.attr(a) != ea {
						t.Errorf("%s: run %q has w:%s %q, want %q as w:eastAsia", part, r.text(), a, rf.attr(a), ea)
					}
				}
				if got := r.child("rPr").child("sz").attr("val"); !slices.Contains(styleSizes[style], got) {
					t.Errorf("%s: run %q of a %s paragraph has size %s half-points, want %s", part, r.text(), style, got, styleSizes[style])
				}
			}
		}
	}
	if runs < 100 {
		t.Errorf("only %d runs checked", runs)
	}
}

// TestFontTable checks that every font a run names is in the font table
// with a free alternative.
func TestFontTable(t *testing.T) {
	p := write(t, sample(t), circular.Options{})
	alt := map[string]string{}
	for _, f := range p.parse(t, "word/fontTable.xml").all("font") {
		alt[f.attr("name")] = f.child("altName").attr("val")
	}
	used := map[string]bool{}
	for _, part := range []string{"word/document.xml", "word/footer1.xml", "word/footer2.xml", "word/styles.xml"} {
		for _, rf := range p.parse(t, part).all("rFonts") {
			used[rf.attr("eastAsia")] = true
		}
	}
	for f := range used {
		a, ok := alt[f]
		switch {
		case !ok:
			t.Errorf("font %q is used but not in fontTable.xml", f)
		case a != "Noto Serif CJK SC" && a != "Noto Sans CJK SC":
			t.Errorf("font %q has w:altName %q, want a free Noto CJK font", f, a)
		}
	}
	if alt["黑体"] != "Noto Sans CJK SC" || alt["仿宋_GB2312"] != "Noto Serif CJK SC" {
		t.Errorf("黑体 is sans and 仿宋 serif: got %q and %q", alt["黑体"], alt["仿宋_GB2312"])
	}
}

// twips converts millimetres to twips, rounded to the nearest.
func twips(mm float64) string {
	return strconv.Itoa(int(math.Round(mm * 1440 / 25.4)))
}

// TestPage checks the page: A4, the margins, two footers (odd and even)
// with the page number field, and evenAndOddHeaders.
func TestPage(t *testing.T) {
	p := write(t, sample(t), circular.Options{})
	doc := p.parse(t, "word/document.xml")
	sect := doc.child("body").child("sectPr")
	if sz := sect.child("pgSz"); sz.attr("w") != twips(210) || sz.attr("h") != twips(297) {
		t.Errorf("page %s × %s twips, want A4 %s × %s", sz.attr("w"), sz.attr("h"), twips(210), twips(297))
	}
	m := sect.child("pgMar")
	for side, mm := range map[string]float64{"top": 37, "bottom": 35, "left": 28, "right": 26} {
		if m.attr(side) != twips(mm) {
			t.Errorf("margin %s %s twips, want %s (%v mm)", side, m.attr(side), twips(mm), mm)
		}
	}
	if !bytes.Contains(p["word/settings.xml"], []byte("<w:evenAndOddHeaders/>")) {
		t.Error("settings.xml lacks w:evenAndOddHeaders: even pages would use the odd footer")
	}
	p.parse(t, "word/settings.xml")
	rels := map[string]string{}
	for _, r := range p.parse(t, "word/_rels/document.xml.rels").Nodes {
		rels[r.attr("Id")] = r.attr("Target")
	}
	footers := map[string]string{}
	for _, f := range sect.Nodes {
		if f.XMLName.Local == "footerReference" {
			footers[f.attr("type")] = rels[f.attr("id")]
		}
	}
	for typ, align := range map[string]string{"default": "right", "even": "left"} {
		name := footers[typ]
		if name == "" {
			t.Errorf("no %s footer", typ)
			continue
		}
		ftr := p.parse(t, "word/"+name)
		para := ftr.child("p")
		if got := para.child("pPr").child("jc").attr("val"); got != align {
			t.Errorf("the %s footer is aligned %q, want %q", typ, got, align)
		}
		var seq []string
		for _, r := range para.all("r") {
			switch {
			case r.child("fldChar") != nil:
				seq = append(seq, "<"+r.child("fldChar").attr("fldCharType")+">")
			case r.child("instrText") != nil:
				seq = append(seq, strings.TrimSpace(r.child("instrText").Text))
			default:
				seq = append(seq, r.text())
			}
		}
		want := []string{"— ", "<begin>", "PAGE", "<separate>", "1", "<end>", " —"}
		if !slices.Equal(seq, want) {
			t.Errorf("the %s footer is %q, want %q: the page number as a field between dashes", typ, seq, want)
		}
	}
	if footers["default"] == footers["even"] {
		t.Error("odd and even pages share a footer")
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/styles.xml"} {
		p.parse(t, part)
	}
}

// TestHeadings checks the two heading levels: 一、二、… in 黑体 at outline
// level 1, and （一）（二）… in 楷体 at level 2, numbered afresh under each
// first-level heading.
func TestHeadings(t *testing.T) {
	p := write(t, sample(t), circular.Options{})
	numerals := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	h1, h2 := 0, 0
	var titles []string
	for _, para := range body(paragraphs(p.parse(t, "word/document.xml"))) {
		switch para.style {
		case "Heading1":
			want := numerals[h1] + "、"
			if !strings.HasPrefix(para.text, want) {
				t.Errorf("heading %q, want it to begin %q", para.text, want)
			}
			titles = append(titles, strings.TrimPrefix(para.text, want))
			h1++
			h2 = 0
		case "Heading2":
			want := "（" + numerals[h2] + "）"
			if !strings.HasPrefix(para.text, want) {
				t.Errorf("heading %q, want it to begin %q", para.text, want)
			}
			h2++
		}
	}
	want := []string{"总体进展", "县（区）排名", "先进和后进", "预警提醒", "目标调整和豁免", "牵头部门得分", "下一步工作要求"}
	if !slices.Equal(titles, want) {
		t.Errorf("headings %q, want %q", titles, want)
	}
	styles := map[string]*node{}
	for _, s := range p.parse(t, "word/styles.xml").all("style") {
		styles[s.attr("styleId")] = s
	}
	for id, lvl := range map[string]string{"Heading1": "0", "Heading2": "1"} {
		if got := styles[id].child("pPr").child("outlineLvl").attr("val"); got != lvl {
			t.Errorf("%s has outline level %q, want %q", id, got, lvl)
		}
	}
}

// gapPhrase is how a goal stands against expected progress, worked out
// here from its completion and expected progress.
func gapPhrase(g *renewal.Goal) string {
	pts := g.Completion.Sub(g.Expected).Mul(decimal.NewFromInt(100)).Round(1)
	switch {
	case pts.IsZero():
		return "与序时进度持平"
	case pts.IsPositive():
		return "快于序时进度" + pts.StringFixed(1) + "个百分点"
	}
	return "慢于序时进度" + pts.Neg().StringFixed(1) + "个百分点"
}

// sentences splits the body's text into sentences, each without its 。.
func sentences(ps []para) []string {
	var out []string
	for _, p := range ps {
		for _, s := range strings.Split(p.text, "。") {
			if s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestFigures checks the figures of the text against the report: the
// opening, each target's sentence, the ranking and its moves, and 先进
// and 后进.
func TestFigures(t *testing.T) {
	r := sample(t)
	doc := write(t, r, circular.Options{}).parse(t, "word/document.xml")
	ps := body(paragraphs(doc))
	text := ""
	for _, p := range ps {
		text += p.text + "\n"
	}

	// The opening: the date, expected progress, overall score, each
	// section's, and the count of targets in each status.
	opening := fmt.Sprintf("截至%s，序时进度%s，全市%d项重点目标综合得分%s。", monthDay(r.AsOf), percent(r.Expected), len(r.Targets), percent(r.Score))
	if !strings.Contains(text, opening) {
		t.Errorf("no opening %q in\n%s", opening, text)
	}
	for _, s := range r.Sections {
		want := "“" + s.Name + "”得分" + percent(s.Score)
		if !strings.Contains(text, want) {
			t.Errorf("no section score %q", want)
		}
	}
	counts := map[renewal.Status]int{}
	for _, g := range r.Targets {
		counts[g.Status]++
	}
	for _, st := range []renewal.Status{renewal.Completed, renewal.OnTrack, renewal.Lagging, renewal.Overdue} {
		if want := fmt.Sprintf("%s%d项", st.Label(renewal.Chinese), counts[st]); !strings.Contains(text, want) {
			t.Errorf("no count %q", want)
		}
	}

	// One sentence a target, in the circulars' form.
	all := sentences(ps)
	checked := 0
	for _, g := range r.Targets {
		name := g.Target.Name
		var s string
		for _, x := range all {
			x = strings.TrimPrefix(x, "截至"+monthDay(r.AsOf)+"，")
			x = strings.TrimPrefix(x, "全市")
			if rest, ok := strings.CutPrefix(x, name); ok && strings.IndexAny(rest, "0123456789为（，已尚") == 0 {
				s = x
				break
			}
		}
		if s == "" {
			t.Errorf("no sentence for %s", name)
			continue
		}
		task := "年度任务"
		if g.Deadline != r.Plan.End {
			task = "目标任务"
		}
		var want []string
		switch g.Target.Kind {
		case renewal.Count:
			want = append(want, name+g.Actual.Round(4).String()+g.Target.Unit, "完成"+task+"的"+percent(g.Completion))
		case renewal.Ratio, renewal.Level:
			want = append(want, "完成目标的"+percent(g.Completion))
		case renewal.Milestone:
			if len(g.Districts) > 0 {
				done := 0
				for _, d := range g.Districts {
					if d.Status == renewal.Completed {
						done++
					}
				}
				want = append(want, fmt.Sprintf("%d个县（区）中已完成%d个，占%s", len(g.Districts), done, percent(g.Completion)))
			}
		}
		switch {
		case g.Target.Ceiling() && g.Status == renewal.Completed:
			want = append(want, "（控制目标"+g.Figure.Mul(decimal.NewFromInt(100)).String()+"%），", "控制在目标以内")
		case g.Target.Ceiling():
			want = append(want, "（控制目标"+g.Figure.Mul(decimal.NewFromInt(100)).String()+"%），", "超出控制目标")
		case g.Status == renewal.Completed && g.Target.Kind == renewal.Level:
			want = append(want, "已达到目标")
		case g.Status == renewal.Completed && g.Target.Kind == renewal.Count && g.Actual.GreaterThan(g.Figure):
			want = append(want, "超额完成")
		case g.Status == renewal.Completed:
			want = append(want, "已完成")
		case g.Status == renewal.Overdue:
			want = append(want, "已过完成时限（"+monthDay(g.Deadline)+"）仍未完成")
		case g.Target.Kind != renewal.Level:
			want = append(want, gapPhrase(g))
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("the sentence of %s, %q, lacks %q", name, s, w)
			}
		}
		checked++
	}
	if checked != len(r.Targets) {
		t.Errorf("checked %d of %d targets", checked, len(r.Targets))
	}

	// The example of the issue, whole.
	g := r.Goal("neighbourhoods-renovated", "")
	want := "截至" + monthDay(r.AsOf) + "，全市改造老旧小区" + g.Actual.String() + "个，完成年度任务的" + percent(g.Completion) + "，" + gapPhrase(g) + "。"
	if !strings.Contains(text, want) {
		t.Errorf("no sentence %q", want)
	}

	// The ranking, in rank order, with score and move.
	prev := map[string]int{}
	for _, d := range r.Previous.Districts {
		prev[d.District.ID] = d.Rank
	}
	at := 0
	for _, d := range r.Districts {
		p := prev[d.District.ID]
		var mv string
		switch {
		case d.Rank < p:
			mv = fmt.Sprintf("上升%d位", p-d.Rank)
		case d.Rank > p:
			mv = fmt.Sprintf("下降%d位", d.Rank-p)
		default:
			mv = "位次不变"
		}
		item := fmt.Sprintf("第%d名%s（%s，%s）", d.Rank, d.District.Name, percent(d.Score), mv)
		i := strings.Index(text[at:], item)
		if i < 0 {
			t.Errorf("no %q after position %d of the text", item, at)
			continue
		}
		at += i + len(item)
	}

	// 先进 and 后进: the top and bottom three.
	var praised, named string
	for i, p := range ps {
		switch p.text {
		case "（一）先进":
			praised = ps[i+1].text
		case "（二）后进":
			named = ps[i+1].text
		}
	}
	n := len(r.Districts)
	for i, d := range r.Districts {
		top, bottom := i < 3, i >= n-3
		if got := strings.Contains(praised, d.District.Name+"（"+percent(d.Score)); got != top {
			t.Errorf("%s (rank %d) named among 先进: %v, want %v: %q", d.District.Name, d.Rank, got, top, praised)
		}
		if got := strings.Contains(named, d.District.Name+"（"+percent(d.Score)); got != bottom {
			t.Errorf("%s (rank %d) named among 后进: %v, want %v: %q", d.District.Name, d.Rank, got, bottom, named)
		}
	}

	// Attachment 1: every district, in rank order.
	tbl := tables(doc)[0]
	if len(tbl) != len(r.Districts)+1 {
		t.Fatalf("attachment 1 has %d rows, want a header and %d districts", len(tbl), len(r.Districts))
	}
	for i, d := range r.Districts {
		row := tbl[i+1]
		if row[0] != strconv.Itoa(d.Rank) || row[1] != d.District.Name || row[2] != percent(d.Score) || row[3] != strconv.Itoa(d.Goals) {
			t.Errorf("attachment 1 row %d is %q, want %d %s %s %d", i+1, row, d.Rank, d.District.Name, percent(d.Score), d.Goals)
		}
	}
}

// TestTopBottom checks Options.Top and Options.Bottom.
func TestTopBottom(t *testing.T) {
	r := sample(t)
	ps := body(paragraphs(write(t, r, circular.Options{Top: 1, Bottom: 2}).parse(t, "word/document.xml")))
	for i, p := range ps {
		if p.text == "（一）先进" {
			next := ps[i+1].text
			if !strings.Contains(next, "前一的是"+r.Districts[0].District.Name+"（") || strings.Contains(next, r.Districts[1].District.Name) {
				t.Errorf("先进 with Top 1: %q", next)
			}
		}
		if p.text == "（二）后进" {
			next := ps[i+1].text
			n := len(r.Districts)
			if !strings.Contains(next, r.Districts[n-1].District.Name) || !strings.Contains(next, r.Districts[n-2].District.Name) || strings.Contains(next, r.Districts[n-3].District.Name) {
				t.Errorf("后进 with Bottom 2: %q", next)
			}
		}
	}
}

// TestRankBy checks a ranking on one target: its attachment lists the
// target's assessed districts by completion, highest first, equal ones
// sharing a rank.
func TestRankBy(t *testing.T) {
	r := sample(t)
	const id = "neighbourhoods-renovated"
	doc := write(t, r, circular.Options{RankBy: []string{id}}).parse(t, "word/document.xml")
	var goals []*renewal.Goal
	for _, g := range r.Goal(id, "").Districts {
		if g.Status != renewal.Exempt {
			goals = append(goals, g)
		}
	}
	slices.SortStableFunc(goals, func(a, b *renewal.Goal) int { return b.Completion.Cmp(a.Completion) })
	ts := tables(doc)
	tbl := ts[len(ts)-1]
	if len(tbl) != len(goals)+1 {
		t.Fatalf("the ranking has %d rows, want a header and %d", len(tbl), len(goals))
	}
	rank := 0
	for i, g := range goals {
		if i == 0 || !g.Completion.Equal(goals[i-1].Completion) {
			rank = i + 1
		}
		row := tbl[i+1]
		if row[0] != strconv.Itoa(rank) || row[1] != g.District.Name || row[4] != percent(g.Completion) {
			t.Errorf("row %d is %q, want rank %d, %s, %s", i+1, row, rank, g.District.Name, percent(g.Completion))
		}
	}
	text := ""
	for _, p := range body(paragraphs(doc)) {
		text += p.text
	}
	if !strings.Contains(text, "单项排名") || !strings.Contains(text, "第1名"+goals[0].District.Name+"（"+percent(goals[0].Completion)+"）") {
		t.Errorf("the text does not rank on %s", id)
	}
}

// TestErrors checks the calls Write refuses.
func TestErrors(t *testing.T) {
	r := sample(t)
	var cityLevel string
	for _, tg := range r.Plan.Targets {
		if tg.CityWide() {
			cityLevel = tg.ID
			break
		}
	}
	for name, c := range map[string]struct {
		r    *renewal.Report
		o    circular.Options
		want string
	}{
		"nil":        {nil, circular.Options{}, "no report"},
		"unknown":    {r, circular.Options{RankBy: []string{"no-such"}}, `no target "no-such"`},
		"city-level": {r, circular.Options{RankBy: []string{cityLevel}}, "has no allocations"},
		"negative":   {r, circular.Options{Top: -1}, "negative"},
	} {
		var b bytes.Buffer
		err := circular.Write(&b, c.r, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
		if b.Len() > 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, b.Len())
		}
	}
}

// TestHostileNames gives a district, a target, a section, a department
// and the plan names with XML's special characters and control
// characters: every part must still be well-formed, and the names read
// back as they were, the control characters replaced.
func TestHostileNames(t *testing.T) {
	r := sample(t)
	hostile := "<b>&amp;\"x'\x01\t]]>\u0085\ufffe"
	readable := "<b>&amp;\"x'\ufffd ]]>\ufffd\ufffd"
	r.Plan.Title = hostile + "计划"
	r.Districts[0].District.Name = hostile + "区"
	r.Targets[0].Target.Name = hostile + "目标"
	r.Plan.Sections[0].Name = hostile + "板块"
	r.Plan.Departments[0].Name = hostile + "局"
	r.Sections[0].Name = r.Plan.Sections[0].Name
	for i := range r.Departments {
		if r.Departments[i].ID == r.Plan.Departments[0].ID {
			r.Departments[i].Name = r.Plan.Departments[0].Name
		}
	}
	p := write(t, r, circular.Options{})
	for name := range p {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			p.parse(t, name)
		}
	}
	doc := p.parse(t, "word/document.xml")
	text := ""
	for _, para := range paragraphs(doc) {
		text += para.text + "\n"
	}
	for _, tb := range tables(doc) {
		for _, row := range tb {
			text += strings.Join(row, "|") + "\n"
		}
	}
	for _, want := range []string{readable + "计划", readable + "区", readable + "目标", readable + "板块", readable + "局"} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "\x01\t\u0085") {
		t.Error("a control character reached the text")
	}
	if !strings.Contains(string(p["docProps/core.xml"]), "&lt;b&gt;&amp;amp;") {
		t.Error("the title is not escaped in core.xml")
	}
}

// TestLarge checks a plan of many districts: the text names only the top
// and bottom of the ranking (and the largest moves), and attachment 1
// ranks every district.
func TestLarge(t *testing.T) {
	dir := t.TempDir()
	if err := gen.WriteDir(gen.Config{Districts: 150, Targets: 6, Months: 9, Seed: 7}, dir); err != nil {
		t.Fatal(err)
	}
	plan, ledger, probs := renewal.LoadFiles(filepath.Join(dir, "plan.yaml"), filepath.Join(dir, "progress"))
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-09-30"))
	r.Previous = renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	doc := write(t, r, circular.Options{}).parse(t, "word/document.xml")
	ps := body(paragraphs(doc))
	var ranking string
	for i, p := range ps {
		if p.style == "Heading1" && strings.HasSuffix(p.text, "县（区）排名") {
			ranking = ps[i+1].text
		}
	}
	named := 0
	for _, d := range plan.Districts {
		if strings.Contains(ranking, d.Name+"（") || strings.Contains(ranking, d.Name+"、") || strings.Contains(ranking, d.Name+"（上升") {
			named++
		}
	}
	if named == 0 || named > 2+2*10 {
		t.Errorf("the ranking's paragraph names %d of %d districts: %q", named, len(plan.Districts), ranking)
	}
	if !strings.Contains(ranking, fmt.Sprintf("全市%d个县（区）参加排名", len(r.Districts))) || !strings.Contains(ranking, "附件1") {
		t.Errorf("the ranking's paragraph %q does not count the districts and point to attachment 1", ranking)
	}
	tbl := tables(doc)[0]
	if len(tbl) != len(r.Districts)+1 {
		t.Fatalf("attachment 1 has %d rows, want %d districts", len(tbl)-1, len(r.Districts))
	}
	for i, d := range r.Districts {
		if tbl[i+1][1] != d.District.Name || tbl[i+1][0] != strconv.Itoa(d.Rank) {
			t.Errorf("attachment 1 row %d is %q, want %d %s", i+1, tbl[i+1][:2], d.Rank, d.District.Name)
			break
		}
	}
}
