package dashboard

import "github.com/citybureau/renewal"

// words are the labels of the page in one language. Names from the data
// (plan title, targets, districts, departments) are never translated;
// status words come from renewal.Status.Label, so that the page and the
// text report say the same.
type words struct {
	Lang     string // the html lang attribute
	Page     string // page title: plan title, date
	AsOf     string // date
	CityWide string
	None     string

	Score, Expected, Gap, Points, Targets, Warned, Districts string
	HeadlineCounts                                           string // number of city-wide targets
	Count                                                    string // status word, number
	Gauge                                                    string // chart title: score, expected

	Legend, LegendDistrict string

	HRanking, HTargets, HTrend, HWarnings, HProblems, HDepartments string
	HDueSoon, HAtRisk                                              string

	CRank, CMove, CDistrict, CScore, CGoals, CTarget, CCompletion, CExpected string
	CGap, CRankOn                                                            string // gap to expected progress in points; rank on one target
	CStatus, CGoal, CActual, CLead, CRecord, CDepartment, CLed, CBar         string

	RankingNote  string // expected progress: how bars are coloured
	RankingSince string // previous date
	RankingRest  string // number of districts in the compact table
	RankingShown string // top n, bottom n, of all
	MoveNew      string // a district with no rank at the previous date
	SectionScore string // section name, score
	Figures      string // actual, goal, unit
	TrendNote    string
	TrendShown   string // panels shown, districts
	TrendCut     string // dates drawn, the first, the last
	TrendTable   string
	TrendTitle   string // name, figures
	TrendNone    string
	WarnNote     string // threshold twice
	WarnNone     string
	WarnCapped   string // rows shown, rows in all
	ProblemsMore string // number not shown
	Month        string // month number
	Footer       string

	// Early warning, revisions and problems, in the text report's words.
	Late                              string // after the status of a goal completed late
	Exceeded                          string // after the status of a goal over-fulfilled
	LateCount                         string // goals completed late, in the headline
	ExemptCount                       string // exempt city-wide targets, in the headline
	DueSoonNote                       string // due_soon_days, pace_days
	AtRiskNote                        string // pace_days
	CDeadline, CDaysLeft, CProjected  string
	CPrevRank, CDueSoon, CAtRisk      string
	CFrom, CChange, CReason, CInForce string
	HRevisions, ExemptHead            string
	InForce, NotYet                   string
	ErrorPrefix                       string
	ErrorBanner                       string // number of errors
	ErrorBannerMore                   string // where they are listed
	KDueSoon, KAtRisk                 string
	ListCapped                        string // rows shown, rows in all
}

var zhWords = &words{
	Lang:     "zh-CN",
	Page:     "%s · 进展看板（截至 %s）",
	AsOf:     "截至 %s",
	CityWide: "全市",
	None:     "无。",

	Score: "综合得分", Expected: "序时进度", Gap: "与序时进度相差", Points: "%s 个百分点",
	Targets: "目标", Warned: "预警", Districts: "县（区）",
	HeadlineCounts: "全市 %d 项目标：",
	Count:          "%s %d 项",
	Gauge:          "综合得分 %s，序时进度 %s",

	Legend:         "图例（颜色之外均标注文字）：",
	LegendDistrict: "县（区）条形按得分与序时进度比较着色，规则与目标相同。",

	HRanking: "县（区）排名", HTargets: "目标完成情况", HTrend: "得分走势（各月末）",
	HWarnings: "预警清单（%d 项）", HProblems: "数据问题（%d 条）", HDepartments: "牵头部门得分",
	HDueSoon: "临期目标（%d 项）", HAtRisk: "按近期进度难以按期完成（%d 项）",

	CRank: "排名", CMove: "升降", CDistrict: "县（区）", CScore: "得分", CGoals: "目标数",
	CTarget: "目标", CCompletion: "完成率", CExpected: "序时进度", CStatus: "状态",
	CGap: "较序时进度", CRankOn: "单项排名",
	CGoal: "目标值", CActual: "实际值", CLead: "牵头部门", CRecord: "依据记录",
	CDepartment: "部门", CLed: "牵头目标数", CBar: "进度条（竖虚线为序时进度）",

	RankingNote:  "竖虚线为序时进度 %s。",
	RankingSince: "升降与 %s 相比。",
	RankingRest:  "其余 %d 个县（区）",
	RankingShown: "条形图显示前 %d 名和后 %d 名，共 %d 个县（区）；其余见下表。",
	MoveNew:      "新",
	SectionScore: "%s（得分 %s）",
	Figures:      "实际 %s / 目标 %s %s",
	TrendNote:    "实线为得分，虚线为序时进度；纵轴 0–100%%，横轴为 %s 至 %s。",
	TrendShown:   "显示全市及排名前 %d、后 %d 的县（区），共 %d 个。",
	TrendCut:     "走势只显示最近 %d 期（%s 至 %s），更早的月份从略。",
	TrendTable:   "走势数据表",
	TrendTitle:   "%s得分走势：%s",
	TrendNone:    "没有各月末的数据。",
	WarnNote:     "注：滞后指完成率低于序时进度不超过 %s 个百分点，严重滞后指低于序时进度超过 %s 个百分点；逾期指已过完成时限仍未完成；未启动指尚无进度报送。",
	WarnNone:     "没有滞后、严重滞后、逾期或未启动的目标。",
	WarnCapped:   "按紧急程度列出前 %d 项，共 %d 项；完整清单见文字或 CSV 预警清单。",
	ProblemsMore: "另有 %d 条未列出，见文字报告。",
	Month:        "%d月",
	Footer:       "本页由 renewal 生成，单个文件，无需网络。",

	Late:        "（逾期完成）",
	Exceeded:    "（超额完成）",
	LateCount:   "（其中逾期完成 %d 项）",
	ExemptCount: "另有 %d 项目标豁免。",
	DueSoonNote: "注：临期指距完成时限不超过 %d 天且尚未完成；预计完成率按最近一次报送与其至少 %d 天前的一次报送之间的进度，推算到完成时限。",
	AtRiskNote:  "注：目前序时推进，但按最近一次报送与其至少 %d 天前的一次报送之间的进度推算，到完成时限完成率不足 100%%。",
	CDeadline:   "完成时限", CDaysLeft: "剩余天数", CProjected: "预计完成率",
	CPrevRank: "上期排名", CDueSoon: "临期", CAtRisk: "进度预警",
	CFrom: "调整日期", CChange: "调整内容", CReason: "依据", CInForce: "状态",
	HRevisions: "目标调整与豁免", ExemptHead: "豁免（不考核）的分解任务",
	InForce: "已生效", NotYet: "未生效",
	ErrorPrefix:     "错误：",
	ErrorBanner:     "注意：输入数据有 %d 处错误，本页不完整，不能作为考核依据。",
	ErrorBannerMore: "错误列于“数据问题”，在警告之前。",
	KDueSoon:        "临期", KAtRisk: "进度预警",
	ListCapped: "按计划顺序列出前 %d 项，共 %d 项；完整清单见文字报告。",
}

