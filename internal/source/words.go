package source

import (
	"fmt"
	"regexp"
)

// Wording is a reader's problem in English and in Chinese: formats whose
// verbs take the problem's Args, each as text (%s).
type Wording struct{ En, Zh string }

// The codes of the workbook reader's own problems. The root package's
// catalogue holds them with its own codes (their wording is here, the
// one place, so that the reader renders Message in English without the
// root package).
const (
	WorkbookDamaged    = "workbook-damaged"
	WorkbookTooLarge   = "workbook-too-large"
	WorkbookEmpty      = "workbook-empty"
	WorkbookEncrypted  = "workbook-encrypted"
	WorkbookXLS        = "workbook-xls"
	WorkbookNotXLSX    = "workbook-not-xlsx"
	WorkbookZipDamaged = "workbook-zip-damaged"
	WorkbookXLSB       = "workbook-xlsb"
	WorkbookODS        = "workbook-ods"
	WorkbookDOCX       = "workbook-docx"
	WorkbookNoPart     = "workbook-no-workbook-part"
	WorkbookNoSheet    = "workbook-no-sheet"
	SheetCutOff        = "sheet-cut-off"
	SheetTooManyRows   = "sheet-too-many-rows"
	SheetTextCap       = "sheet-text-cap"
	SheetStringsCap    = "sheet-shared-strings-cap"
	SheetNoHeader      = "sheet-no-header"
	SheetHeaderTwice   = "sheet-header-twice"
	SheetLabelTwice    = "sheet-label-twice"
	SheetUnheaded      = "sheet-figure-unheaded"
	OtherSheetFigures  = "other-sheet-figures"
	OtherSheetsSkipped = "other-sheets-not-looked-through"
	OtherSheetUnread   = "other-sheet-unreadable"
	CellTruthValue     = "cell-truth-value"
	CellErrorValue     = "cell-error-value"
	CellNoResult       = "cell-formula-no-result"
	CellDateForFigure  = "cell-date-for-figure"
	CellNumberForDate  = "cell-number-for-date"
	CellNotCalendarDay = "cell-not-calendar-day"
	CellDateForm       = "cell-date-form"
	CellUnreadable     = "cell-unreadable"
)

