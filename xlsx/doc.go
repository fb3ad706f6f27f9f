// Package xlsx reads and writes the spreadsheets of the bureau's monthly
// loop: it reads the records of a filled-in 填报 sheet, writes
// the templates the districts fill in, and writes the report as a
// workbook for Excel and WPS.
//
// # Reading
//
// Importing the package registers its reader for ".xlsx" with the
// loader, as a database/sql driver registers itself, so that a program
// that wants workbooks read from its -progress paths imports it for its
// side effect:
//
//	import _ "github.com/citybureau/renewal/xlsx"
//
// A caller who only reads YAML does not compile excelize, and a workbook
// met with no reader registered is a problem, never skipped.
//
// Records are read from the sheet named 填报. Its header is the first row
// with a cell 目标编号; rows above it are titles, except that a cell
// 填报日期 there (a colon after it allowed), followed in the next cell to
// its right by a date, gives the default date of the records. Columns
// are found by header text, in any order, and any other column is
// ignored:
//
//	亭湖区城市更新进度填报表
//	填报日期   2025-06-30  填报单位  tinghu
//	目标编号                 县区编号  目标名称      累计完成  分子  分母  完成日期    日期  单位  备注  更正说明
//	neighbourhoods-renovated tinghu    改造老旧小区  14
//	property-coverage        tinghu    物业覆盖率          38    45
//	district-leading-group   tinghu    成立领导小组                    2025-03-12
//
// A cell 填报单位 there, followed by a district's id or name (templates
// write the id), marks the workbook as that district's: a row whose
// 县区编号 names another district is an error at that cell and is not
// read, and a row with an empty 县区编号 is the district's, for targets
// split among districts, as a progress file's district: is. The city's
// own words (市本级, 全市, 市级, 本级, 市直), which the city's template
// writes, mark nothing, and so does an empty cell; any other text is a
// district the plan does not declare, an error at its cell with a guess
// at the id or name meant, and the rows that would take it are not
// counted. A workbook without the cell is read as one with no mark.
//
// A problem about one field names that field's own cell and its column's
// header (累计完成, 分子, 完成日期), in English as in Chinese, never a key
// of a progress file; one about a missing field names the field's empty
// cell in the row (a missing 分母, its 分母 cell). A row with no date
// names its empty 日期 cell, else, when the sheet has no 日期 column, the
// empty date cell right of 填报日期, else its 目标编号 cell.
//
// Headers and cells are trimmed of white space, the ideographic space
// U+3000 included. A row with nothing but 目标编号 and 县区编号 (an
// unfilled template line) is skipped, and so is an empty row. Each
// record becomes a record mapping, as a progress file's, whose nodes sit
// at their cells (line = row, column = column), and the root package's
// decoder applies every rule of a progress file to it as to a YAML file;
// a position prints as file.xlsx:填报!D7.
//
// A cell is read so:
//
//   - a number cell from the decimal text stored in the file, rounded
//     half to even to 15 significant digits (what Excel shows), so that
//     a stored 0.30000000000000004 reads 0.3 and 1.2E-5 reads 0.000012;
//     never through float64. With a percent number format (built-in 9
//     or 10, or a code with % outside quotes) it is a percentage: a
//     stored 0.85 reads "85%";
//   - a date cell, a number with a date format (the built-in date and
//     time formats 14–22, 27–36, 45–47 and 50–58, or a code with y, m or
//     d outside quotes, brackets and escapes), is the day it shows in the
//     workbook's 1900 or 1904 system, with the time of day (rounded to
//     the millisecond, as Excel does) dropped. The 1900 system's serial
//     60 is Excel's 1900-02-29, a day that did not exist, and is an
//     error; so are serial 0 (1900-01-00) and negative serials. A cell of
//     type d (an ISO 8601 date as text) is a date cell too;
//   - text in 日期 or 完成日期 must be YYYY-MM-DD. A calendar day typed
//     another way (2025/6/30, 2025.6.30, 2025-6-30, 2025年6月30日) is an
//     error here, with a message that shows the form wanted (2025-06-30);
//     any other text passes through to the decoder, which names it a
//     malformed date;
//   - a formula by its stored result; a formula with no stored result
//     (as a library that cannot calculate writes it) is an error, one
//     whose stored result is the empty string is an empty cell;
//   - shared and inline strings alike, with OOXML's _xHHHH_ escapes
//     decoded and phonetic runs left out;
//   - a number in 日期 or 完成日期, a date in 累计完成, 分子 or 分母, a
//     truth value (TRUE) and an error value (#N/A) are errors. A number
//     in 目标编号, 县区编号 or another text column is the text it
//     shows, as above.
//
// A row whose cells have such an error is reported cell by cell and left
// out of the records until it is fixed, so that one fault is not also
// reported as a missing field.
//
// The workbook is an error, at no cell, when it is empty, not a zip
// archive (text, HTML, PDF), an Excel 97-2003 .xls, a password-protected
// (encrypted) workbook, an .xlsb or .ods file, a damaged or cut-off zip
// archive, or has no sheet 填报, no header row, or a field header twice.
// It is one too when a part's XML is cut off inside a whole zip archive
// (as a file cut in the sending and zipped again is): it ends inside a
// tag, with an element open, or before its first. A 填报 sheet cut off
// is named with where its XML ends and its last whole row,
//
//	the sheet 填报 is cut off: its XML ends inside row 5, before its closing tags, so rows may be missing (its last whole row is row 4); …
//
// and no record of the file is read, never the rows before the cut.
//
// # Warnings
//
// What the reader sees and does not read is a warning, so that nothing
// typed is dropped without a word:
//
//   - on a record row (one with anything in a field column, the ids
//     included), a figure in a column with nothing in the header row:
//     a number cell, or text that reads as a figure (12, 1,200.5, 85%).
//     The warning names the cell. Text there (a clerk's aside) is left
//     alone, and so is a figure in a column whose header is not a field
//     header (目标名称, 上期累计: the template's columns for the clerk to
//     read), or on a row with no field cell (a side note under the table);
//   - a sheet other than 填报 that holds a figure, a number cell with a
//     value not formatted as a date, such as a copy 填报 (2) filled in
//     by mistake. The warning names the sheet and its first figure's
//     cell; a sheet of text and dates (说明) gets none. The other sheets
//     are read up to their first figure, all together held to the 填报
//     sheet's bounds below; a sheet past them, or one that cannot be
//     read, gets a warning that it was not looked through;
//   - with the plan, the loader warns of a plain number below 1 in the
//     累计完成 of a target in %, which reads as that many percent (0.09 is
//     0.09%), when it may be a fraction typed for a percentage: when read
//     as a fraction (× 100 %) it would be near the record's goal in
//     force, from a tenth of the goal to twice it, and read as written it
//     would not. So 0.09 against a goal of 8% (9% is between 0.8% and
//     16%) warns "if 9% was meant, type 9%", and a genuine 0.5 against a
//     goal of 1% (50% is past 2%) does not. The two readings differ a
//     hundredfold and the span is twentyfold, so at most one is near. A
//     percent cell (0.09 shown as 9%) is 9% and never warned of; a YAML
//     file's figure is text typed as meant, and not warned of either.
//
// A warning leaves the record as it reads.
//
// # Limits
//
// A hostile workbook is refused with a problem, never by a crash, a hang
// or unbounded memory. A problem quotes a stored value (a cell's text, a
// sheet's or a part's name) cut to its first 40 bytes and its length, as
// the YAML reader's problems do: "111…(131000 bytes)". The file is held to Limits.FileBytes (64 MiB by
// default, as a YAML file), read by the loader; the archive to 10,000
// entries, counted before archive/zip builds its directory; each part to
// what it expands to as it is inflated, so a zip bomb costs the bound in
// time and nothing in memory: the 填报 sheet 64 MiB, the shared strings
// 32 MiB, the styles 8 MiB, the workbook and relationship parts 4 MiB
// (each further held to Limits.FileBytes). One tag, or the text between
// two tags, is held to 1 MiB, and a cell to Excel's 32,767 characters.
// The sheet may hold DefaultRows (10,000) rows with values, or
// Limits.Rows; a value in a later row is an error, and reading stops
// there, so a sheet of a million rows costs the first 10,000. Empty rows
// do not count, but no row may come after Excel's last, 1,048,576. Since
// encoding/xml takes some 400 ns a token (a start, an end, a text), the
// sheet is also held to 300 tokens a row of the limit (3 million), the
// shared strings to a million strings and the other parts to a million
// tokens each: a part of tiny elements is refused in about a second,
// where its bytes alone would allow tens. A sheet at the row limit with
// every field filled in reads in 0.3 s of CPU, the process peaking at
// 65 MB; one padded to the token limit is refused in 0.4 s at 21 MB.
//
// A shared string is decoded once and held once, however many cells
// refer to it: each cell's text is the same string. What the cells
// expand to is bounded too: the text of the 填报 sheet's cells, a shared
// string counted at each cell that refers to it, is held to 64 MiB, and
// a sheet past it is refused at the cell where it passes, so that a
// workbook of a few kilobytes whose 16,384 cells all refer to one
// 32,767-character string (537 MB of text) is refused after 2,048 of
// them, having allocated about a megabyte.
//
// The sheet is read by its own stream of XML tokens (archive/zip and
// encoding/xml), not through excelize. excelize's Rows iterator streams
// only the formatted strings of cells, while the type, style and formula
// of a cell, which tell a date from a number, a percentage from a
// figure and a stored result from none, come from calls that decode the
// whole sheet into memory; its formatting also rounds a number to what
// the column's width shows. Reading the parts directly keeps memory to
// the shared strings and the records, and reads each number from its
// stored text.
//
// # Templates and the report
//
// WriteTemplates writes one workbook to fill in per district and one for
// the city-level records, and replaces none already there (a workbook
// there may be filled in): ReplaceTemplates does. WriteReport writes a
// report as a workbook.
// Both are written with excelize.
//
// A template's sheet is protected, with no password (Review > Unprotect
// Sheet lifts it), so that a clerk cannot change by mistake what the
// bureau wrote: the ids, the names, deadlines and goals, and the last
// reported figure (上期累计). Open are the 填报日期 value, the input
// cells of each goal's kind (the others are grey), and every field cell
// of ten spare rows under the goals, for a correction or a figure of a
// second date, whose ids the clerk types. Rows may be inserted: one
// inserted among the spare rows is open as they are (one inserted among
// the goals copies their locked ids, so the hint on the sheet points to
// the spare rows).
package xlsx
