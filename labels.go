package renewal

import "strconv"

// labels are the words of a rendered report in one language. Names from
// the data (plan title, targets, districts, departments) are never
// translated.
type labels struct {
	status [numStatuses]string
	// counted heads a column counting the goals in a status.
	counted [numStatuses]string

	cityWide string // the district column of a city-wide goal
	none     string // an empty list

	// Headline.
	asOf   string    // date, expected progress, overall score
	counts [2]string // number of city-wide targets, singular and plural; followed by count items
	count  string    // one status and its number, e.g. "已完成 8 项"
	listSep,
	end string // joins list items; ends a sentence

	// Headings of the full report, numbered by number.
	number                                                   func(n int) string
	hTargets, hDistricts, hDepartments, hWarnings, hProblems string
	hDueSoon, hAtRisk, hChanges, hRevisions                  string
	sectionScore                                             string // section name, score

	// Early warning, revisions and changes.
	late          string // after the status of a goal completed late
	exceeded      string // after the status of a goal over-fulfilled
	hRankBy       string // target name: the heading of a ranking on one target
	yes, no       string // a true or false cell of CSV
	revisedFigure string // original, figure in force, revision date
	exemptTargets string // the number of exempt targets, after the headline
	dueSoonNote   string // due_soon_days
	atRiskNote    string // pace_days
	changesNone   string
	moveUp        string // places
	moveDown      string // places
	moveSame      string
	moveNew       string // no rank before
	statusChange  string // before, after
	inForce       string // a revision in force
	notYet        string // a revision not yet in force
	changeFigure  string // original, new
	changeBase    string // original, new
	changeAlloc   string // district, original, new
	changeDue     string // original, new
	changeExempt  string // districts
	exemptNone    string
	exemptHead    string
	partSep       string // joins the parts of a revision's change
	moreChanges   string // shown, all

	cDaysLeft, cProjected, cDeadline, cPrevRank, cMove, cDueSoon, cAtRisk string
	cGap                                                                  string // completion − expected, in percentage points
	cRankOn                                                               string // a district goal's rank on its target
	cFrom, cChange, cReason, cBefore, cAfter, cInForce                    string

	// Columns.
	cTarget, cUnit, cGoal, cActual, cCompletion, cExpected, cStatus string
	cRank, cDistrict, cScore, cGoals                                string
	cDepartment, cLed, cLead                                        string

	// The warning list.
	warnTitle     string    // plan title
	warnSummary   [2]string // date, expected progress, number of goals; followed by count items
	warnQuiet     string    // date, expected progress: the summary when no goal is warned
	warnNone      string
	warnThreshold string // threshold in percentage points, twice

	// The district scorecard.
	cardTitle    string    // district name, plan title
	cardRanked   string    // date, expected progress, score, rank, districts ranked
	cardUnranked string    // date, expected progress
	cardCounts   [2]string // number of goals; followed by count items

	csvHeader []string
}

