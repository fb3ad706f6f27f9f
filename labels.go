package renewal

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Label names one word or phrase that a report shows: a heading, a
// column or a note of the text, Markdown and CSV reports, of the
// dashboard, of the workbook report (package xlsx), or of any other
// writer that lays a report out its own way.
// Its text comes from one catalogue, in English and Chinese side by
// side, so that they all say the same thing the same way, and no label
// has one language without the other. Some labels are formats for
// fmt.Sprintf; the comments below say what their verbs take. Names from
// the data (plan title, targets, districts, departments) are never
// labels: they print as written. Each label's key is stable from one
// version to the next.
type Label string

// Text returns the label in lang: its English text for English, its
// Chinese text otherwise, as a report's Lang chooses. A key that is not
// in the catalogue returns itself, so that a mistake shows on the page.
//
// A program that shows a report in its own layout (a page, a sheet)
// takes its headings and columns from here, as package dashboard does:
//
//	renewal.LabelCompletionColumn.Text(renewal.Chinese) // 完成率
func (k Label) Text(lang Lang) string {
	t, ok := labelCatalogue[k]
	switch {
	case !ok:
		return string(k)
	case lang == English:
		return t.en
	}
	return t.zh
}

// The labels, by key. Those marked "one" are the singular of the label
// before them, for a count of 1.
const (
	// The language, as HTML's lang attribute names it: en, zh-CN.
	LabelLangTag Label = "lang-tag"

	// Statuses, as text, Markdown and CSV reports print them (see
	// Status.Label).
	LabelStatusCompleted        Label = "status-completed"
	LabelStatusOverdue          Label = "status-overdue"
	LabelStatusNotStarted       Label = "status-not-started"
	LabelStatusOnTrack          Label = "status-on-track"
	LabelStatusLagging          Label = "status-lagging"
	LabelStatusSeriouslyLagging Label = "status-seriously-lagging"
	LabelStatusExempt           Label = "status-exempt"

	// Words of sentences and lists.
	LabelCityWide    Label = "city-wide"    // the district of a city-wide goal
	LabelNone        Label = "none"         // an empty list
	LabelListSep     Label = "list-sep"     // joins the items of a list
	LabelPartSep     Label = "part-sep"     // joins the parts of a revision's change
	LabelSentenceEnd Label = "sentence-end" // ends a sentence
	LabelColon       Label = "colon"        // ends a heading that a list follows
	LabelYes         Label = "yes"          // a true cell
	LabelNo          Label = "no"           // a false cell

	// Headlines. Counts are followed by the statuses counted.
	LabelAsOf            Label = "as-of"            // date, expected progress, overall score
	LabelAsOfDate        Label = "as-of-date"       // date
	LabelTargetCount     Label = "target-count"     // number of city-wide targets
	LabelTargetCountOne  Label = "target-count-one" // 1
	LabelHeadlineTargets Label = "headline-targets" // number of city-wide targets, on the dashboard
	LabelStatusCount     Label = "status-count"     // status word, number
	LabelExemptCount     Label = "exempt-count"     // number of exempt city-wide targets
	LabelLateCount       Label = "late-count"       // number of goals completed late
	LabelLate            Label = "late"             // after the status of a goal completed late
	LabelExceeded        Label = "exceeded"         // after the status of a goal over-fulfilled

	// Headings.
	LabelTargetsHeading     Label = "targets-heading"
	LabelRankingHeading     Label = "ranking-heading"
	LabelDepartmentsHeading Label = "departments-heading"
	LabelWarningsHeading    Label = "warnings-heading"  // number of goals
	LabelDueSoonHeading     Label = "due-soon-heading"  // number of goals
	LabelAtRiskHeading      Label = "at-risk-heading"   // number of goals
	LabelChangesHeading     Label = "changes-heading"   // the date compared with
	LabelRevisionsHeading   Label = "revisions-heading" // revisions and exemptions
	LabelProblemsHeading    Label = "problems-heading"  // number of problems
	LabelRankByHeading      Label = "rank-by-heading"   // target name
	LabelTrendHeading       Label = "trend-heading"
	LabelExemptHeading      Label = "exempt-heading" // the exempt allocations
	LabelSectionScore       Label = "section-score"  // section name, score

	// Columns.
	LabelTargetColumn       Label = "target-column"
	LabelUnitColumn         Label = "unit-column"
	LabelGoalColumn         Label = "goal-column"
	LabelActualColumn       Label = "actual-column"
	LabelCompletionColumn   Label = "completion-column"
	LabelExpectedColumn     Label = "expected-column"
	LabelGapColumn          Label = "gap-column" // completion − expected, in percentage points
	LabelStatusColumn       Label = "status-column"
	LabelRankColumn         Label = "rank-column"
	LabelRankOnColumn       Label = "rank-on-column" // a district goal's rank on its target
	LabelDistrictColumn     Label = "district-column"
	LabelScoreColumn        Label = "score-column"
	LabelGoalsColumn        Label = "goals-column"
	LabelDepartmentColumn   Label = "department-column"
	LabelTargetsLedColumn   Label = "targets-led-column"
	LabelLeadColumn         Label = "lead-column"
	LabelRecordColumn       Label = "record-column" // the record a figure comes from
	LabelBarColumn          Label = "bar-column"
	LabelDeadlineColumn     Label = "deadline-column"
	LabelDaysLeftColumn     Label = "days-left-column"
	LabelProjectedColumn    Label = "projected-column"
	LabelDueSoonColumn      Label = "due-soon-column"
	LabelAtRiskColumn       Label = "at-risk-column"
	LabelPreviousRankColumn Label = "previous-rank-column"
	LabelMoveColumn         Label = "move-column"         // a rank's move, among the changes
	LabelRankingMoveColumn  Label = "ranking-move-column" // a rank's move, in the ranking
	LabelBeforeColumn       Label = "before-column"       // the status before
	LabelNowColumn          Label = "now-column"          // the status now
	LabelFromColumn         Label = "from-column"         // a revision's date
	LabelChangeColumn       Label = "change-column"
	LabelReasonColumn       Label = "reason-column"
	LabelCSVHeader          Label = "csv-header" // the CSV report's columns, joined by commas

	// Rank moves, revisions and changes.
	LabelMoveUp           Label = "move-up"   // places
	LabelMoveDown         Label = "move-down" // places
	LabelMoveSame         Label = "move-same"
	LabelMoveNew          Label = "move-new"      // no rank before
	LabelStatusChange     Label = "status-change" // before, after
	LabelNoChanges        Label = "no-changes"
	LabelMoreChanges      Label = "more-changes"    // shown, all
	LabelRevisedFigure    Label = "revised-figure"  // original, figure in force, revision date
	LabelFigureBaseline   Label = "figure-baseline" // a goal's figure, the baseline completion is measured from
	LabelInForce          Label = "in-force"        // a revision in force
	LabelNotYetInForce    Label = "not-yet-in-force"
	LabelChangeFigure     Label = "change-figure"     // original, new
	LabelChangeBaseline   Label = "change-baseline"   // original, new
	LabelChangeAllocation Label = "change-allocation" // district, original, new
	LabelChangeDeadline   Label = "change-deadline"   // original, new
	LabelChangeExempt     Label = "change-exempt"     // districts
	LabelNoExemptions     Label = "no-exemptions"

	// Early warning.
	LabelDueSoonNote       Label = "due-soon-note"   // due_soon_days, pace_days
	LabelAtRiskNote        Label = "at-risk-note"    // pace_days
	LabelWarningTitle      Label = "warning-title"   // plan title
	LabelWarningSummary    Label = "warning-summary" // date, expected progress, number of goals
	LabelWarningSummaryOne Label = "warning-summary-one"
	LabelWarningQuiet      Label = "warning-quiet" // date, expected progress
	LabelNoWarnings        Label = "no-warnings"
	LabelWarningThresholds Label = "warning-thresholds" // lagging threshold in points, twice

	// The district scorecard.
	LabelScorecardTitle    Label = "scorecard-title"    // district name, plan title
	LabelScorecardRanked   Label = "scorecard-ranked"   // date, expected progress, score, districts ranked, rank
	LabelScorecardPrevious Label = "scorecard-previous" // the earlier date, its score, its rank, the move since
	LabelScorecardUnranked Label = "scorecard-unranked" // date, expected progress
	LabelGoalCount         Label = "goal-count"         // number of goals
	LabelGoalCountOne      Label = "goal-count-one"

	// Input with errors.
	LabelErrorNotice          Label = "error-notice" // number of errors
	LabelErrorNoticeOne       Label = "error-notice-one"
	LabelErrorNoticeWhere     Label = "error-notice-where"
	LabelErrorPrefix          Label = "error-prefix"      // before an error's message
	LabelPageErrorNotice      Label = "page-error-notice" // number of errors
	LabelPageErrorNoticeWhere Label = "page-error-notice-where"

	// The dashboard.
	LabelDashboardTitle   Label = "dashboard-title" // plan title, date
	LabelDashboardFooter  Label = "dashboard-footer"
	LabelOverallScore     Label = "overall-score"
	LabelExpectedProgress Label = "expected-progress"
	LabelAgainstExpected  Label = "against-expected"
	LabelPoints           Label = "points" // percentage points
	LabelTargets          Label = "targets"
	LabelWarned           Label = "warned"
	LabelDistricts        Label = "districts"
	LabelGauge            Label = "gauge" // score, expected progress
	LabelLegend           Label = "legend"
	LabelLegendDistrict   Label = "legend-district"
	LabelRankingNote      Label = "ranking-note"  // expected progress
	LabelRankingSince     Label = "ranking-since" // previous date
	LabelRankingRest      Label = "ranking-rest"  // number of districts in the table
	LabelRankingShown     Label = "ranking-shown" // top n, bottom n, of all
	LabelFigures          Label = "figures"       // actual, goal, unit
	LabelTrendNote        Label = "trend-note"    // first date, last date
	LabelTrendShown       Label = "trend-shown"   // top n, bottom n, of all
	LabelTrendCut         Label = "trend-cut"     // dates drawn, the first, the last
	LabelTrendTable       Label = "trend-table"
	LabelTrendTitle       Label = "trend-title" // name, figures
	LabelTrendNone        Label = "trend-none"
	LabelMonth            Label = "month"           // month number
	LabelWarningsCapped   Label = "warnings-capped" // rows shown, rows in all
	LabelListCapped       Label = "list-capped"     // rows shown, rows in all
	LabelProblemsMore     Label = "problems-more"   // number not shown

	// The workbook report (package xlsx): its title, its sheets, and the
	// columns and cells that the other reports do not have or word
	// otherwise. Its other columns are the ones above.
	LabelWorkbookTitle        Label = "workbook-title"         // plan title, date
	LabelWorkbookSince        Label = "workbook-since"         // the earlier report's date, after the title
	LabelWorkbookLegend       Label = "workbook-legend"        // before the statuses' colours
	LabelTargetsSheet         Label = "targets-sheet"          // each target's city-wide goal
	LabelGoalsSheet           Label = "goals-sheet"            // each district's goal
	LabelRankingSheet         Label = "ranking-sheet"          // the districts' ranking
	LabelDepartmentsSheet     Label = "departments-sheet"      // the lead departments
	LabelWarningsSheet        Label = "warnings-sheet"         // the warning list
	LabelEarlySheet           Label = "early-sheet"            // goals due soon, then at risk
	LabelExemptSheet          Label = "exempt-sheet"           // the exempt goals
	LabelProblemsSheet        Label = "problems-sheet"         // the problems in the data
	LabelSectionColumn        Label = "section-column"         // the section a target is in
	LabelTargetIDColumn       Label = "target-id-column"       // a target's id
	LabelDistrictIDColumn     Label = "district-id-column"     // a district's id
	LabelDepartmentIDColumn   Label = "department-id-column"   // a department's id
	LabelRevisedColumn        Label = "revised-column"         // a revised goal: original → in force, from its date
	LabelBaselineColumn       Label = "baseline-column"        // a goal's baseline
	LabelOriginalGoalColumn   Label = "original-goal-column"   // an exempt goal's figure as planned
	LabelWorkbookGapColumn    Label = "workbook-gap-column"    // completion − expected, as a percentage cell
	LabelExceededColumn       Label = "exceeded-column"        // whether a goal is over-fulfilled
	LabelCompletedOnColumn    Label = "completed-on-column"    // the date a goal was completed
	LabelWorkbookRecordColumn Label = "workbook-record-column" // the record a figure comes from
	LabelExemptReasonColumn   Label = "exempt-reason-column"   // why a goal is exempt
	LabelEarlyColumn          Label = "early-column"           // why a goal is on the early sheet
	LabelEarlyDueSoon         Label = "early-due-soon"         // a goal due soon, in that column
	LabelEarlyAtRisk          Label = "early-at-risk"          // a goal at risk, in that column
	LabelFileColumn           Label = "file-column"            // a problem's file
	LabelLineColumn           Label = "line-column"            // a problem's line
	LabelColumnNumberColumn   Label = "column-number-column"   // a problem's column
	LabelCellColumn           Label = "cell-column"            // a problem's cell of a workbook
	LabelSeverityColumn       Label = "severity-column"        // a problem's severity
	LabelMessageColumn        Label = "message-column"         // a problem's message
	LabelSeverityError        Label = "severity-error"         // an error, in the severity column
	LabelSeverityWarning      Label = "severity-warning"       // a warning, in the severity column
)