// Words are the wordings of the reader's problems, by code.
var Words = map[string]Wording{
	WorkbookDamaged: {En: "%s",
		Zh: "工作簿文件已损坏，读不出来（%s）；请在 Excel 或 WPS 中重新保存，或重新发送"},
	WorkbookTooLarge: {En: "the file is %s bytes, more than the limit of %s",
		Zh: "文件有 %s 字节，超过了 %s 字节的上限"},
	WorkbookEmpty: {En: "the file is empty; want an xlsx workbook",
		Zh: "文件是空的；应是 xlsx 工作簿"},
	WorkbookEncrypted: {En: "the workbook is protected with a password (an encrypted file); save a copy without the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and read that",
		Zh: "工作簿设了打开密码（已加密），读不了；请另存一份不带密码的（Excel：文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码），再读那一份"},
	WorkbookXLS: {En: "the file is an Excel 97-2003 workbook (.xls) or another OLE file, not an xlsx workbook; save it as Excel Workbook (*.xlsx)",
		Zh: "这是 Excel 97-2003 工作簿（.xls）或别的 OLE 文件，不是 xlsx 工作簿；请另存为“Excel 工作簿（*.xlsx）”"},
	WorkbookNotXLSX: {En: "the file is not an xlsx workbook (%s); want an Excel workbook saved as *.xlsx",
		Zh: "这个文件不是 xlsx 工作簿（%s）；请在 Excel 或 WPS 中另存为 *.xlsx"},
	WorkbookZipDamaged: {En: "the file is not a valid xlsx workbook: the zip archive is damaged or cut off (%s); save the workbook again, or send it again",
		Zh: "文件不是完整的 xlsx 工作簿：压缩包已损坏或不完整（%s）；请重新保存工作簿，或重新发送"},
	WorkbookXLSB: {En: "the file is an Excel binary workbook (.xlsb), not an xlsx workbook; save it as Excel Workbook (*.xlsx)",
		Zh: "这是 Excel 二进制工作簿（.xlsb），不是 xlsx 工作簿；请另存为“Excel 工作簿（*.xlsx）”"},
	WorkbookODS: {En: "the file is an OpenDocument spreadsheet (.ods), not an xlsx workbook; save it as Excel Workbook (*.xlsx)",
		Zh: "这是 OpenDocument 表格（.ods），不是 xlsx 工作簿；请另存为“Excel 工作簿（*.xlsx）”"},
	WorkbookDOCX: {En: "the file is a Word document (.docx), not an xlsx workbook",
		Zh: "这是 Word 文档（.docx），不是 xlsx 工作簿"},
	WorkbookNoPart: {En: "the file is a zip archive but not an xlsx workbook (it has no workbook part); want an Excel workbook saved as *.xlsx",
		Zh: "这是一个压缩包，但不是 xlsx 工作簿（里面没有工作簿）；请在 Excel 或 WPS 中另存为 *.xlsx"},
	WorkbookNoSheet: {En: "the workbook has no sheet named 填报 (its sheets: %s); the records are read from the sheet 填报",
		Zh: "工作簿里没有名为“填报”的工作表（现有的表：%s）；数据只从“填报”表读取"},
	SheetCutOff: {En: "the sheet 填报 is cut off: its XML ends %s, before its closing tags, so rows may be missing (its last whole row is %s); no record of the file is read: save the workbook again, or send it again",
		Zh: "“填报”表不完整：文件在%s截断了，可能缺了行（最后一个完整的行是%s）；这个文件的数据一条也没有读入，请重新保存工作簿，或重新发送"},
	SheetTooManyRows: {En: "the sheet 填报 holds more than %s rows (row %s has a value); the limit is %s rows",
		Zh: "“填报”表超过了 %s 行（第 %s 行有内容）；最多 %s 行"},
	SheetTextCap: {En: "the cells of the sheet 填报 hold more than %s bytes of text (64 MiB, a shared string counted at each cell that refers to it), the limit; reading stopped at %s",
		Zh: "“填报”表的文字超过了 %s 字节（64 MiB）的上限；读到 %s 停止了"},
	SheetStringsCap: {En: "the workbook holds more than %s shared strings, the limit",
		Zh: "工作簿中的文字条目超过了 %s 条的上限"},
	SheetNoHeader: {En: "the sheet 填报 has no header row: no cell holds 目标编号 (the first row with a cell 目标编号 is the header; its columns are %s)",
		Zh: "“填报”表没有表头：没有哪个单元格写着“目标编号”（第一个有“目标编号”的行就是表头，各列是 %s）"},
	SheetHeaderTwice: {En: "the header %s appears twice, at %s and %s; keep one column of it",
		Zh: "表头“%s”出现了两次，在 %s 和 %s；请只保留一列"},
	SheetLabelTwice: {En: "a second %s cell; the first is %s",
		Zh: "第二个“%s”格；第一个在 %s，请只保留一个"},
	SheetUnheaded: {En: "the figure %s is in a column with no header (%s is empty), so it is not read; move it to the column it belongs to, such as 累计完成, or give the column its header",
		Zh: "数字 %s 所在的列没有表头（%s 是空的），没有读入；请把它移到该填的列（如累计完成），或给这一列加上表头"},
	OtherSheetFigures: {En: "the sheet %s holds figures (the first at %s), which are not read: records are read from the sheet 填报 only; copy the rows into 填报, or delete the sheet",
		Zh: "工作表 %s 里有数字（第一个在 %s），没有读入：数据只从“填报”表读取；请把这些行复制到“填报”表，或删去这张表"},
	OtherSheetsSkipped: {En: "the sheet %s and those after it were not looked through for figures: the sheets other than 填报 together pass the limit of %s bytes of XML or %s XML elements and texts",
		Zh: "工作表 %s 及其后的表没有检查是否填了数字：“填报”以外的表加起来超过了上限（%s 字节或 %s 个 XML 元素）"},
	OtherSheetUnread: {En: "the sheet %s could not be looked through for figures: %s",
		Zh: "工作表 %s 读不了，没有检查是否填了数字：%s"},
	CellTruthValue: {En: "%s: the cell holds %s, a logical (true or false) cell; want %s",
		Zh: "%s填的是真假值 %s；应填%s"},
	CellErrorValue: {En: "%s: the cell holds the error %s; want %s",
		Zh: "%s是错误值 %s；应填%s"},
	CellNoResult: {En: "%s: the cell holds a formula with no stored result; open the workbook in Excel or WPS and save it, so the result is stored, or type %s",
		Zh: "%s是公式，但没有保存计算结果；请在 Excel 或 WPS 中打开工作簿再保存一次，或直接填%s"},
	CellDateForFigure: {En: "%s: the cell holds the date %s; want a figure such as 12 or 12.5 (format the cell as a number)",
		Zh: "%s填的是日期 %s；应填数字，如 12 或 12.5（请把单元格格式设为数值）"},
	CellNumberForDate: {En: "%s: the cell holds the number %s, not a date; enter a date (a date cell, or the text 2025-06-30)",
		Zh: "%s填的是数字 %s，不是日期；请填日期（日期格式的单元格，或文字 2025-06-30）"},
	CellNotCalendarDay: {En: "%s: %q is not a calendar day; want a date written YYYY-MM-DD, such as 2025-06-30",
		Zh: "%s“%s”不是日历上的日子；请按 年-月-日 填写，如 2025-06-30"},
	CellDateForm: {En: "%s: %q is not written YYYY-MM-DD; write %s (or enter it as a date cell)",
		Zh: "%s“%s”的写法不对；请写成 %s（或用日期格式的单元格）"},
	CellUnreadable: {En: "%s: %s",
		Zh: "%s这一格读不了：%s"},
}

// English renders the problem of code with args in English.
func English(code string, args []string) string {
	return render(Words[code].En, args)
}

func render(format string, args []string) string {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
	}
	return fmt.Sprintf(format, as...)
}

// ZhArg renders an argument of a reader's problem for its Chinese
// wording: the reader's English phrases in Chinese, anything else (a
// cell, a figure, a sheet's name) as written.
func ZhArg(a string) string {
	if z, ok := zhPhrases[a]; ok {
		return z
	}
	if m := rowPhrase.FindStringSubmatch(a); m != nil {
		return fmt.Sprintf(zhRowPhrases[m[1]], m[2])
	}
	return a
}

var rowPhrase = regexp.MustCompile(`^(inside row|after row|row) (\d+)$`)

var zhRowPhrases = map[string]string{"inside row": "第 %s 行中间", "after row": "第 %s 行之后", "row": "第 %s 行"}

var zhPhrases = map[string]string{
	"before its first row":        "第一行之前",
	"after its rows":              "所有行之后",
	"none":                        "无",
	"a date such as 2025-06-30":   "日期，如 2025-06-30",
	"a figure such as 12 or 12.5": "数字，如 12 或 12.5",
	"some text":                   "文字",
	"it is HTML or XML text, as some systems export under an .xlsx name": "它是 HTML 或 XML 文本，有些系统导出时会用 .xlsx 的名字",
	"it is a PDF document":                  "它是 PDF 文档",
	"it is plain text, such as CSV or YAML": "它是纯文本，如 CSV 或 YAML",
	"it is not a zip archive":               "它不是压缩包",
}
