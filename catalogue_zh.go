package renewal

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	readers "github.com/citybureau/renewal/internal/source"
)

// The Chinese messages. They are written for the people who fill in the
// sheets: district clerks who read Chinese and have never seen YAML. A
// message says what is wrong and what to write instead, in plain words;
// ids, figures and dates stay as written. A problem in a workbook names
// the sheet's columns by their headers (累计完成, 分子, 完成日期), never by
// the keys of a progress file; a problem in a YAML file names its keys
// as written, since that is what its writer sees.
//
// Every format takes each argument as text (%s), in the order of the
// English message; %[n]s takes them in another order where Chinese
// wants it. Some arguments are themselves English phrases made by the
// decoder ("a list", "target neighbourhoods"); zhArg renders those it
// knows, and leaves ids and figures as they are.
var zhCatalogue = map[Code]string{
	CodeNoPlan:                           "未先读入计划就读入了进度；请先读入计划，再读入进度",
	CodeNilLedger:                        "Evaluate 收到的进度为空（nil）；请先用 LoadProgress 或 LoadFiles 读入进度",
	CodeNotAMapping:                      "%s填成了%s；这里应写成若干“名称: 值”，可用的名称有 %s",
	CodeTooManyKeys:                      "%s有 %s 项，超过上限 %s 项",
	CodeFigureWasSplitComma:              "数字 %[1]s 在逗号处被拆开了：在 { … } 里逗号表示一项结束，于是读成了 %[2]s，又把 %[3]s 当成了名称；请给数字加上引号：\"%[4]s\"",
	CodeKeyNotPlain:                      "%s 中有一项的名称是%s；名称应是普通文字",
	CodeUnknownKeyDidYouMean:             "%[2]s里的“%[1]s”不认识，是不是“%[3]s”？（可用的有：%[4]s）",
	CodeUnknownKey:                       "%[2]s里的“%[1]s”不认识；可用的有：%[3]s",
	CodeDuplicateKey:                     "%[2]s 中“%[1]s”写了两次（第一次在第 %[3]s 行）",
	CodeWrongShape:                       "%s填成了%s；应填%s",
	CodeNotAList:                         "%s填成了%s；应填一组%s",
	CodeValueTooLong:                     "%s长 %s 字节，超过上限 %s 字节",
	CodeEmptyValue:                       "%s没有填；应填%s",
	CodeYamlNull:                         "%s填的是“%s”，表示空值；应填%s",
	CodeBlankText:                        "%s只有空白；请填写内容",
	CodeMalformedValue:                   "%s %s", // see malformedZh
	CodeEmptyDocument:                    "内容是空的；应有%s（文件是否不完整？）",
	CodeNotAnIdentifier:                  "%[1]s“%[2]s”不能用作编号：%[3]s；编号应为%[4]s",
	CodePlanIdNotPlan:                    "计划编号“%s”不符合要求；应由小写字母、数字和连字符组成，以字母或数字开头，如 yancheng-renewal-2025",
	CodePlanHasNoRequired:                "计划缺少必填项“%s”",
	CodeLaggingthresholdOutsideShare:     "滞后阈值（lagging_threshold）%s 不在 0%%–100%% 之间；应填比例，如 10%%",
	CodePeriodHasNoRequired:              "计划期（period）缺少必填项“%s”",
	CodePeriodEndBeforeStart:             "计划期结束日期 %s 早于开始日期 %s",
	CodeHasNoIdRequired:                  "有一个%s没有编号（id），编号必填",
	CodeHasNoName:                        "%s %s 没有名称（name），名称必填",
	CodeIdDeclaredTwice:                  "%s编号“%s”重复了",
	CodePointNeedsBothDate:               "%s中的每个时间点都要有日期（date）和应完成比例（expected）",
	CodeScheduleDateBeforePlan:           "进度安排日期 %s 早于计划开始日期 %s",
	CodeScheduleDateAfter:                "进度安排日期 %s 晚于%s %s",
	CodeExpectedShareOutsideWrite:        "应完成比例 %s 不在 0%%–100%% 之间（请填比例，如 45%%）",
	CodeScheduleDatesMustRise:            "进度安排日期应逐个往后：%s 没有晚于 %s",
	CodeScheduleSharesMustNot:            "应完成比例不能往回降：%s 小于前一个 %s",
	CodeNotWholeNumberDays:               "%s “%s”不是 %s 到 %s 之间的整天数；应填整数，如 %s",
	CodeDocumentHasNoRecords:             "没有任何记录（确实没有请写 records: []；文件是否不完整？）",
	CodeUnknownDefaultDistrict:           "县区“%s”不在计划的县区中%s；%s",
	CodeDefaultDateOutsidePeriod:         "日期 %s 不在计划期 %s 至 %s 内；%s",
	CodeRevisionHasNoDate:                "%s 的一次调整没有起始日期（from），必填；应写 from: 年-月-日",
	CodeRevisionOutsidePlanPeriod:        "调整起始日期 %s 不在计划期 %s 至 %s 内",
	CodeRevisionsMustListedRising:        "调整应按起始日期先后排列：%s 没有晚于 %s",
	CodeRevisionHasNoReason:              "%s 的一次调整没有写调整依据（reason），必填；如 市政府第12次常务会议调整",
	CodeReasonRevisionEmptyBasis:         "%s 的一次调整的调整依据是空的；请写明依据",
	CodeMilestoneWhoseRevisionsTake:      "%s 是节点类指标，调整时不能改“%s”；只能改调整依据、完成期限或免考核",
	CodeRevisedDeadlineOutsidePlan:       "调整后的完成期限 %s 不在计划期 %s 至 %s 内",
	CodeRevisedDeadlineBeforeRevision:    "调整后的完成期限 %s 早于调整起始日期 %s",
	CodeNotDeclaredDistrict:              "%s“%s”不在计划的县区中%s",
	CodeTargetHasNoAllocation:            "%[1]s“%[2]s”：指标 %[3]s 没有分解到这个县区；调整只能涉及已分解到的县区",
	CodeAllocationTargetExemptAlready:    "%[1]s“%[2]s”：指标 %[3]s 在这个县区已经免考核，免考核一直有效",
	CodeRevisedAllocationHasNo:           "调整后分解到 %s 的任务没有目标值，目标值必填",
	CodeDistrictBothRevisedExempted:      "县区“%s”在同一次调整中既调整了任务又免考核；只能二选一",
	CodeTargetHasNoId:                    "有一个指标没有编号（id），编号必填",
	CodeTargetIdDeclaredTwice:            "指标编号“%s”重复了（整个计划中指标编号不能重复）",
	CodeTargetHasNoName:                  "%s 没有名称（name），名称必填",
	CodeKindNotKindCount:                 "指标类型“%s”不认识；应为 count（数量）、ratio（比率）、level（水平）或 milestone（节点）",
	CodeMilestoneTakesNoMilestone:        "%s 是节点类指标，不能有“%s”（节点只分完成和未完成）",
	CodeDirectionNotDirectionAtleast:     "方向“%s”不认识；应为 at_least（不低于）或 at_most（不高于）",
	CodeHasNoLeadDepartment:              "%s 没有牵头部门，牵头部门必填",
	CodeLeadNotDeclaredDepartment:        "牵头部门“%s”不在计划的部门中",
	CodeSupportNotDeclaredDepartment:     "配合部门“%s”不在计划的部门中",
	CodeSupportListsTwice:                "配合部门“%s”写了两次",
	CodeWeightNotAbovePositive:           "权重 %s 应大于 0，如 1 或 2",
	CodeAllocationNotDeclaredDistrict:    "分解到“%s”：不在计划的县区中",
	CodeAllocationHasNoTarget:            "分解到 %s 的任务没有目标值，目标值必填",
	CodeAllocationListsDistrictTwice:     "分解中县区“%s”写了两次",
	CodeDeadlineOutsidePlanPeriod:        "完成期限 %s 不在计划期 %s 至 %s 内",
	CodeBadText:                          "%s %s",
	CodeDuplicateRecordSameTarget:        "和 %s 的记录一模一样（指标、县区、日期、数字都相同）；只算一次",
	CodeCorrectionReplacesRecord:         "更正（%s）替换了 %s 的记录：%s → %s",
	CodeConflictsRecordAddCorrection:     "与 %[1]s 的记录矛盾：同是 %[2]s、%[3]s、%[4]s，那里是 %[5]s，这里是 %[6]s；如要替换那条，请在这条的更正说明里写明原因",
	CodeWentDownOnOn:                     "%[1]s（%[2]s）的累计数往回降了：%[4]s 是 %[3]s（%[5]s），%[7]s 变成 %[6]s；累计数一般不会减少，请核对是否填错",
	CodePlanFileHoldsDocument:            "计划文件只能有一份内容；这里多出了一份",
	CodePlanCouldNotRead:                 "计划读不了，所以进度（%s 个文件）没有检查",
	CodeLoadingWasStoppedFile:            "读取被中止（%s）：这个文件和后面 %s 个文件没有读入",
	CodeEmptyFile:                        "文件是空的；应有%s（文件是否不完整？）",
	CodeRecordHasNoTarget:                "这条记录没有填目标编号",
	CodeTargetHasErrorsPlan:              "指标“%s”在计划中有错误，它的记录无法检查",
	CodeUnknownTarget:                    "目标编号“%[1]s”不是计划 %[2]s 中的指标%[3]s",
	CodeUnknownDistrict:                  "县区“%s”不在计划的县区中%s",
	CodeCityWideRecordWithDistrict:       "指标 %s 没有分解到县区，是全市指标，记录不填县区",
	CodeRecordHasNoDistrict:              "这条记录没有填县区，而指标 %s 是分解到各县区的（请在这里或文件开头填写县区）",
	CodeDefaultDistrictNotAllocated:      "文件所属的县区 %s 没有分到指标 %s 的任务（请给这条记录单独填县区，或移到别处）",
	CodeDistrictNotAllocated:             "县区 %s 没有分到指标 %s 的任务",
	CodeDateOutsidePeriod:                "日期 %s 不在计划期 %s 至 %s 内",
	CodeRecordWrongField:                 "指标 %[1]s 是%[2]s指标，请填写%[3]s，不填%[4]s",
	CodeRecordMissingField:               "没有填%[1]s（指标 %[2]s 是%[3]s指标，要填%[4]s）",
	CodeDoneDateOutsidePlan:              "完成日期 %s 不在计划期 %s 至 %s 内（这条记录的日期也应在计划期内）",
	CodeDoneDateAfterRecord:              "完成日期 %s 晚于这条记录的日期 %s；还没完成的，先不填完成日期",
	CodeRecordHasNoDate:                  "这条记录没有日期（请在这里或文件开头填写日期）",
	CodeValueNegativeCountCumulative:     "累计完成不能是负数，这里填的是 %s",
	CodeNumeratorNegativeMore:            "分子不能是负数，这里填的是 %s",
	CodeDenominatorNotAboveSize:          "分母不能是 %s；请填总数（大于 0），如 45",
	CodeNumeratorAboveDenominatorShare:   "分子 %s 比分母 %s 还大；分子是已完成的部分，不能超过分母",
	CodeRecordTakesNoUnit:                "指标 %s 是%s指标，记录不填单位",
	CodeUnitNotSameKind:                  "单位“%s”和指标 %[3]s 的单位“%[2]s”不是同一类",
	CodeUnitTargetHasNo:                  "单位“%s”：指标 %s 没有单位，记录也不填单位",
	CodeUnitNotUnitConverts:              "单位“%[1]s”不能换算成指标 %[3]s 的单位“%[2]s”（请按%[4]s填写）",
	CodePercentageRatioRecordGives:       "%s填的 %s 是百分数；比率类指标请分别填写分子和分母，如分子 38、分母 45",
	CodePercentageButTargetMeasured:      "%[1]s填的 %[2]s 是百分数，但指标 %[3]s 的单位是%[4]s",
	CodePercentageButTargetCount:         "%[1]s填的 %[2]s 是百分数，但指标 %[3]s 是数量类指标（如果它其实是比例，请在计划中把单位写成“%%”）",
	CodeFractionForPercent:               "填的 %[1]s 会读作 %[2]s%%，离目标 %[3]s%% 很远；如果想填 %[4]s%%，请写 %[5]s%%（或把单元格设成百分比格式）",
	CodeCannotRead:                       "读不了：%s",
	CodeFileLargerLimitBytes:             "文件超过了 %s 字节的上限",
	CodeCountNeitherTargetFigure:         "%s 是数量类指标，但既没有目标值也没有分解；至少要有一个",
	CodeNeedsTargetFigure:                "%s 是%s指标，需要目标值",
	CodeTargetDiffersFromSum:             "%s：目标值 %s 与各县区分解之和 %s 不一致；以目标值为准",
	CodeRevisedTargetDiffersFromSum:      "%s：自 %s 起目标值 %s 与参与考核的各县区分解之和 %s 不一致；以目标值为准",
	CodeBaselineDiffersFromSum:           "%s：基数 %s 与各县区基数之和 %s 不一致；全市数按各县区相加，完成率从 %s 算起",
	CodeFigureNotAShare:                  "%s：%s %s 不是 0%% 到 100%% 之间的比例（请写成 85%%，或在计划中把单位写成“%%”）",
	CodeRevisedFigureNotAShare:           "%s：调整后的%s %s 不是 0%% 到 100%% 之间的比例",
	CodeAtmostAllocationNeedsBaseline:    "%[1]s 是越低越好（at_most）的指标，分解到 %[2]s 的任务要有基数；应写 %[3]s: {target: 目标值, baseline: 基数}",
	CodeAtmostButHasNo:                   "%s 是越低越好（at_most）的指标，但没有基数；请填 baseline（起始数）",
	CodeTargetEqualsBaseline:             "%s：目标值 %s 等于基数，无法计算完成率",
	CodeRevisedTargetEqualsBaseline:      "%s：自 %s 起目标值 %s 等于基数，无法计算完成率",
	CodeAllocationEqualsBaseline:         "%s：分解到 %s 的目标值 %s 等于基数，无法计算完成率",
	CodeRevisedAllocationEqualsBaseline:  "%s：自 %s 起分解到 %s 的目标值 %s 等于基数，无法计算完成率",
	CodeTargetBelowBaseline:              "%s 是越高越好（at_least）的指标，但目标值 %s 低于基数 %s：%s",
	CodeRevisedTargetBelowBaseline:       "%s 是越高越好（at_least）的指标，但自 %s 起目标值 %s 低于基数 %s：%s",
	CodeAllocationBelowBaseline:          "%s 是越高越好（at_least）的指标，但分解到 %s 的目标值 %s 低于基数 %s：%s",
	CodeRevisedAllocationBelowBaseline:   "%s 是越高越好（at_least）的指标，但自 %s 起分解到 %s 的目标值 %s 低于基数 %s：%s",
	CodeRevisedDeadlineBeforePoint:       "%s：调整后的完成期限 %s 早于指标自己进度安排中的时间点 %s",
	CodeNothingToAdd:                     "没有可添加的：没有任何记录",
	CodeEntriesStopped:                   "读取被中止（%s）：这一条和后面 %s 条没有读入",
	CodeEntriesStoppedSeq:                "读取被中止（%s）：这一条和后面的都没有读入",
	CodeDirectoryEmpty:                   "文件夹 %s 中没有进度文件（*.yaml 或 *.yml），什么也没有读入",
	CodeDocumentTooLarge:                 "从这里开始的内容有 %s 字节，超过每份 %s 字节的上限；请用 --- 行分成几份",
	CodeLockFileSkipped:                  "这是 Excel 或 WPS 打开工作簿时留下的锁定文件；已跳过",
	CodeResourceFileSkipped:              "这是 macOS 复制文件时留下的附属文件；已跳过",
	CodeCeilingTargetNegative:            "%s 是上限类指标（越低越好且没有基数），目标值 %s 小于 0；应填 0 或更大的数",
	CodeCeilingAllocationNegative:        "%s 是上限类指标（越低越好且没有基数），分解到 %s 的目标值 %s 小于 0；应填 0 或更大的数",
	CodeCeilingRevisedTargetNegative:     "%s 是上限类指标，自 %s 起目标值 %s 小于 0；应填 0 或更大的数",
	CodeCeilingRevisedAllocationNegative: "%s 是上限类指标，自 %s 起分解到 %s 的目标值 %s 小于 0；应填 0 或更大的数",
	CodeCeilingRevisedBaseline:           "%s 是上限类指标（计划中没有基数），调整时不能加基数；如要按从基数降低来算，请在计划中给指标和每个分解都写上基数",
	CodeRankByUnknownTarget:              "计划中没有指标“%s”%s",
	CodeRankByNoAllocations:              "指标 %s 没有分解到县区，不能按它给县区排名%s",
	CodeRankByNoPlan:                     "没有计划，无法给县区排名",
	CodeNoWorkbookReader:                 "这是工作簿（.xlsx），本程序读不了：程序需导入 _ \"%s\" 才能读 .xlsx 文件",
}