// labelCatalogue holds every label's text, English then Chinese: the one
// place a label is worded. Both are required (TestLabelCatalogue).
var labelCatalogue = map[Label]struct{ en, zh string }{
	LabelLangTag: {"en", "zh-CN"},

	LabelStatusCompleted:        {"completed", "已完成"},
	LabelStatusOverdue:          {"overdue", "逾期"},
	LabelStatusNotStarted:       {"not started", "未启动"},
	LabelStatusOnTrack:          {"on track", "序时推进"},
	LabelStatusLagging:          {"lagging", "滞后"},
	LabelStatusSeriouslyLagging: {"seriously lagging", "严重滞后"},
	LabelStatusExempt:           {"exempt", "豁免"},

	LabelCityWide:    {"city-wide", "全市"},
	LabelNone:        {"None.", "无。"},
	LabelListSep:     {", ", "，"},
	LabelPartSep:     {"; ", "；"},
	LabelSentenceEnd: {".", "。"},
	LabelColon:       {":", "："},
	LabelYes:         {"yes", "是"},
	LabelNo:          {"no", "否"},

	LabelAsOf:            {"As of %s: expected progress %s, overall score %s.", "截至 %s，序时进度 %s，综合得分 %s。"},
	LabelAsOfDate:        {"As of %s", "截至 %s"},
	LabelTargetCount:     {"%d city-wide targets: ", "全市 %d 项目标："},
	LabelTargetCountOne:  {"%d city-wide target: ", "全市 %d 项目标："},
	LabelHeadlineTargets: {"%d city-wide Targets: ", "全市 %d 项目标："},
	LabelStatusCount:     {"%[2]d %[1]s", "%[1]s %[2]d 项"},
	LabelExemptCount:     {" %d more exempt.", "另有 %d 项目标豁免。"},
	LabelLateCount:       {" (%d of them late)", "（其中逾期完成 %d 项）"},
	LabelLate:            {" (late)", "（逾期完成）"},
	LabelExceeded:        {" (exceeded)", "（超额完成）"},

	LabelTargetsHeading:     {"Targets", "目标完成情况"},
	LabelRankingHeading:     {"District ranking", "县（区）排名"},
	LabelDepartmentsHeading: {"Lead departments", "牵头部门得分"},
	LabelWarningsHeading:    {"Warning list (%d)", "预警清单（%d 项）"},
	LabelDueSoonHeading:     {"Due soon (%d)", "临期目标（%d 项）"},
	LabelAtRiskHeading:      {"On track but at risk at the recent pace (%d)", "按近期进度难以按期完成（%d 项）"},
	LabelChangesHeading:     {"Changes since %s", "较 %s 变化"},
	LabelRevisionsHeading:   {"Revisions and exemptions", "目标调整与豁免"},
	LabelProblemsHeading:    {"Problems in the data (%d)", "数据问题（%d 条）"},
	LabelRankByHeading:      {"Ranking on %s", "单项排名：%s"},
	LabelTrendHeading:       {"Scores month by month", "得分走势（各月末）"},
	LabelExemptHeading:      {"Exempt allocations (not assessed)", "豁免（不考核）的分解任务"},
	LabelSectionScore:       {"%s (score %s)", "%s（得分 %s）"},

	LabelTargetColumn:       {"Target", "目标"},
	LabelUnitColumn:         {"Unit", "单位"},
	LabelGoalColumn:         {"Goal", "目标值"},
	LabelActualColumn:       {"Actual", "实际值"},
	LabelCompletionColumn:   {"Completion", "完成率"},
	LabelExpectedColumn:     {"Expected", "序时进度"},
	LabelGapColumn:          {"Gap (pts)", "较序时进度"},
	LabelStatusColumn:       {"Status", "状态"},
	LabelRankColumn:         {"Rank", "排名"},
	LabelRankOnColumn:       {"Rank on target", "单项排名"},
	LabelDistrictColumn:     {"District", "县（区）"},
	LabelScoreColumn:        {"Score", "得分"},
	LabelGoalsColumn:        {"Goals", "目标数"},
	LabelDepartmentColumn:   {"Department", "部门"},
	LabelTargetsLedColumn:   {"Targets led", "牵头目标数"},
	LabelLeadColumn:         {"Lead", "牵头部门"},
	LabelRecordColumn:       {"Record", "依据记录"},
	LabelBarColumn:          {"Bar (dashed: expected)", "进度条（竖虚线为序时进度）"},
	LabelDeadlineColumn:     {"Deadline", "完成时限"},
	LabelDaysLeftColumn:     {"Days left", "剩余天数"},
	LabelProjectedColumn:    {"Projected", "预计完成率"},
	LabelDueSoonColumn:      {"Due soon", "临期"},
	LabelAtRiskColumn:       {"At risk", "进度预警"},
	LabelPreviousRankColumn: {"Before", "上期排名"},
	LabelMoveColumn:         {"Move", "变化"},
	LabelRankingMoveColumn:  {"Move", "升降"},
	LabelBeforeColumn:       {"Before", "上期状态"},
	LabelNowColumn:          {"Now", "本期状态"},
	LabelFromColumn:         {"From", "调整日期"},
	LabelChangeColumn:       {"Change", "调整内容"},
	LabelReasonColumn:       {"Reason", "依据"},
	LabelCSVHeader: {
		"section,task,target_id,target_name,district_id,district_name,kind,unit,lead,lead_name,weight,target,baseline,actual,completion,score,expected,gap,status,status_code,exceeded,rank,deadline,record,as_of",
		"部分,任务,目标编号,目标名称,县区编号,县区名称,类型,单位,牵头部门编号,牵头部门,权重,目标值,基数,实际值,完成率,得分,序时进度,较序时进度,状态,状态代码,超额完成,单项排名,完成时限,依据记录,截至日期",
	},

	LabelMoveUp:           {"↑%d", "↑%d"},
	LabelMoveDown:         {"↓%d", "↓%d"},
	LabelMoveSame:         {"—", "—"},
	LabelMoveNew:          {"new", "新"},
	LabelStatusChange:     {"%s → %s", "%s → %s"},
	LabelNoChanges:        {"No status changed.", "状态没有变化。"},
	LabelMoreChanges:      {"(The first %d of %d.)", "（仅列前 %d 项，共 %d 项。）"},
	LabelRevisedFigure:    {"%s → %s (from %s)", "%s → %s（%s 起）"},
	LabelFigureBaseline:   {"%s (baseline %s)", "%s（基数 %s）"},
	LabelInForce:          {"in force", "已生效"},
	LabelNotYetInForce:    {"not yet in force", "未生效"},
	LabelChangeFigure:     {"goal %s → %s", "目标值 %s → %s"},
	LabelChangeBaseline:   {"baseline %s → %s", "基数 %s → %s"},
	LabelChangeAllocation: {"%s %s → %s", "%s %s → %s"},
	LabelChangeDeadline:   {"deadline %s → %s", "完成时限 %s → %s"},
	LabelChangeExempt:     {"exempt: %s", "豁免 %s"},
	LabelNoExemptions:     {"No allocation is exempt.", "没有豁免的分解任务。"},

	LabelDueSoonNote: {
		"Due soon: not completed, with %d days or fewer to the deadline. Projected: the completion at the deadline at the pace between the latest report and the one at least %d days before it.",
		"注：临期指距完成时限不超过 %d 天且尚未完成；预计完成率按最近一次报送与其至少 %d 天前的一次报送之间的进度，推算到完成时限。",
	},
	LabelAtRiskNote: {
		"On track today, but at the pace between the latest report and the one at least %d days before it, the goal will not be complete by its deadline.",
		"注：目前序时推进，但按最近一次报送与其至少 %d 天前的一次报送之间的进度推算，到完成时限完成率不足 100%%。",
	},
	LabelWarningTitle:      {"%s: warning list", "%s预警清单"},
	LabelWarningSummary:    {"As of %s: expected progress %s. %d goals need attention: ", "截至 %s，序时进度 %s。共 %d 项目标预警："},
	LabelWarningSummaryOne: {"As of %s: expected progress %s. %d goal needs attention: ", "截至 %s，序时进度 %s。共 %d 项目标预警："},
	LabelWarningQuiet:      {"As of %s: expected progress %s.", "截至 %s，序时进度 %s。"},
	LabelNoWarnings:        {"No goal is lagging, seriously lagging, overdue or not started.", "没有滞后、严重滞后、逾期或未启动的目标。"},
	LabelWarningThresholds: {
		"Lagging: completion is behind expected progress by at most %s percentage points; seriously lagging: by more than %s. Overdue: past the deadline and not completed. Not started: nothing reported yet.",
		"注：滞后指完成率低于序时进度不超过 %s 个百分点，严重滞后指低于序时进度超过 %s 个百分点；逾期指已过完成时限仍未完成；未启动指尚无进度报送。",
	},

	LabelScorecardTitle:    {"%s · %s", "%s · %s"},
	LabelScorecardRanked:   {"As of %s: expected progress %s, score %s, rank %[5]d of %[4]d.", "截至 %s，序时进度 %s，得分 %s，在 %d 个县（区）中排名第 %d。"},
	LabelScorecardPrevious: {"As of %s: score %s, rank %s; move since: %s.", "上期（%s）：得分 %s，排名第 %s；名次变化：%s。"},
	LabelScorecardUnranked: {"As of %s: expected progress %s. No target is allocated to this district, so it is not ranked.", "截至 %s，序时进度 %s。没有分解到本县（区）的目标，不参加排名。"},
	LabelGoalCount:         {"%d goals: ", "共 %d 项目标："},
	LabelGoalCountOne:      {"%d goal: ", "共 %d 项目标："},

	LabelErrorNotice:          {"Warning: the input has %d errors, so this report is incomplete and must not be used for assessment.", "注意：输入数据有 %d 处错误，本报告不完整，不能作为考核依据。"},
	LabelErrorNoticeOne:       {"Warning: the input has %d error, so this report is incomplete and must not be used for assessment.", "注意：输入数据有 %d 处错误，本报告不完整，不能作为考核依据。"},
	LabelErrorNoticeWhere:     {" The errors are listed at the end, under problems in the data, before the warnings.", "错误列于文末“数据问题”，在警告之前。"},
	LabelErrorPrefix:          {"error: ", "错误："},
	LabelPageErrorNotice:      {"Warning: the input has %d error(s), so this page is incomplete and must not be used for assessment.", "注意：输入数据有 %d 处错误，本页不完整，不能作为考核依据。"},
	LabelPageErrorNoticeWhere: {"The errors are listed under problems in the data, before the warnings.", "错误列于“数据问题”，在警告之前。"},

	LabelDashboardTitle:   {"%s · dashboard (as of %s)", "%s · 进展看板（截至 %s）"},
	LabelDashboardFooter:  {"Made by renewal: one file, no network needed.", "本页由 renewal 生成，单个文件，无需网络。"},
	LabelOverallScore:     {"Overall score", "综合得分"},
	LabelExpectedProgress: {"Expected progress", "序时进度"},
	LabelAgainstExpected:  {"Against expected", "与序时进度相差"},
	LabelPoints:           {"%s points", "%s 个百分点"},
	LabelTargets:          {"Targets", "目标"},
	LabelWarned:           {"Warnings", "预警"},
	LabelDistricts:        {"Districts", "县（区）"},
	LabelGauge:            {"Overall score %s, expected progress %s", "综合得分 %s，序时进度 %s"},
	LabelLegend:           {"Legend (every colour also has its word):", "图例（颜色之外均标注文字）："},
	LabelLegendDistrict:   {"District bars are coloured by score against expected progress, by the rule for targets.", "县（区）条形按得分与序时进度比较着色，规则与目标相同。"},
	LabelRankingNote:      {"The dashed line is expected progress, %s.", "竖虚线为序时进度 %s。"},
	LabelRankingSince:     {"Moves since %s.", "升降与 %s 相比。"},
	LabelRankingRest:      {"The other %d districts", "其余 %d 个县（区）"},
	LabelRankingShown:     {"Bars show the top %d and the bottom %d of %d districts; the rest are in the table below.", "条形图显示前 %d 名和后 %d 名，共 %d 个县（区）；其余见下表。"},
	LabelFigures:          {"actual %s of %s %s", "实际 %s / 目标 %s %s"},
	LabelTrendNote:        {"Solid: score; dashed: expected progress. Scale 0–100%%, from %s to %s.", "实线为得分，虚线为序时进度；纵轴 0–100%%，横轴为 %s 至 %s。"},
	LabelTrendShown:       {"Showing the city and the top %d and bottom %d of %d districts.", "显示全市及排名前 %d、后 %d 的县（区），共 %d 个。"},
	LabelTrendCut:         {"The trend shows the last %d dates only (%s to %s); earlier months are left out.", "走势只显示最近 %d 期（%s 至 %s），更早的月份从略。"},
	LabelTrendTable:       {"Trend figures", "走势数据表"},
	LabelTrendTitle:       {"%s score by Month: %s", "%s得分走势：%s"},
	LabelTrendNone:        {"No month-end figures.", "没有各月末的数据。"},
	LabelMonth:            {"M%d", "%d月"},
	LabelWarningsCapped:   {"The %d most urgent of %d are listed; the text or CSV warning list has them all.", "按紧急程度列出前 %d 项，共 %d 项；完整清单见文字或 CSV 预警清单。"},
	LabelListCapped:       {"The first %d of %d, in plan order, are listed; the text report has them all.", "按计划顺序列出前 %d 项，共 %d 项；完整清单见文字报告。"},
	LabelProblemsMore:     {"%d more are in the text report.", "另有 %d 条未列出，见文字报告。"},

	LabelWorkbookTitle:        {"%s · as of %s", "%s · 截至 %s"},
	LabelWorkbookSince:        {" (before: %s)", "（上期 %s）"},
	LabelWorkbookLegend:       {"Legend", "图例"},
	LabelTargetsSheet:         {"Targets", "全市目标"},
	LabelGoalsSheet:           {"District goals", "县区目标"},
	LabelRankingSheet:         {"District ranking", "县区排名"},
	LabelDepartmentsSheet:     {"Departments", "部门"},
	LabelWarningsSheet:        {"Warning list", "预警清单"},
	LabelEarlySheet:           {"Due soon and at risk", "临期与进度预警"},
	LabelExemptSheet:          {"Exempt", "豁免"},
	LabelProblemsSheet:        {"Problems", "数据问题"},
	LabelSectionColumn:        {"Section", "板块"},
	LabelTargetIDColumn:       {"Target id", "目标编号"},
	LabelDistrictIDColumn:     {"District id", "县区编号"},
	LabelDepartmentIDColumn:   {"Department id", "部门编号"},
	LabelRevisedColumn:        {"Revised", "目标调整"},
	LabelBaselineColumn:       {"Baseline", "基数"},
	LabelOriginalGoalColumn:   {"Original goal", "原目标值"},
	LabelWorkbookGapColumn:    {"Gap", "较序时进度"},
	LabelExceededColumn:       {"Exceeded", "超额完成"},
	LabelCompletedOnColumn:    {"Completed on", "完成日期"},
	LabelWorkbookRecordColumn: {"Record", "记录"},
	LabelExemptReasonColumn:   {"Reason", "豁免依据"},
	LabelEarlyColumn:          {"Warning", "预警类型"},
	LabelEarlyDueSoon:         {"due soon", "临期"},
	LabelEarlyAtRisk:          {"at risk", "进度预警"},
	LabelFileColumn:           {"File", "文件"},
	LabelLineColumn:           {"Line", "行"},
	LabelColumnNumberColumn:   {"Column", "列"},
	LabelCellColumn:           {"Cell", "单元格"},
	LabelSeverityColumn:       {"Severity", "级别"},
	LabelMessageColumn:        {"Message", "问题"},
	LabelSeverityError:        {"error", "错误"},
	LabelSeverityWarning:      {"warning", "警告"},
}

