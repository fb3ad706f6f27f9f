package circular

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
	"text/template"
	"time"
)

// The page, in twips (1/1440 inch, 1 mm = 1440/25.4 ≈ 56.69 twips), each
// rounded to the nearest twip.
const (
	pageWidth    = 11906 // A4: 210 mm = 11905.5
	pageHeight   = 16838 // 297 mm = 16837.8
	marginTop    = 2098  // 37 mm = 2097.6
	marginBottom = 1984  // 35 mm = 1984.3
	marginLeft   = 1587  // 28 mm = 1587.4
	marginRight  = 1474  // 26 mm = 1474.0
	// footerDistance puts the page number's line about 7 mm below the
	// text area, as GB/T 9704 places it: the footer's bottom is 23 mm
	// (1303.9) above the page's edge, and a 四号 line is some 5 mm tall.
	footerDistance = 1304
	headerDistance = 851 // 15 mm: no header is used
	// textWidth is the width of the text area: 210 − 28 − 26 = 156 mm.
	textWidth = pageWidth - marginLeft - marginRight
	// linePitch is the body's line: 22 lines in the 225 mm text area
	// (GB/T 9704's 22 lines a page), 225 / 22 mm = 579.8 twips, rounded
	// down so that the 22nd line fits.
	linePitch = 579
	// titlePitch is the title's line: exactly 35 pt, off the grid, so
	// that a title of two lines reads as one block.
	titlePitch = 700
	// indent2 is the first-line indent of two 三号 characters (2 × 16 pt).
	indent2 = 640
	// pageIndent keeps the page number one 四号 character (14 pt) from
	// the text area's edge.
	pageIndent = 280
)

var funcs = template.FuncMap{
	"x":        esc,
	"cell":     func(s string, small bool) run { return run{Face: cellFace(faceCell, small), Text: s} },
	"headCell": func(s string, small bool) run { return run{Face: cellFace(faceHeadCell, small), Text: s} },
}

// cellFace is f, in 小五 for a small table.
func cellFace(f face, small bool) face {
	if small {
		f.Half = sizeXiaoWu
	}
	return f
}

// esc escapes text for an XML text node or attribute value: clean, then
// encoding/xml's EscapeText.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(clean(s)))
	return b.String()
}

// The templates. Every run carries its fonts for all scripts (w:eastAsia
// among them), so that a style a program does not read cannot leave
// Chinese in a Latin font.
const runTmpl = `{{define "rpr"}}<w:rPr><w:rFonts w:ascii="{{x .Face.Font}}" w:hAnsi="{{x .Face.Font}}" w:eastAsia="{{x .Face.Font}}" w:cs="{{x .Face.Font}}" w:hint="eastAsia"/>{{if .Face.Bold}}<w:b/><w:bCs/>{{end}}{{if .Color}}<w:color w:val="{{.Color}}"/>{{end}}<w:sz w:val="{{.Face.Half}}"/><w:szCs w:val="{{.Face.Half}}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>{{end}}` +
	`{{define "run"}}<w:r>{{template "rpr" .}}{{if .Break}}<w:br/>{{end}}<w:t xml:space="preserve">{{x .Text}}</w:t></w:r>{{end}}` +
	`{{define "para"}}<w:p><w:pPr><w:pStyle w:val="{{.Style}}"/>{{if .Keep}}<w:keepNext/>{{end}}{{if .PageBreak}}<w:pageBreakBefore/>{{end}}{{if .Rule}}<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/></w:pBdr>{{end}}{{if or .Hanging .Left}}<w:ind w:left="{{.Left}}" w:hanging="{{.Hanging}}" w:firstLine="0"/>{{end}}{{if .Align}}<w:jc w:val="{{.Align}}"/>{{end}}</w:pPr>{{range .Runs}}{{template "run" .}}{{end}}</w:p>{{end}}`

var documentTmpl = template.Must(template.New("document").Funcs(funcs).Parse(runTmpl + `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
{{range .Blocks}}{{if .P}}{{template "para" .P}}
{{else}}{{$t := .T}}<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="{{$.TextWidth}}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="45" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{{range $t.Widths}}<w:gridCol w:w="{{.}}"/>{{end}}</w:tblGrid>
<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{{range $i, $h := $t.Head}}<w:tc><w:tcPr><w:tcW w:w="{{index $t.Widths $i}}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/><w:jc w:val="center"/></w:pPr>{{template "run" (headCell $h $t.Small)}}</w:p></w:tc>{{end}}</w:tr>
{{range $t.Rows}}<w:tr><w:trPr><w:cantSplit/></w:trPr>{{range $i, $c := .}}<w:tc><w:tcPr><w:tcW w:w="{{index $t.Widths $i}}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/><w:jc w:val="{{if index $t.Right $i}}right{{else}}left{{end}}"/></w:pPr>{{template "run" (cell $c $t.Small)}}</w:p></w:tc>{{end}}</w:tr>
{{end}}</w:tbl>
{{end}}{{end}}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="{{.PageWidth}}" w:h="{{.PageHeight}}"/><w:pgMar w:top="{{.Top}}" w:right="{{.Right}}" w:bottom="{{.Bottom}}" w:left="{{.Left}}" w:header="{{.Header}}" w:footer="{{.Footer}}" w:gutter="0"/><w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{{.LinePitch}}"/></w:sectPr></w:body></w:document>
`))