// zhPhrases are the English phrases the decoder passes as arguments, in
// Chinese.
var zhPhrases = map[string]string{
	"a list":                           "列表",
	"a mapping":                        "“名称: 值”的形式",
	"a single value":                   "单个值",
	"a scalar":                         "单个值",
	"a figure such as 12, 12.5 or 85%": "数字，如 12、12.5 或 85%",
	"a date such as 2025-06-30":        "日期，如 2025-06-30",
	"the plan":                         "计划",
	"a plan":                           "计划",
	"a progress document":              "进度文件",
	"a record":                         "记录",
	"a target":                         "指标",
	"a section":                        "板块",
	"a task":                           "任务",
	"period":                           "计划期",
	"a progress document with records": "进度记录",
	"the plan's schedule":              "计划的进度安排",
	"the period's end":                 "计划期末",
	"the deadline":                     "完成期限",
	"target figure":                    "目标值",
	"period start":                     "计划开始日期",
	"period end":                       "计划结束日期",
	"deadline":                         "完成期限",
	"district id":                      "县区编号",
	"department id":                    "部门编号",
	"target id":                        "目标编号",
	"section id":                       "板块编号",
	"district":                         "县区",
	"department":                       "部门",
	"section":                          "板块",
	"task":                             "指标",
	"revision reason":                  "调整依据",
	"revised allocation":               "调整后的分解",
	"exempt district":                  "免考核县区",
	"district ids":                     "县区编号",
	"district ids, or the word all":    "县区编号，或写 all（全部）",
	"count":                            "数量类",
	"ratio":                            "比率类",
	"level":                            "水平类",
	"milestone":                        "节点类",
	"numerator and denominator":        "分子和分母",
	"an anchor or alias":               "锚点或别名",
	"a text":                           "文字",
	"some text":                        "文字",
	"no record takes it":               "没有记录用到它",
	"the target's own schedule":        "指标自己的进度安排",
	"1 to 64 letters, digits, '-', '_' or '.', beginning with a letter or digit, such as tinghu, T1, A-01.2 or 亭湖": "1 到 64 个字母、数字或“-”“_”“.”，以字母或数字开头，如 tinghu、T1、A-01.2 或 亭湖",
}