// labels are a report's labels in one language, read from the catalogue
// once, so that rendering looks up no key.
type labels struct {
	lang   Lang
	status [numStatuses]string
	// counted heads a column counting the goals in a status.
	counted [numStatuses]string

	cityWide, none string

	asOf            string
	counts          [2]string // singular and plural
	count           string
	listSep, end    string
	number          func(n int) string // numbers a heading
	hTargets        string
	hDistricts      string
	hDepartments    string
	hWarnings       string
	hProblems       string
	hDueSoon        string
	hAtRisk         string
	hChanges        string
	hRevisions      string
	sectionScore    string
	late, exceeded  string
	hRankBy         string
	yes, no         string
	revisedFigure   string
	figureBaseline  string
	exemptTargets   string
	dueSoonNote     string
	atRiskNote      string
	changesNone     string
	moveUp          string
	moveDown        string
	moveSame        string
	moveNew         string
	statusChange    string
	inForce, notYet string
	changeFigure    string
	changeBase      string
	changeAlloc     string
	changeDue       string
	changeExempt    string
	exemptNone      string
	exemptHead      string
	partSep         string
	moreChanges     string

	cDaysLeft, cProjected, cDeadline, cPrevRank, cMove, cDueSoon, cAtRisk string
	cGap, cRankOn                                                         string
	cFrom, cChange, cReason, cBefore, cAfter, cInForce                    string
	cTarget, cUnit, cGoal, cActual, cCompletion, cExpected, cStatus       string
	cRank, cDistrict, cScore, cGoals                                      string
	cDepartment, cLed, cLead                                              string

	warnTitle     string
	warnSummary   [2]string
	warnQuiet     string
	warnNone      string
	warnThreshold string

	cardTitle    string
	cardRanked   string
	cardPrevious string
	cardUnranked string
	cardCounts   [2]string

	// Input with errors: the notice under the title (singular and
	// plural), what the full report adds to it, and an error's prefix.
	errNotice     [2]string
	errNoticeFull string
	errPrefix     string

	csvHeader []string
}

