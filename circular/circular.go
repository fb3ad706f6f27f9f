// Package circular writes a progress report as the circular (通报) a
// bureau sends its districts: a Word document (.docx) in the national
// format for official documents (GB/T 9704), with the city's figures in a
// few sentences, the district ranking, the districts praised and those
// named for lagging, the warnings, the revisions, the department ranking,
// and the full tables as attachments (附件). Every figure comes from the
// renewal.Report; nothing is typed in by hand.
//
//	err := circular.Write(f, report, circular.Options{})
//
// # The format
//
// The page is A4 with margins of 37 mm at the top, 35 mm at the bottom,
// 28 mm on the left and 26 mm on the right, each rounded to the nearest
// twip (1 mm = 1440/25.4 ≈ 56.69 twips: 2098, 1984, 1587, 1474; the page
// 11906 × 16838). The body is 仿宋_GB2312 三号 (16 pt) on an exact line of
// 579 twips, 22 lines to the page, with a first-line indent of two
// characters; the title 方正小标宋简体 二号 (22 pt), centred; headings of
// the first level (一、) in 黑体 and of the second (（一）) in 楷体_GB2312,
// both 三号, with outline levels 1 and 2 so that Word's navigation pane
// lists them. Page numbers, "— 1 —" in 宋体 四号 (14 pt), sit at the foot
// about 7 mm below the text, on the right of odd pages and the left of
// even ones, one character in (two footers; settings.xml turns on
// evenAndOddHeaders). The attachments' tables are in 五号 (10.5 pt), with
// the header row repeated on every page and no row split across pages.
//
// Every run names its font for every script (w:ascii, w:hAnsi,
// w:eastAsia, w:cs), so that Chinese never falls back to a Latin font;
// digits are in the run's own font, as the bureau's typists set them. The
// font table names a free alternative for each official font (w:altName):
// Noto Serif CJK SC for the serif faces (方正小标宋简体, 仿宋_GB2312,
// 楷体_GB2312, 宋体) and Noto Sans CJK SC for 黑体, so that the document
// reads on a machine without them.
//
// Places the bureau fills are left as placeholders in blue: the
// letterhead (发文机关标志, in red above its red rule), the document number
// (发文字号, with the report's year), the next steps (下一步工作要求), the
// signature (发文机关署名) and the date it is signed (成文日期).
//
// # The content
//
// The circular is in Chinese, in the circulars' own phrasing. It opens
// with the overall score, the expected progress and each section's score,
// then, section by section, one sentence a target from its city-wide
// goal: 截至9月30日，全市改造老旧小区92个，完成年度任务的76.7%，快于序时进度1.7个百分点。
// The date opens each section's paragraph rather than every sentence. The
// gap is the report's (completion minus expected progress, unrounded until
// it is printed to one place); a level, held all year, has none and says
// whether it is reached, and a ceiling (控制在…以内) says whether it is
// held under its figure (控制在目标以内, 超出控制目标). A count or ratio due before the period's end says
// 完成目标任务 and its deadline instead of 年度任务.
//
// Then the district ranking by score, with each district's move since
// the earlier report when the report has one (Report.Previous): in full
// when there are at most Options.Inline districts, else only the highest
// and lowest, the full ranking being attachment 1. 先进 and 后进 name the
// top and bottom Options.Top and Options.Bottom districts (three each by
// default); a tie at the edge names every district tied, and a district
// is never named in both. The warnings name the goals due soon, at risk,
// overdue and completed late, at most Options.Listed in each list, the
// rest counted and left to the warnings attachment. The revisions in
// force say what each changed, from when and why; the departments are
// ranked by the score of the targets they lead; and each target of
// Options.RankBy gets its districts in their rank on it (Goal.Rank).
//
// The attachments, each on a new page: the district ranking, every
// target's figures by section, the warning list with the goals due soon,
// at risk and completed late, the department ranking, and one ranking for
// each target of Options.RankBy. A plan of 1,400 districts thus gives a
// body of a few pages and its ranking as an attachment.
//
// # Safety
//
// Every text from the data is escaped for XML; a control character in a
// name becomes a space (tab, line break) or U+FFFD, so the document is
// well-formed whatever the names hold.
package circular

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/citybureau/renewal"
)

// Options say what the circular holds beyond the report. The zero Options
// name three districts at each end and rank on no single target.
type Options struct {
	// Top and Bottom are how many districts the circular names as 先进
	// (the top of the ranking) and 后进 (its bottom); 0 means 3.
	Top, Bottom int
	// RankBy names targets, by id, to rank the districts on, one ranking
	// each (单项排名), by their rank on the target (Goal.Rank). Each must
	// have allocations. When it is empty, the report's own RankBy is used.
	RankBy []string
	// Inline is the most districts (or departments) whose whole ranking
	// the text lists; with more, the text names only the highest and
	// lowest and leaves the ranking to its attachment. 0 means 20.
	Inline int
	// Listed is the most goals a warning paragraph names; the rest are
	// counted and left to the attachment. 0 means 10.
	Listed int
	// Rows is the most rows of the warnings attachment: with more goals
	// warned, it lists only the city-wide ones and counts the districts'
	// by kind (the workbook report lists every one). 0 means 1,000.
	Rows int
}

// Write writes the circular of report r to w as a .docx document. It
// returns an error, writing nothing, for a nil report, a report whose
// input had errors (a circular is not made from incomplete figures), and
// a target of opts.RankBy that does not exist or has no allocations.
func Write(w io.Writer, r *renewal.Report, opts Options) error {
	if r == nil || r.Plan == nil {
		return errors.New("circular: no report")
	}
	if r.HasErrors() {
		return fmt.Errorf("circular: the report's input has %d errors; a circular is made only from complete figures", len(r.Errors))
	}
	if opts.Top < 0 || opts.Bottom < 0 || opts.Inline < 0 || opts.Listed < 0 || opts.Rows < 0 {
		return errors.New("circular: Top, Bottom, Inline, Listed and Rows must not be negative")
	}
	ids := opts.RankBy
	if len(ids) == 0 {
		ids = r.RankBy
	}
	var rankBy []*renewal.Goal
	for _, id := range ids {
		g := r.Goal(id, "")
		switch {
		case g == nil:
			return fmt.Errorf("circular: no target %q to rank on", id)
		case len(g.Districts) == 0:
			return fmt.Errorf("circular: target %q has no allocations to rank", id)
		}
		rankBy = append(rankBy, g)
	}
	d := build(r, opts, rankBy)
	t := r.AsOf.Time()
	return writeDocx(w, d, (&writer{r: r}).title(), time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
}
