package xlsx_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal/internal/source"
	"github.com/citybureau/renewal/xlsx"
)

// header is the header row most cases use, in row 3 under a title and
// the 填报日期 row.
var header = []any{"目标编号", "县区编号", "目标名称", "累计完成", "分子", "分母", "完成日期", "日期", "单位", "备注", "更正说明"}

func filled(t *testing.T) *book {
	return newBook(t).row(1, "亭湖区城市更新进度填报表").row(2, "填报日期", "2025-06-30").row(3, header...)
}

func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		data  func(t *testing.T) []byte
		lim   source.Limits
		want  []string // flat records
		probs []string // rendered problems
	}{{
		name: "OK",
		data: func(t *testing.T) []byte {
			return filled(t).
				row(4, "neighbourhoods", "tinghu", "改造老旧小区", 14).
				row(5, "coverage", "tinghu", "物业覆盖率", nil, 38, 45).
				row(6, "group", "tinghu", "成立领导小组", nil, nil, nil, "2025-03-12").
				row(7, "land", nil, "低效用地", 18.5, nil, nil, nil, "2025-06-15", "亩", "含2处待公示", "更正5月误报").
				bytes()
		},
		want: []string{
			"B2 date=2025-06-30",
			"A4 target=neighbourhoods, B4 district=tinghu, D4 value=14",
			"A5 target=coverage, B5 district=tinghu, E5 numerator=38, F5 denominator=45",
			"A6 target=group, B6 district=tinghu, G6 done=2025-03-12",
			"A7 target=land, H7 date=2025-06-15, D7 value=18.5, I7 unit=亩, J7 note=含2处待公示, K7 correction=更正5月误报",
		},
	}, {
		name: "ColumnsInAnyOrderTrimmed",
		data: func(t *testing.T) []byte {
			return newBook(t).
				row(1, "说明", "累计完成\u3000", " 目标编号 ", "目标值", "县区编号").
				row(2, nil, "  7 ", "neighbourhoods\u3000", 14, " tinghu").
				bytes()
		},
		want: []string{"C2 target=neighbourhoods, E2 district=tinghu, B2 value=7"},
	}, {
		name: "UnfilledAndEmptyRowsSkipped",
		data: func(t *testing.T) []byte {
			return filled(t).
				row(4, "neighbourhoods", "tinghu", "改造老旧小区").
				row(5, "coverage", "tinghu", "物业覆盖率", "\u3000").
				row(7, "group", "tinghu", nil, 1).
				bytes()
		},
		want: []string{"B2 date=2025-06-30", "A7 target=group, B7 district=tinghu, D7 value=1"},
	}, {
		name: "NumbersAsStoredAndAsText",
		data: func(t *testing.T) []byte {
			return filled(t).
				row(4, "a", "tinghu", nil, 0.1+0.2). // stored 0.30000000000000004
				row(5, "b", "tinghu", nil, "1,200.5").
				row(6, "c", "tinghu", nil, 1.2e-5).
				row(7, "d", "tinghu", nil, 2.675). // stored 2.675: no float rounding on the way
				bytes()
		},
		want: []string{
			"B2 date=2025-06-30",
			"A4 target=a, B4 district=tinghu, D4 value=0.3",
			"A5 target=b, B5 district=tinghu, D5 value=1,200.5",
			"A6 target=c, B6 district=tinghu, D6 value=0.000012",
			"A7 target=d, B7 district=tinghu, D7 value=2.675",
		},
	}, {
		name: "PercentCells",
		data: func(t *testing.T) []byte {
			return filled(t).
				row(4, "coverage", nil, nil, 0.85).format("D4", 9).
				row(5, "growth", nil, nil, 0.0725).format("D5", "0.00%").
				row(6, "other", nil, nil, 0.5).format("D6", `0.0"%"`). // a quoted % is no percent format
				bytes()
		},
		want: []string{"B2 date=2025-06-30", "A4 target=coverage, D4 value=85%", "A5 target=growth, D5 value=7.25%", "A6 target=other, D6 value=0.5"},
	}, {
		name: "DateCells1900",
		data: func(t *testing.T) []byte {
			return newBook(t).row(1, "填报日期", 45838).format("B1", 14).
				row(2, "目标编号", "完成日期", "日期").
				row(3, "group", 45728.5, 45838.75).format("B3", "yyyy\"年\"m\"月\"d\"日\"").format("C3", 22).
				bytes()
		},
		// 45838 is 2025-06-30 and 45728 is 2025-03-12 in the 1900 system; times of day dropped.
		want: []string{"B1 date=2025-06-30", "A3 target=group, C3 date=2025-06-30, B3 done=2025-03-12"},
	}, {
		name: "DateCells1904",
		data: func(t *testing.T) []byte {
			b := newBook(t)
			yes := true
			assert.NoError(t, b.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
			// 44376 = 45838 − 1462: the same 2025-06-30 counted from 1904-01-01.
			return b.row(1, "目标编号", "日期", "累计完成").row(2, "a", 44376, 3).format("B2", "yyyy-mm-dd").bytes()
		},
		want: []string{"A2 target=a, B2 date=2025-06-30, C2 value=3"},
	}, {
		name: "IDsHoldingNumbers",
		data: func(t *testing.T) []byte {
			return newBook(t).row(1, "目标编号", "县区编号", "累计完成", "备注").row(2, 2025, 7, 3, 12.5).bytes()
		},
		want: []string{"A2 target=2025, B2 district=7, C2 value=3, D2 note=12.5"},
	}, {
		name: "FormulaWithStoredResult",
		data: func(t *testing.T) []byte {
			data := newBook(t).row(1, "目标编号", "累计完成").row(2, "a", 7).row(3, "b", "x").bytes()
			data = patch(t, data, inSheet(t, `<c r="B2"><v>7</v></c>`, `<c r="B2"><f>3+4</f><v>7</v></c>`))
			// A string formula whose result is empty is an empty cell: row 3 is unfilled.
			return patch(t, data, inSheet(t, `<c r="B3" t="s">`, `<c r="B3" t="str"><f>""</f><v></v></c><c r="Z3" t="s">`))
		},
		want: []string{"A2 target=a, B2 value=7"},
	}, {
		name: "InlineStringsAndEscapes",
		data: func(t *testing.T) []byte {
			data := newBook(t).row(1, "目标编号", "累计完成", "备注").row(2, "a", 1).bytes()
			return patch(t, data, inSheet(t, `<c r="B2"><v>1</v></c>`,
				`<c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><r><t>第一行_x000D_</t></r><r><t xml:space="preserve"> 二</t></r><rPh><t>ダイ</t></rPh></is></c>`))
		},
		want: []string{"A2 target=a, B2 value=1, C2 note=第一行\r 二"},
	}, {
		name: "CellErrors",
		data: func(t *testing.T) []byte {
			data := filled(t).
				row(4, "a", "tinghu", nil, true).
				row(5, "b", "tinghu", nil, 45838).format("D5", 14).
				row(6, "c", "tinghu", nil, nil, nil, nil, 45728).
				row(7, "d", "tinghu", nil, nil, nil, nil, nil, "2025/6/30").
				row(8, "e", "tinghu", nil, nil, nil, nil, "2025年3月12日").
				row(9, "f", "tinghu", nil, 1).
				row(10, "g", "tinghu", nil, 60).format("D10", 9).format("H10", 14).
				row(11, "h", "tinghu", nil, 5, nil, nil, nil, 60).format("H11", 14).
				bytes()
			data = patch(t, data, inSheet(t, `<c r="D9"><v>1</v></c>`, `<c r="D9" t="e"><f>VLOOKUP(A9,X:Y,2,0)</f><v>#N/A</v></c>`))
			return patch(t, data, inSheet(t, `<c r="D10" s="2"><v>60</v></c>`, `<c r="D10"><f>SUM(X1:X9)</f></c>`))
		},
		want: []string{"B2 date=2025-06-30"},
		probs: []string{
			"book.xlsx:填报!D4: 累计完成: the cell holds TRUE, a logical (true or false) cell; want a figure such as 12 or 12.5",
			"book.xlsx:填报!D5: 累计完成: the cell holds the date 2025-06-30; want a figure such as 12 or 12.5 (format the cell as a number)",
			"book.xlsx:填报!G6: 完成日期: the cell holds the number 45728, not a date; enter a date (a date cell, or the text 2025-06-30)",
			`book.xlsx:填报!H7: 日期: "2025/6/30" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`,
			`book.xlsx:填报!G8: 完成日期: "2025年3月12日" is not written YYYY-MM-DD; write 2025-03-12 (or enter it as a date cell)`,
			"book.xlsx:填报!D9: 累计完成: the cell holds the error #N/A; want a figure such as 12 or 12.5",
			"book.xlsx:填报!D10: 累计完成: the cell holds a formula with no stored result; open the workbook in Excel or WPS and save it, so the result is stored, or type a figure such as 12 or 12.5",
			"book.xlsx:填报!H11: 日期: the date cell holds the serial 60, which Excel shows as 1900-02-29, a day that did not exist",
		},
	}, {
		name: "DuplicateHeader",
		data: func(t *testing.T) []byte {
			return newBook(t).row(1, "目标编号", "累计完成", "累计完成 ").row(2, "a", 1, 2).bytes()
		},
		want:  []string{"A2 target=a, B2 value=1"},
		probs: []string{"book.xlsx:填报!C1: the header 累计完成 appears twice, at B1 and C1; keep one column of it"},
	}, {
		name: "NoHeader",
		data: func(t *testing.T) []byte {
			return newBook(t).row(1, "目标", "累计完成").row(2, "a", 1).bytes()
		},
		probs: []string{"book.xlsx: the sheet 填报 has no header row: no cell holds 目标编号 (the first row with a cell 目标编号 is the header; its columns are 目标编号 县区编号 日期 累计完成 分子 分母 完成日期 单位 备注 更正说明)"},
	}, {
		name: "NoSheet",
		data: func(t *testing.T) []byte {
			b := newBook(t)
			assert.NoError(t, b.f.SetSheetName(xlsx.Sheet, "Sheet1"))
			_, err := b.f.NewSheet("汇总")
			assert.NoError(t, err)
			return b.bytes()
		},
		probs: []string{"book.xlsx: the workbook has no sheet named 填报 (its sheets: Sheet1, 汇总); the records are read from the sheet 填报"},
	}, {
		name: "RowLimit",
		data: func(t *testing.T) []byte {
			return newBook(t).row(1, "目标编号", "累计完成").row(2, "a", 1).row(5, "b").row(6, "c", 2).bytes()
		},
		lim:   source.Limits{Rows: 5},
		probs: []string{"book.xlsx: the sheet 填报 holds more than 5 rows (row 6 has a value); the limit is 5 rows"},
	}, {
		name:  "FileLimit",
		data:  func(t *testing.T) []byte { return filled(t).bytes() },
		lim:   source.Limits{FileBytes: 1000},
		probs: []string{"book.xlsx: the file is 6"}, // its size varies with excelize's version; checked by prefix below

	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, probs := read(tc.data(t), tc.lim)
			got := render("book.xlsx", probs)
			if tc.name == "FileLimit" {
				if assert.Len(t, got, 1) {
					assert.Regexp(t, `^book\.xlsx: the file is \d+ bytes, more than the limit of 1000$`, got[0])
				}
				return
			}
			assert.Equal(t, tc.probs, got)
			assert.Equal(t, tc.want, flat(docs))
		})
	}
}