// sheetHeaders are a workbook's column headers for the keys of a
// progress record, as the 填报 sheet heads its columns.
var sheetHeaders = map[string]string{
	"target": "目标编号", "district": "县区编号", "date": "日期", "value": "累计完成",
	"numerator": "分子", "denominator": "分母", "done": "完成日期", "unit": "单位",
	"note": "备注", "correction": "更正说明",
	"numerator and denominator": "分子和分母",
}

var (
	meantRe    = regexp.MustCompile(`^ \(did you mean "(.*)"\?\)$`)
	hasAt      = regexp.MustCompile(`^it has (.+) at character (\d+)$`)
	beginsWith = regexp.MustCompile(`^it begins with (.+)$`)
	notCounted = regexp.MustCompile(`^the (\d+) records? that takes? it (?:is|are) not counted$`)
	malformed  = regexp.MustCompile(`^("(?:[^"\\]|\\.)*") is not a (decimal figure|date|calendar date)\b`)
)

// zhArg renders one argument for a Chinese message: a phrase the
// decoder made, in Chinese, a key of a record in a workbook by its
// column's header, and anything else (an id, a figure, a date, a key of
// a YAML file) as written.
func zhArg(a string, sheet bool) string {
	if sheet {
		if h, ok := sheetHeaders[a]; ok {
			return h
		}
	}
	if z, ok := zhPhrases[a]; ok {
		return z
	}
	if m := meantRe.FindStringSubmatch(a); m != nil {
		return "（是不是“" + m[1] + "”？）"
	}
	if m := hasAt.FindStringSubmatch(a); m != nil {
		return "第 " + m[2] + " 个字符是 " + m[1]
	}
	if m := beginsWith.FindStringSubmatch(a); m != nil {
		return "开头是 " + m[1]
	}
	if m := notCounted.FindStringSubmatch(a); m != nil {
		return "用到它的 " + m[1] + " 条记录不计入"
	}
	if rest, ok := strings.CutPrefix(a, "a point of "); ok {
		return zhArg(rest, sheet) + "的一个节点"
	}
	if rest, ok := strings.CutPrefix(a, "a revision of target "); ok && rest != "" && !strings.Contains(rest, " ") {
		return "指标 " + rest + " 的调整"
	}
	for _, p := range [...]struct{ en, zh string }{{"target ", "指标 "}, {"allocation ", "分解到 "}, {"a revision of target ", "指标 "}} {
		if rest, ok := strings.CutPrefix(a, p.en); ok && rest != "" && !strings.Contains(rest, " ") {
			return p.zh + rest
		}
	}
	return a
}