var zhLabels, enLabels = newLabels(Chinese), newLabels(English)

// statusLabels are the statuses' labels, by Status.
var statusLabels = [numStatuses]Label{
	Completed: LabelStatusCompleted, Overdue: LabelStatusOverdue, NotStarted: LabelStatusNotStarted,
	OnTrack: LabelStatusOnTrack, Lagging: LabelStatusLagging, SeriouslyLagging: LabelStatusSeriouslyLagging,
	Exempt: LabelStatusExempt,
}

// newLabels reads the labels of lang from the catalogue.
func newLabels(lang Lang) *labels {
	t := func(k Label) string { return k.Text(lang) }
	lb := &labels{
		lang:     lang,
		cityWide: t(LabelCityWide), none: t(LabelNone),
		asOf:    t(LabelAsOf),
		counts:  [2]string{t(LabelTargetCountOne), t(LabelTargetCount)},
		count:   t(LabelStatusCount),
		listSep: t(LabelListSep), end: t(LabelSentenceEnd),
		number:   strconvNumber,
		hTargets: t(LabelTargetsHeading), hDistricts: t(LabelRankingHeading), hDepartments: t(LabelDepartmentsHeading),
		hWarnings: t(LabelWarningsHeading), hProblems: t(LabelProblemsHeading),
		hDueSoon: t(LabelDueSoonHeading), hAtRisk: t(LabelAtRiskHeading),
		hChanges: t(LabelChangesHeading), hRevisions: t(LabelRevisionsHeading),
		sectionScore: t(LabelSectionScore),
		late:         t(LabelLate), exceeded: t(LabelExceeded),
		hRankBy: t(LabelRankByHeading),
		yes:     t(LabelYes), no: t(LabelNo),
		revisedFigure: t(LabelRevisedFigure), figureBaseline: t(LabelFigureBaseline),
		exemptTargets: t(LabelExemptCount),
		dueSoonNote:   t(LabelDueSoonNote), atRiskNote: t(LabelAtRiskNote),
		changesNone: t(LabelNoChanges),
		moveUp:      t(LabelMoveUp), moveDown: t(LabelMoveDown), moveSame: t(LabelMoveSame), moveNew: t(LabelMoveNew),
		statusChange: t(LabelStatusChange),
		inForce:      t(LabelInForce), notYet: t(LabelNotYetInForce),
		changeFigure: t(LabelChangeFigure), changeBase: t(LabelChangeBaseline), changeAlloc: t(LabelChangeAllocation),
		changeDue: t(LabelChangeDeadline), changeExempt: t(LabelChangeExempt),
		exemptNone:  t(LabelNoExemptions),
		exemptHead:  t(LabelExemptHeading) + t(LabelColon),
		partSep:     t(LabelPartSep),
		moreChanges: t(LabelMoreChanges),

		cDaysLeft: t(LabelDaysLeftColumn), cProjected: t(LabelProjectedColumn), cDeadline: t(LabelDeadlineColumn),
		cPrevRank: t(LabelPreviousRankColumn), cMove: t(LabelMoveColumn),
		cDueSoon: t(LabelDueSoonColumn), cAtRisk: t(LabelAtRiskColumn),
		cGap: t(LabelGapColumn), cRankOn: t(LabelRankOnColumn),
		cFrom: t(LabelFromColumn), cChange: t(LabelChangeColumn), cReason: t(LabelReasonColumn),
		cBefore: t(LabelBeforeColumn), cAfter: t(LabelNowColumn), cInForce: t(LabelStatusColumn),
		cTarget: t(LabelTargetColumn), cUnit: t(LabelUnitColumn), cGoal: t(LabelGoalColumn), cActual: t(LabelActualColumn),
		cCompletion: t(LabelCompletionColumn), cExpected: t(LabelExpectedColumn), cStatus: t(LabelStatusColumn),
		cRank: t(LabelRankColumn), cDistrict: t(LabelDistrictColumn), cScore: t(LabelScoreColumn), cGoals: t(LabelGoalsColumn),
		cDepartment: t(LabelDepartmentColumn), cLed: t(LabelTargetsLedColumn), cLead: t(LabelLeadColumn),

		warnTitle:     t(LabelWarningTitle),
		warnSummary:   [2]string{t(LabelWarningSummaryOne), t(LabelWarningSummary)},
		warnQuiet:     t(LabelWarningQuiet),
		warnNone:      t(LabelNoWarnings),
		warnThreshold: t(LabelWarningThresholds),

		cardTitle:  t(LabelScorecardTitle),
		cardRanked: t(LabelScorecardRanked), cardPrevious: t(LabelScorecardPrevious),
		cardUnranked: t(LabelScorecardUnranked),
		cardCounts:   [2]string{t(LabelGoalCountOne), t(LabelGoalCount)},

		errNotice:     [2]string{t(LabelErrorNoticeOne), t(LabelErrorNotice)},
		errNoticeFull: t(LabelErrorNoticeWhere),
		errPrefix:     t(LabelErrorPrefix),

		csvHeader: strings.Split(t(LabelCSVHeader), ","),
	}
	if lang != English {
		lb.number = zhNumber
	}
	for s, k := range statusLabels {
		lb.status[s] = t(k)
		lb.counted[s] = upperFirst(lb.status[s])
	}
	return lb
}

// upperFirst returns s with its first letter in upper case, as a column
// heads a status: "Not started". Chinese has no case and stays as it is.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
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

// strconvNumber numbers a heading with digits: "1. ".
func strconvNumber(n int) string { return strconv.Itoa(n) + ". " }

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
