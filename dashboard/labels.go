package dashboard

import "github.com/citybureau/renewal"

// words are the labels of the page in one language, read once from the
// package renewal's catalogue of labels (renewal.Label), so that the page
// and the reports say the same thing the same way; this file binds the
// template's names to its keys and holds no wording. Names from the data
// (plan title, targets, districts, departments) are never translated;
// status words come from renewal.Status.Label.
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
	ListSep                           string // joins the figures of a panel's title
}

// wordsFor reads the page's words in lang from the catalogue, once a
// page: a hundred look-ups, and no table here to keep for each language.
func wordsFor(lang renewal.Lang) *words {
	t := func(k renewal.Label) string { return k.Text(lang) }
	return &words{
		Lang:     t(renewal.LabelLangTag),
		Page:     t(renewal.LabelDashboardTitle),
		AsOf:     t(renewal.LabelAsOfDate),
		CityWide: t(renewal.LabelCityWide),
		None:     t(renewal.LabelNone),

		Score: t(renewal.LabelOverallScore), Expected: t(renewal.LabelExpectedProgress),
		Gap: t(renewal.LabelAgainstExpected), Points: t(renewal.LabelPoints),
		Targets: t(renewal.LabelTargets), Warned: t(renewal.LabelWarned), Districts: t(renewal.LabelDistricts),
		HeadlineCounts: t(renewal.LabelHeadlineTargets),
		Count:          t(renewal.LabelStatusCount),
		Gauge:          t(renewal.LabelGauge),

		Legend:         t(renewal.LabelLegend),
		LegendDistrict: t(renewal.LabelLegendDistrict),

		HRanking: t(renewal.LabelRankingHeading), HTargets: t(renewal.LabelTargetsHeading), HTrend: t(renewal.LabelTrendHeading),
		HWarnings: t(renewal.LabelWarningsHeading), HProblems: t(renewal.LabelProblemsHeading),
		HDepartments: t(renewal.LabelDepartmentsHeading),
		HDueSoon:     t(renewal.LabelDueSoonHeading), HAtRisk: t(renewal.LabelAtRiskHeading),

		CRank: t(renewal.LabelRankColumn), CMove: t(renewal.LabelRankingMoveColumn), CDistrict: t(renewal.LabelDistrictColumn),
		CScore: t(renewal.LabelScoreColumn), CGoals: t(renewal.LabelGoalsColumn),
		CTarget: t(renewal.LabelTargetColumn), CCompletion: t(renewal.LabelCompletionColumn),
		CExpected: t(renewal.LabelExpectedColumn), CStatus: t(renewal.LabelStatusColumn),
		CGap: t(renewal.LabelGapColumn), CRankOn: t(renewal.LabelRankOnColumn),
		CGoal: t(renewal.LabelGoalColumn), CActual: t(renewal.LabelActualColumn), CLead: t(renewal.LabelLeadColumn),
		CRecord: t(renewal.LabelRecordColumn), CDepartment: t(renewal.LabelDepartmentColumn),
		CLed: t(renewal.LabelTargetsLedColumn), CBar: t(renewal.LabelBarColumn),

		RankingNote:  t(renewal.LabelRankingNote),
		RankingSince: t(renewal.LabelRankingSince),
		RankingRest:  t(renewal.LabelRankingRest),
		RankingShown: t(renewal.LabelRankingShown),
		MoveNew:      t(renewal.LabelMoveNew),
		SectionScore: t(renewal.LabelSectionScore),
		Figures:      t(renewal.LabelFigures),
		TrendNote:    t(renewal.LabelTrendNote),
		TrendShown:   t(renewal.LabelTrendShown),
		TrendCut:     t(renewal.LabelTrendCut),
		TrendTable:   t(renewal.LabelTrendTable),
		TrendTitle:   t(renewal.LabelTrendTitle),
		TrendNone:    t(renewal.LabelTrendNone),
		WarnNote:     t(renewal.LabelWarningThresholds),
		WarnNone:     t(renewal.LabelNoWarnings),
		WarnCapped:   t(renewal.LabelWarningsCapped),
		ProblemsMore: t(renewal.LabelProblemsMore),
		Month:        t(renewal.LabelMonth),
		Footer:       t(renewal.LabelDashboardFooter),

		Late:        t(renewal.LabelLate),
		Exceeded:    t(renewal.LabelExceeded),
		LateCount:   t(renewal.LabelLateCount),
		ExemptCount: t(renewal.LabelExemptCount),
		DueSoonNote: t(renewal.LabelDueSoonNote),
		AtRiskNote:  t(renewal.LabelAtRiskNote),
		CDeadline:   t(renewal.LabelDeadlineColumn), CDaysLeft: t(renewal.LabelDaysLeftColumn),
		CProjected: t(renewal.LabelProjectedColumn), CPrevRank: t(renewal.LabelPreviousRankColumn),
		CDueSoon: t(renewal.LabelDueSoonColumn), CAtRisk: t(renewal.LabelAtRiskColumn),
		CFrom: t(renewal.LabelFromColumn), CChange: t(renewal.LabelChangeColumn),
		CReason: t(renewal.LabelReasonColumn), CInForce: t(renewal.LabelStatusColumn),
		HRevisions: t(renewal.LabelRevisionsHeading), ExemptHead: t(renewal.LabelExemptHeading),
		InForce: t(renewal.LabelInForce), NotYet: t(renewal.LabelNotYetInForce),
		ErrorPrefix:     t(renewal.LabelErrorPrefix),
		ErrorBanner:     t(renewal.LabelPageErrorNotice),
		ErrorBannerMore: t(renewal.LabelPageErrorNoticeWhere),
		KDueSoon:        t(renewal.LabelDueSoonColumn), KAtRisk: t(renewal.LabelAtRiskColumn),
		ListCapped: t(renewal.LabelListCapped),
		ListSep:    t(renewal.LabelListSep),
	}
}