// footerTmpl is a page-number footer: "— 1 —" in 宋体 四号, the number a
// PAGE field, aligned right (odd pages) or left (even pages) and kept one
// character from the edge.
var footerTmpl = template.Must(template.New("footer").Funcs(funcs).Parse(runTmpl + `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="{{.Align}}"/>{{if eq .Align "right"}}<w:ind w:right="{{.Indent}}"/>{{else}}<w:ind w:left="{{.Indent}}"/>{{end}}</w:pPr>` +
	`{{template "run" .Dash1}}` +
	`<w:r>{{template "rpr" .Dash1}}<w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r>{{template "rpr" .Dash1}}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r>{{template "rpr" .Dash1}}<w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r>{{template "rpr" .Dash1}}<w:t>1</w:t></w:r>` +
	`<w:r>{{template "rpr" .Dash1}}<w:fldChar w:fldCharType="end"/></w:r>` +
	`{{template "run" .Dash2}}</w:p></w:ftr>
`))

var stylesTmpl = template.Must(template.New("styles").Funcs(funcs).Parse(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{{.Body}}" w:hAnsi="{{.Body}}" w:eastAsia="{{.Body}}" w:cs="{{.Body}}"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{{.Line}}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text Indent 2"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLine="{{.Indent}}"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Body}}" w:hAnsi="{{.Body}}" w:eastAsia="{{.Body}}" w:cs="{{.Body}}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Flush"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:rFonts w:ascii="{{.Body}}" w:hAnsi="{{.Body}}" w:eastAsia="{{.Body}}" w:cs="{{.Body}}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Flush"/><w:qFormat/><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:line="{{.TitleLine}}" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Title}}" w:hAnsi="{{.Title}}" w:eastAsia="{{.Title}}" w:cs="{{.Title}}"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Body"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLine="{{.Indent}}"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Hei}}" w:hAnsi="{{.Hei}}" w:eastAsia="{{.Hei}}" w:cs="{{.Hei}}"/><w:b w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Body"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLine="{{.Indent}}"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Kai}}" w:hAnsi="{{.Kai}}" w:eastAsia="{{.Kai}}" w:cs="{{.Kai}}"/><w:b w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="AttachmentTag"><w:name w:val="Attachment Tag"/><w:basedOn w:val="Normal"/><w:next w:val="Title"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="left"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Hei}}" w:hAnsi="{{.Hei}}" w:eastAsia="{{.Hei}}" w:cs="{{.Hei}}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Letterhead"><w:name w:val="Letterhead"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Title}}" w:hAnsi="{{.Title}}" w:eastAsia="{{.Title}}" w:cs="{{.Title}}"/><w:color w:val="FF0000"/><w:sz w:val="72"/><w:szCs w:val="72"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:right="{{.Indent4}}"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="Table Cell"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Body}}" w:hAnsi="{{.Body}}" w:eastAsia="{{.Body}}" w:cs="{{.Body}}"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.Song}}" w:hAnsi="{{.Song}}" w:eastAsia="{{.Song}}" w:cs="{{.Song}}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/></w:style>
</w:styles>
`))

var fontTableTmpl = template.Must(template.New("fonts").Funcs(funcs).Parse(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{{range .}}<w:font w:name="{{x .Name}}"><w:altName w:val="{{x .Alt}}"/><w:charset w:val="86"/><w:family w:val="{{.Family}}"/><w:pitch w:val="{{.Pitch}}"/></w:font>{{end}}</w:fonts>
`))

var coreTmpl = template.Must(template.New("core").Funcs(funcs).Parse(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{{x .Title}}</dc:title><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{{.Date}}</dcterms:created></cp:coreProperties>
`))

// The fixed parts.
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
`
	packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
`
	documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>
`
	// settings: different footers on odd and even pages; Chinese
	// punctuation compressed as Word does for Chinese documents.
	settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>
`
)

// writeDocx writes the document as a .docx package to w.
func writeDocx(w io.Writer, d *doc, title string, modified time.Time) error {
	z := zip.NewWriter(w)
	put := func(name string, write func(io.Writer) error) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		return write(f)
	}
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	exec := func(t *template.Template, data any) func(io.Writer) error {
		return func(w io.Writer) error { return t.Execute(w, data) }
	}
	page := struct {
		Blocks                                              []block
		TextWidth, PageWidth, PageHeight                    int
		Top, Right, Bottom, Left, Header, Footer, LinePitch int
	}{d.blocks, textWidth, pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft, headerDistance, footerDistance, linePitch}
	styles := struct {
		Body, Title, Hei, Kai, Song      string
		Line, TitleLine, Indent, Indent4 int
	}{fontBody, fontTitle, fontHei, fontKai, fontSong, linePitch, titlePitch, indent2, 2 * indent2}
	footer := func(align string) any {
		return struct {
			Align        string
			Indent       int
			Dash1, Dash2 run
		}{align, pageIndent, run{Face: facePage, Text: "— "}, run{Face: facePage, Text: " —"}}
	}
	core := struct{ Title, Date string }{title, modified.UTC().Format(time.RFC3339)}
	parts := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"[Content_Types].xml", text(contentTypes)},
		{"_rels/.rels", text(packageRels)},
		{"docProps/core.xml", exec(coreTmpl, core)},
		{"word/_rels/document.xml.rels", text(documentRels)},
		{"word/document.xml", exec(documentTmpl, page)},
		{"word/styles.xml", exec(stylesTmpl, styles)},
		{"word/settings.xml", text(settings)},
		{"word/fontTable.xml", exec(fontTableTmpl, fonts)},
		{"word/footer1.xml", exec(footerTmpl, footer("right"))},
		{"word/footer2.xml", exec(footerTmpl, footer("left"))},
	}
	for _, p := range parts {
		if err := put(p.name, p.write); err != nil {
			return err
		}
	}
	return z.Close()
}