// malformedZh renders a figure or a date that does not read as one:
// what (the key, or in a workbook the column) and the reader's English
// reason, from which it takes what was written.
func malformedZh(what, reason string) string {
	m := malformed.FindStringSubmatch(reason)
	if m == nil {
		return what + "填写有误：" + reason
	}
	written, err := strconv.Unquote(m[1])
	if err != nil {
		written = m[1]
	}
	if r, _ := utf8.DecodeLastRuneInString(what); r < utf8.RuneSelf {
		what += " " // a key as written, value: "value 应为数字"
	}
	switch m[2] {
	case "decimal figure":
		return what + "应为数字，这里填的是“" + written + "”"
	case "calendar date":
		return what + "“" + written + "”不是日历上的日子；请按 年-月-日 填写，如 2025-06-30"
	}
	return what + "应为日期，如 2025-06-30，这里填的是“" + written + "”"
}

// zhText renders problem p in Chinese, or returns false where there is
// no Chinese wording for its code.
func zhText(p Problem) (string, bool) {
	format, ok := zhCatalogue[p.Code]
	if !ok {
		if w, ok := catalogue[p.Code]; ok && w.zh != "" {
			format = w.zh
		} else {
			return "", false
		}
	}
	sheet := p.Sheet != ""
	if w := sheetWordings[p.Code]; sheet && w.zh != "" {
		format = w.zh
	}
	raw := p.Args()
	if p.Code == CodeMalformedValue && len(raw) == 2 {
		return oneLine(malformedZh(zhArg(raw[0], sheet), raw[1])), true
	}
	args := make([]any, len(raw))
	for i, a := range raw {
		if isReaderCode(p.Code) {
			args[i] = readers.ZhArg(a)
		} else {
			args[i] = zhArg(a, sheet && isSheetKeyArg(p.Code, i))
		}
	}
	return oneLine(fmt.Sprintf(format, args...)), true
}