var enWords = &words{
	Lang:     "en",
	Page:     "%s · dashboard (as of %s)",
	AsOf:     "As of %s",
	CityWide: "city-wide",
	None:     "None.",

	Score: "Overall score", Expected: "Expected progress", Gap: "Against expected", Points: "%s points",
	Targets: "Targets", Warned: "Warnings", Districts: "Districts",
	HeadlineCounts: "%d city-wide Targets: ",
	Count:          "%[2]d %[1]s",
	Gauge:          "Overall score %s, expected progress %s",

	Legend:         "Legend (every colour also has its word):",
	LegendDistrict: "District bars are coloured by score against expected progress, by the rule for targets.",

	HRanking: "District ranking", HTargets: "Targets", HTrend: "Scores month by month",
	HWarnings: "Warning list (%d)", HProblems: "Problems in the data (%d)", HDepartments: "Lead departments",
	HDueSoon: "Due soon (%d)", HAtRisk: "On track but at risk at the recent pace (%d)",

	CRank: "Rank", CMove: "Move", CDistrict: "District", CScore: "Score", CGoals: "Goals",
	CTarget: "Target", CCompletion: "Completion", CExpected: "Expected", CStatus: "Status",
	CGap: "Gap (pts)", CRankOn: "Rank on target",
	CGoal: "Goal", CActual: "Actual", CLead: "Lead", CRecord: "Record",
	CDepartment: "Department", CLed: "Targets led", CBar: "Bar (dashed: expected)",

	RankingNote:  "The dashed line is expected progress, %s.",
	RankingSince: "Moves since %s.",
	RankingRest:  "The other %d districts",
	RankingShown: "Bars show the top %d and the bottom %d of %d districts; the rest are in the table below.",
	MoveNew:      "new",
	SectionScore: "%s (score %s)",
	Figures:      "actual %s of %s %s",
	TrendNote:    "Solid: score; dashed: expected progress. Scale 0–100%%, from %s to %s.",
	TrendShown:   "Showing the city and the top %d and bottom %d of %d districts.",
	TrendCut:     "The trend shows the last %d dates only (%s to %s); earlier months are left out.",
	TrendTable:   "Trend figures",
	TrendTitle:   "%s score by Month: %s",
	TrendNone:    "No month-end figures.",
	WarnNote:     "Lagging: completion is behind expected progress by at most %s percentage points; seriously lagging: by more than %s. Overdue: past the deadline and not completed. Not started: nothing reported yet.",
	WarnNone:     "No goal is lagging, seriously lagging, overdue or not started.",
	WarnCapped:   "The %d most urgent of %d are listed; the text or CSV warning list has them all.",
	ProblemsMore: "%d more are in the text report.",
	Month:        "M%d",
	Footer:       "Made by renewal: one file, no network needed.",

	Late:        " (late)",
	Exceeded:    " (exceeded)",
	LateCount:   " (%d of them late)",
	ExemptCount: " %d more exempt.",
	DueSoonNote: "Due soon: not completed, with %d days or fewer to the deadline. Projected: the completion at the deadline at the pace between the latest report and the one at least %d days before it.",
	AtRiskNote:  "On track today, but at the pace between the latest report and the one at least %d days before it, the goal will not be complete by its deadline.",
	CDeadline:   "Deadline", CDaysLeft: "Days left", CProjected: "Projected",
	CPrevRank: "Before", CDueSoon: "Due soon", CAtRisk: "At risk",
	CFrom: "From", CChange: "Change", CReason: "Reason", CInForce: "Status",
	HRevisions: "Revisions and exemptions", ExemptHead: "Exempt allocations (not assessed)",
	InForce: "in force", NotYet: "not yet in force",
	ErrorPrefix:     "error: ",
	ErrorBanner:     "Warning: the input has %d error(s), so this page is incomplete and must not be used for assessment.",
	ErrorBannerMore: "The errors are listed under problems in the data, before the warnings.",
	KDueSoon:        "Due soon", KAtRisk: "At risk",
	ListCapped: "The first %d of %d, in plan order, are listed; the text report has them all.",
}

func wordsFor(l renewal.Lang) *words {
	if l == renewal.English {
		return enWords
	}
	return zhWords
}
