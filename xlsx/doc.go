// Package xlsx reads and writes the spreadsheets of the bureau's monthly
// loop (SPEC §7): it reads the records of a filled-in 填报 sheet, writes
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
//	填报日期   2025-06-30
//	目标编号                 县区编号  目标名称      累计完成  分子  分母  完成日期    日期  单位  备注  更正说明
//	neighbourhoods-renovated tinghu    改造老旧小区  14
//	property-coverage        tinghu    物业覆盖率          38    45
//	district-leading-group   tinghu    成立领导小组                    2025-03-12
//
// Headers and cells are trimmed of white space, the ideographic space
// U+3000 included. A row with nothing but 目标编号 and 县区编号 (an
// unfilled template line) is skipped, and so is an empty row. Each
// record becomes a mapping of SPEC §3 whose nodes sit at their cells
// (line = row, column = column), and the root package's decoder applies
// every rule of §3 to it as to a YAML file; a position prints as
// file.xlsx:填报!D7.
//
// A cell is read as SPEC §7 says:
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
//
// # Limits
//
// A hostile workbook is refused with a problem, never by a crash, a hang
// or unbounded memory. The file is held to Limits.FileBytes (64 MiB by
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
// the city-level records; WriteReport writes a report as a workbook.
// Both are written with excelize.
package xlsx
