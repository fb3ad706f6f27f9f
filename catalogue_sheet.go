package renewal

import (
	"fmt"
	"slices"

	readers "github.com/citybureau/renewal/internal/source"
)

// A workbook speaks in its own columns. A problem about a cell of a
// workbook's sheet (Position.Sheet set) names the column's header
// (累计完成, 分子, 完成日期), never a key of a progress file, in English as
// in Chinese: its code is the same as in a YAML file, so that a program
// keying on codes tells them apart no differently, but its wording is
// the sheet's where sheetWordings has one, and the arguments that are
// keys of a record are shown as their columns' headers.

// The problems only a workbook raises.
const (
	// CodeRowHasNoDate: a row of a workbook gives no 日期 and the sheet
	// no 填报日期 (in a YAML file, CodeRecordHasNoDate).
	CodeRowHasNoDate Code = "row-has-no-date"
	// CodeOtherDistrictRow: a row of a workbook marked as one district's
	// (填报单位) is another district's.
	CodeOtherDistrictRow Code = "other-district-row"
)

// sheetCodes are the wordings of the problems only a workbook raises.
var sheetCodes = map[Code]wording{
	CodeRowHasNoDate: {
		en: "row %d has no date: fill in 填报日期 above the header, or this row's 日期, such as 2025-06-30",
		zh: "第 %s 行没有日期：请在表头上方填写填报日期，或填写这一行的日期，如 2025-06-30"},
	CodeOtherDistrictRow: {
		en: "县区编号 %s is not this workbook's district %s (its 填报单位); put the row in %s's own workbook",
		zh: "这一行的县区编号是 %[1]s，而本表的填报单位是 %[2]s；%[3]s 的数请填在 %[3]s 自己的填报表里"},
}

// sheetWordings are the wordings, in a workbook, of the problems whose
// wording in a YAML file names its keys or its layout. An empty text
// keeps the catalogue's.
var sheetWordings = map[Code]wording{
	CodeMalformedValue: {en: "column %s: %v"},
	CodeRecordHasNoTarget: {
		en: "目标编号 is empty; fill in the id of the row's target"},
	CodeRecordWrongField: {en: "target %s is a %s, whose rows take %s, not %s"},
	CodeRecordMissingField: {
		en: "column %s is empty (target %s is a %s, whose rows take %s)",
		zh: "%[1]s没有填（指标 %[2]s 是%[3]s指标，要填%[4]s）"},
	CodeRecordHasNoDistrict: {
		en: "县区编号 is empty, and target %s is split among districts; fill in the district's id",
		zh: "县区编号没有填，而指标 %s 是分解到各县区的；请填写县区编号"},
	CodeCityWideRecordWithDistrict: {
		en: "target %s has no allocations, so its rows are city-wide: leave 县区编号 empty",
		zh: "指标 %s 没有分解到县区，是全市指标，县区编号请留空"},
	CodeDefaultDistrictNotAllocated: {
		en: "this workbook's district %s (填报单位) has no allocation of target %s; delete the row",
		zh: "本表的填报单位 %s 没有分到指标 %s 的任务；请删去这一行"},
	CodeUnknownDefaultDistrict: {
		en: "填报单位 %q is neither the id nor the name of a district%s; %s",
		zh: "填报单位“%s”不是计划中县区的编号或名称%s；%s"},
	CodeDefaultDateOutsidePeriod: {
		en: "填报日期 %s is outside the plan period %s to %s; %s",
		zh: "填报日期 %s 不在计划期 %s 至 %s 内；%s"},
	CodeDateOutsidePeriod: {en: "日期 %s is outside the plan period %s to %s"},
	CodeUnknownDistrict: {
		en: "县区编号 %q is not a declared district%s",
		zh: "县区编号“%s”不是计划中的县区%s"},
	CodeUnknownTarget:        {en: "目标编号 %q is not a target of plan %s%s"},
	CodeDistrictNotAllocated: {en: "县区编号 %s has no allocation of target %s", zh: "县区编号 %s 没有分到指标 %s 的任务"},
	CodeDoneDateOutsidePlan: {
		en: "完成日期 %s is outside the plan period %s to %s",
		zh: "完成日期 %s 不在计划期 %s 至 %s 内"},
	CodeDoneDateAfterRecord: {
		en: "完成日期 %s is after the row's date %s (a row cannot report the future)",
		zh: "完成日期 %s 晚于这一行的日期 %s；还没完成的，先不填完成日期"},
	CodeValueNegativeCountCumulative: {en: "累计完成 %s is negative; a count is cumulative, 0 or more"},
	CodeNumeratorNegativeMore:        {en: "分子 %s is negative; want 0 or more"},
	CodeDenominatorNotAboveSize:      {en: "分母 %s is not above 0; want the size of the whole, such as 45"},
	CodeNumeratorAboveDenominatorShare: {
		en: "分子 %s is above its 分母 %s (a share cannot exceed the whole)"},
	CodeRecordTakesNoUnit: {
		en: "target %s is a %s, whose rows take no unit: leave 单位 empty",
		zh: "指标 %s 是%s指标，单位请留空"},
	CodeUnitNotSameKind:     {en: "单位 %s is not of the same kind as %s, the unit of target %s"},
	CodeUnitTargetHasNo:     {en: "单位 %s: target %s has no unit, so its rows take none"},
	CodeUnitNotUnitConverts: {en: "单位 %s is not a unit that converts to %s, the unit of target %s (write the figure in %s)"},
	CodePercentageRatioRecordGives: {
		en: "column %s holds %s, a percentage; a ratio's row gives the two counts, such as 分子 38 and 分母 45"},
	CodePercentageButTargetMeasured: {en: "column %s holds %s, a percentage, but target %s is measured in %s"},
	CodePercentageButTargetCount: {
		en: "column %s holds %s, a percentage, but target %s is a count, an additive quantity (give its unit \"%%\" in the plan if it is a share)"},
	CodeFractionForPercent: {
		en: "累计完成 %s reads as %s%%, far from the goal of %s%%; if %s%% was meant, type %s%% (or format the cell as a percentage)"},
	CodeConflictsRecordAddCorrection: {
		en: "conflicts with the record at %s for %s, %s, %s (%s there, %s here); write the reason in this row's 更正说明 to replace that one"},
	CodeDuplicateRecordSameTarget: {
		en: "the same as the record at %s (same target, district, date and figures); counted once",
		zh: "和 %s 的记录完全相同（指标、县区、日期、数字都一样），只算一次"},
}