var zhLabels = &labels{
	status:   [numStatuses]string{Completed: "已完成", Overdue: "逾期", NotStarted: "未启动", OnTrack: "序时推进", Lagging: "滞后", SeriouslyLagging: "严重滞后", Exempt: "豁免"},
	counted:  [numStatuses]string{Completed: "已完成", Overdue: "逾期", NotStarted: "未启动", OnTrack: "序时推进", Lagging: "滞后", SeriouslyLagging: "严重滞后", Exempt: "豁免"},
	cityWide: "全市",
	none:     "无。",

	asOf:    "截至 %s，序时进度 %s，综合得分 %s。",
	counts:  [2]string{"全市 %d 项目标：", "全市 %d 项目标："},
	count:   "%[1]s %[2]d 项",
	listSep: "，",
	end:     "。",

	number:       zhNumber,
	hTargets:     "目标完成情况",
	hDistricts:   "县（区）排名",
	hDepartments: "牵头部门得分",
	hWarnings:    "预警清单（%d 项）",
	hDueSoon:     "临期目标（%d 项）",
	hAtRisk:      "按近期进度难以按期完成（%d 项）",
	hChanges:     "较 %s 变化",
	hRevisions:   "目标调整与豁免",
	hProblems:    "数据问题（%d 条）",

	late:          "（逾期完成）",
	exceeded:      "（超额完成）",
	hRankBy:       "单项排名：%s",
	yes:           "是",
	no:            "否",
	cGap:          "较序时进度",
	cRankOn:       "单项排名",
	revisedFigure: "%s → %s（%s 起）",
	exemptTargets: "另有 %d 项目标豁免。",
	dueSoonNote:   "注：临期指距完成时限不超过 %d 天且尚未完成；预计完成率按最近一次报送与其至少 %d 天前的一次报送之间的进度，推算到完成时限。",
	atRiskNote:    "注：目前序时推进，但按最近一次报送与其至少 %d 天前的一次报送之间的进度推算，到完成时限完成率不足 100%%。",
	changesNone:   "状态没有变化。",
	moveUp:        "↑%d",
	moveDown:      "↓%d",
	moveSame:      "—",
	moveNew:       "新",
	statusChange:  "%s → %s",
	inForce:       "已生效",
	notYet:        "未生效",
	changeFigure:  "目标值 %s → %s",
	changeBase:    "基数 %s → %s",
	changeAlloc:   "%s %s → %s",
	changeDue:     "完成时限 %s → %s",
	changeExempt:  "豁免 %s",
	exemptNone:    "没有豁免的分解任务。",
	exemptHead:    "豁免（不考核）的分解任务：",
	partSep:       "；",
	moreChanges:   "（仅列前 %d 项，共 %d 项。）",

	cDaysLeft: "剩余天数", cProjected: "预计完成率", cDeadline: "完成时限", cPrevRank: "上期排名", cMove: "变化",
	cDueSoon: "临期", cAtRisk: "进度预警", cFrom: "调整日期", cChange: "调整内容", cReason: "依据",
	cBefore: "上期状态", cAfter: "本期状态", cInForce: "状态",
	sectionScore: "%s（得分 %s）",

	cTarget: "目标", cUnit: "单位", cGoal: "目标值", cActual: "实际值",
	cCompletion: "完成率", cExpected: "序时进度", cStatus: "状态",
	cRank: "排名", cDistrict: "县（区）", cScore: "得分", cGoals: "目标数",
	cDepartment: "部门", cLed: "牵头目标数", cLead: "牵头部门",

	warnTitle:     "%s预警清单",
	warnSummary:   [2]string{"截至 %s，序时进度 %s。共 %d 项目标预警：", "截至 %s，序时进度 %s。共 %d 项目标预警："},
	warnQuiet:     "截至 %s，序时进度 %s。",
	warnNone:      "没有滞后、严重滞后、逾期或未启动的目标。",
	warnThreshold: "注：滞后指完成率低于序时进度不超过 %s 个百分点，严重滞后指低于序时进度超过 %s 个百分点；逾期指已过完成时限仍未完成；未启动指尚无进度报送。",

	cardTitle:    "%s · %s",
	cardRanked:   "截至 %s，序时进度 %s，得分 %s，在 %d 个县（区）中排名第 %d。",
	cardUnranked: "截至 %s，序时进度 %s。没有分解到本县（区）的目标，不参加排名。",
	cardCounts:   [2]string{"共 %d 项目标：", "共 %d 项目标："},

	csvHeader: []string{"部分", "任务", "目标编号", "目标名称", "县区编号", "县区名称",
		"类型", "单位", "牵头部门编号", "牵头部门", "权重", "目标值", "基数", "实际值",
		"完成率", "得分", "序时进度", "较序时进度", "状态", "状态代码", "超额完成", "单项排名", "完成时限", "依据记录", "截至日期"},
}

