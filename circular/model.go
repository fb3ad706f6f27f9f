package circular

// The document is built in two steps: content.go says what the circular
// says, as paragraphs and tables of runs, each run in one of the faces
// below; docx.go writes them as WordprocessingML.

// face is a typeface and a size: every run of the document is in one.
type face struct {
	Font string // the official font, set for every script of the run
	Half int    // the size in half-points, as w:sz takes it
	Bold bool
}

// The official fonts (GB/T 9704) and a free alternative for each, which
// the font table names (w:altName) for a machine that lacks them.
const (
	fontTitle   = "方正小标宋简体"
	fontBody    = "仿宋_GB2312"
	fontHei     = "黑体"
	fontKai     = "楷体_GB2312"
	fontSong    = "宋体"
	serifCJK    = "Noto Serif CJK SC"
	sansCJK     = "Noto Sans CJK SC"
	sizeErHao   = 44 // 二号, 22 pt
	sizeSanHao  = 32 // 三号, 16 pt
	sizeSiHao   = 28 // 四号, 14 pt
	sizeWuHao   = 21 // 五号, 10.5 pt
	sizeXiaoWu  = 18 // 小五, 9 pt: a table of many columns
	sizeXiaoChu = 72 // 小初 is 36 pt: the letterhead's placeholder
)

// fonts lists the fonts of the document with their free alternatives, in
// the order of the font table.
var fonts = []struct{ Name, Alt, Family, Pitch string }{
	{fontTitle, serifCJK, "roman", "variable"},
	{fontBody, serifCJK, "modern", "fixed"},
	{fontHei, sansCJK, "modern", "fixed"},
	{fontKai, serifCJK, "modern", "fixed"},
	{fontSong, serifCJK, "auto", "variable"},
}

var (
	faceTitle     = face{Font: fontTitle, Half: sizeErHao}
	faceBody      = face{Font: fontBody, Half: sizeSanHao}
	faceH1        = face{Font: fontHei, Half: sizeSanHao}
	faceH2        = face{Font: fontKai, Half: sizeSanHao}
	faceCell      = face{Font: fontBody, Half: sizeWuHao}
	faceHeadCell  = face{Font: fontHei, Half: sizeWuHao}
	facePage      = face{Font: fontSong, Half: sizeSiHao}
	faceLetterhd  = face{Font: fontTitle, Half: sizeXiaoChu}
	faceAttachTag = face{Font: fontHei, Half: sizeSanHao}
)

// run is text in one face.
type run struct {
	Face  face
	Text  string
	Color string // hex RGB, or "" for automatic
	Break bool   // a line break before the text
}

// The paragraph kinds, each a paragraph style of styles.xml.
const (
	styleBody    = "Body"
	styleTitle   = "Title"
	styleH1      = "Heading1"
	styleH2      = "Heading2"
	styleCell    = "Cell"
	styleFlush   = "Flush" // body text with no first-line indent
	styleRight   = "Signature"
	styleAttach  = "AttachmentTag"
	styleLetterh = "Letterhead"
)

// para is one paragraph.
type para struct {
	Style string
	Runs  []run
	// PageBreak starts the paragraph on a new page (an attachment).
	PageBreak bool
	// Keep keeps the paragraph on the page of the next (a table's title).
	Keep bool
	// Rule draws the red line under the letterhead.
	Rule bool
	// Hanging is a hanging indent in twips (the attachments' list).
	Hanging, Left int
	Align         string // "" for the style's; "left", "center", "right", "both"
}

// table is a table of plain cells: a header row repeated on every page,
// then rows.
type table struct {
	Widths []int  // in twips, summing to the text width
	Right  []bool // cells aligned right (figures)
	Head   []string
	Rows   [][]string
	Small  bool // in 小五 rather than 五号, to fit many columns
}

// block is a paragraph or a table.
type block struct {
	P *para
	T *table
}

// doc is a document under construction.
type doc struct {
	blocks []block
}

func (d *doc) add(p para) { d.blocks = append(d.blocks, block{P: &p}) }

func (d *doc) table(t *table) { d.blocks = append(d.blocks, block{T: t}) }

func (d *doc) body(text string) {
	d.add(para{Style: styleBody, Runs: []run{{Face: faceBody, Text: text}}})
}
func (d *doc) h1(text string) { d.add(para{Style: styleH1, Runs: []run{{Face: faceH1, Text: text}}}) }
func (d *doc) h2(text string) { d.add(para{Style: styleH2, Runs: []run{{Face: faceH2, Text: text}}}) }
func (d *doc) title(text string) {
	d.add(para{Style: styleTitle, Runs: []run{{Face: faceTitle, Text: text}}})
}
func (d *doc) blank() { d.add(para{Style: styleFlush, Runs: nil}) }