// sheetKeyArgs are, by code, the arguments that are keys of a record,
// which a workbook's problem shows as its columns' headers.
var sheetKeyArgs = map[Code][]int{
	CodeMalformedValue:              {0},
	CodeRecordWrongField:            {2, 3},
	CodeRecordMissingField:          {0, 3},
	CodePercentageRatioRecordGives:  {0},
	CodePercentageButTargetMeasured: {0},
	CodePercentageButTargetCount:    {0},
	CodeValueTooLong:                {0},
	CodeBlankText:                   {0},
	CodeEmptyValue:                  {0},
	CodeBadText:                     {0},
}

// isSheetKeyArg reports whether argument i of a problem of code is a key
// of a record.
func isSheetKeyArg(code Code, i int) bool { return slices.Contains(sheetKeyArgs[code], i) }

// withSheetCodes adds the problems only a workbook raises to the
// catalogue c: the decoder's, and the workbook reader's own (a damaged
// file, a cell the reader cannot read), whose wording is the reader's,
// in internal/source, and whose codes are the reader's too.
func withSheetCodes(c map[Code]wording) map[Code]wording {
	for code, w := range sheetCodes {
		c[code] = w
	}
	for code, w := range readers.Words {
		c[Code(code)] = wording{en: w.En, zh: w.Zh}
	}
	return c
}

// isReaderCode reports whether code is one of the workbook reader's own,
// whose arguments are the reader's phrases (readers.ZhArg).
func isReaderCode(code Code) bool {
	_, ok := readers.Words[string(code)]
	return ok
}

// messageAt renders code's English message with args for a problem at
// pos: in a workbook's cell, in the sheet's words.
func messageAt(pos Position, code Code, args []any) string {
	if pos.Sheet == "" {
		return message(code, args)
	}
	format := catalogue[code].en
	if w := sheetWordings[code]; w.en != "" {
		format = w.en
	}
	if keys := sheetKeyArgs[code]; keys != nil {
		args = slices.Clone(args)
		for _, i := range keys {
			if i < len(args) {
				if s, ok := args[i].(string); ok {
					args[i] = enHeader(s)
				}
			}
		}
	}
	return fmt.Sprintf(format, args...)
}

// enHeader is a key of a record as a workbook's English problem names
// it: its column's header.
func enHeader(key string) string {
	if key == "numerator and denominator" {
		return "分子 and 分母"
	}
	if h, ok := sheetHeaders[key]; ok {
		return h
	}
	return key
}