var enLabels = &labels{
	status:   [numStatuses]string{Completed: "completed", Overdue: "overdue", NotStarted: "not started", OnTrack: "on track", Lagging: "lagging", SeriouslyLagging: "seriously lagging", Exempt: "exempt"},
	counted:  [numStatuses]string{Completed: "Completed", Overdue: "Overdue", NotStarted: "Not started", OnTrack: "On track", Lagging: "Lagging", SeriouslyLagging: "Seriously lagging", Exempt: "Exempt"},
	cityWide: "city-wide",
	none:     "None.",

	asOf:    "As of %s: expected progress %s, overall score %s.",
	counts:  [2]string{"%d city-wide target: ", "%d city-wide targets: "},
	count:   "%[2]d %[1]s",
	listSep: ", ",
	end:     ".",

	number:       func(n int) string { return strconv.Itoa(n) + ". " },
	hTargets:     "Targets",
	hDistricts:   "District ranking",
	hDepartments: "Lead departments",
	hWarnings:    "Warning list (%d)",
	hDueSoon:     "Due soon (%d)",
	hAtRisk:      "On track but at risk at the recent pace (%d)",
	hChanges:     "Changes since %s",
	hRevisions:   "Revisions and exemptions",
	hProblems:    "Problems in the data (%d)",

	late:          " (late)",
	exceeded:      " (exceeded)",
	hRankBy:       "Ranking on %s",
	yes:           "yes",
	no:            "no",
	cGap:          "Gap (pts)",
	cRankOn:       "Rank on target",
	revisedFigure: "%s → %s (from %s)",
	exemptTargets: " %d more exempt.",
	dueSoonNote:   "Due soon: not completed, with %d days or fewer to the deadline. Projected: the completion at the deadline at the pace between the latest report and the one at least %d days before it.",
	atRiskNote:    "On track today, but at the pace between the latest report and the one at least %d days before it, the goal will not be complete by its deadline.",
	changesNone:   "No status changed.",
	moveUp:        "↑%d",
	moveDown:      "↓%d",
	moveSame:      "—",
	moveNew:       "new",
	statusChange:  "%s → %s",
	inForce:       "in force",
	notYet:        "not yet in force",
	changeFigure:  "goal %s → %s",
	changeBase:    "baseline %s → %s",
	changeAlloc:   "%s %s → %s",
	changeDue:     "deadline %s → %s",
	changeExempt:  "exempt: %s",
	exemptNone:    "No allocation is exempt.",
	exemptHead:    "Exempt allocations (not assessed):",
	partSep:       "; ",
	moreChanges:   "(The first %d of %d.)",

	cDaysLeft: "Days left", cProjected: "Projected", cDeadline: "Deadline", cPrevRank: "Before", cMove: "Move",
	cDueSoon: "Due soon", cAtRisk: "At risk", cFrom: "From", cChange: "Change", cReason: "Reason",
	cBefore: "Before", cAfter: "Now", cInForce: "Status",
	sectionScore: "%s (score %s)",

	cTarget: "Target", cUnit: "Unit", cGoal: "Goal", cActual: "Actual",
	cCompletion: "Completion", cExpected: "Expected", cStatus: "Status",
	cRank: "Rank", cDistrict: "District", cScore: "Score", cGoals: "Goals",
	cDepartment: "Department", cLed: "Targets led", cLead: "Lead",

	warnTitle:     "%s: warning list",
	warnSummary:   [2]string{"As of %s: expected progress %s. %d goal needs attention: ", "As of %s: expected progress %s. %d goals need attention: "},
	warnQuiet:     "As of %s: expected progress %s.",
	warnNone:      "No goal is lagging, seriously lagging, overdue or not started.",
	warnThreshold: "Lagging: completion is behind expected progress by at most %s percentage points; seriously lagging: by more than %s. Overdue: past the deadline and not completed. Not started: nothing reported yet.",

	cardTitle:    "%s · %s",
	cardRanked:   "As of %s: expected progress %s, score %s, rank %[5]d of %[4]d.",
	cardUnranked: "As of %s: expected progress %s. No target is allocated to this district, so it is not ranked.",
	cardCounts:   [2]string{"%d goal: ", "%d goals: "},

	csvHeader: []string{"section", "task", "target_id", "target_name", "district_id", "district_name",
		"kind", "unit", "lead", "lead_name", "weight", "target", "baseline", "actual",
		"completion", "score", "expected", "gap", "status", "status_code", "exceeded", "rank", "deadline", "record", "as_of"},
}

// plural picks the singular or the plural form of a label for n things.
func plural(forms [2]string, n int) string {
	if n == 1 {
		return forms[0]
	}
	return forms[1]
}

func (l Lang) labels() *labels {
	if l == English {
		return enLabels
	}
	return zhLabels
}

// zhNumber numbers a heading in Chinese: 一、 二、 … 十、 十一、.
func zhNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n] + "、"
	case n == 10:
		return "十、"
	case n < 20:
		return "十" + digits[n-10] + "、"
	}
	return strconv.Itoa(n) + "、"
}
