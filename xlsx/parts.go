package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/citybureau/renewal/internal/source"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// runGuard passes a part's XML through, failing once a tag, or the text
// between two tags, runs longer than maxRun bytes. encoding/xml holds a
// whole token in memory; this keeps one token small however the part
// was made.
type runGuard struct {
	r    io.Reader
	name string
	run  int
}

func (g *runGuard) Read(b []byte) (int, error) {
	n, err := g.r.Read(b)
	for _, c := range b[:n] {
		if c == '<' || c == '>' {
			g.run = 0
			continue
		}
		if g.run++; g.run > maxRun {
			return 0, faultf("the part %s of the workbook holds a tag or text longer than %d bytes, the limit", shorten(g.name), maxRun)
		}
	}
	return n, err
}

// xmlReader reads the tokens of one part, at most max of them: an
// element's start and end, and a text, are a token each. encoding/xml
// takes some 400 ns a token, so the bound, more than the bytes, is what
// bounds the time a part of tiny elements (<row/><row/>…) may take.
type xmlReader struct {
	d           *xml.Decoder
	name        string
	tokens, max int
	// depth is the number of elements open; root is set once the first
	// has started. A part that ends with an element open, or with none
	// at all, is cut off.
	depth int
	root  bool
}

func newXMLReader(r io.Reader, name string, max int) *xmlReader {
	d := xml.NewDecoder(&runGuard{r: r, name: name})
	return &xmlReader{d: d, name: name, max: max}
}

// cutOff is the error of a part whose XML ends before its closing tags,
// in a tag, or before it has begun: a file cut off in the writing or in
// the sending, whose zip archive was then made whole again.
type cutOff struct{ part string }

func (c cutOff) Error() string {
	return fmt.Sprintf("the part %s of the workbook ends before its closing tags; the file is cut off: save the workbook again, or send it again", shorten(c.part))
}

// next returns the next token, io.EOF at the end of a whole part, or an
// error that names the part: cutOff when the part ends too soon.
func (x *xmlReader) next() (xml.Token, error) {
	if x.tokens++; x.tokens > x.max {
		return nil, faultf("the part %s of the workbook holds more than %d XML elements and texts, the limit (is it padded with empty cells?)", shorten(x.name), x.max)
	}
	t, err := x.d.RawToken()
	switch {
	case err == nil:
		switch t := t.(type) {
		case xml.StartElement:
			if x.depth == 0 && x.root {
				return nil, faultf("the part %s of the workbook is not well-formed XML (a second root element <%s>); the file is damaged", shorten(x.name), shorten(t.Name.Local))
			}
			x.depth++
			x.root = true
		case xml.EndElement:
			if x.depth == 0 {
				return nil, faultf("the part %s of the workbook is not well-formed XML (a closing tag </%s> with no opening one); the file is damaged", shorten(x.name), shorten(t.Name.Local))
			}
			x.depth--
		}
		return t, nil
	case err == io.EOF:
		if x.depth > 0 || !x.root {
			return nil, cutOff{x.name}
		}
		return nil, io.EOF
	}
	var f fault
	if errors.As(err, &f) {
		return nil, f
	}
	if syn, ok := err.(*xml.SyntaxError); ok && syn.Msg == "unexpected EOF" {
		return nil, cutOff{x.name}
	}
	return nil, faultf("the part %s of the workbook is not well-formed XML (%s); the file is damaged", shorten(x.name), cut(err.Error(), 200))
}

// text reads the character data up to the end of the element just
// started, holding at most max bytes of it.
func (x *xmlReader) text(max int) (string, error) {
	var b []byte
	depth := 1
	for depth > 0 {
		t, err := x.next()
		if err != nil {
			return "", err // within an element, the end of the part is cutOff
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(b)+len(t) > max {
				return "", faultf("the part %s of the workbook holds a value longer than %d bytes, the limit", shorten(x.name), max)
			}
			b = append(b, t...)
		}
	}
	return string(b), nil
}

// skip reads up to the end of the element just started.
func (x *xmlReader) skip() error {
	depth := 1
	for depth > 0 {
		t, err := x.next()
		if err != nil {
			return err // within an element, the end of the part is cutOff
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// relationship is one entry of a .rels part.
type relationship struct{ id, typ, target string }

// readRels reads the relationships part of part name; a missing part has
// none.
func (a *archive) readRels(name string) ([]relationship, error) {
	rels := relsOf(name)
	rc, err := a.open(rels, maxSmallBytes)
	if rc == nil || err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(rc, rels, maxSmallTokens)
	var out []relationship
	for {
		t, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			if mode, _ := attr(e, "TargetMode"); mode == "External" {
				continue
			}
			id, _ := attr(e, "Id")
			typ, _ := attr(e, "Type")
			target, _ := attr(e, "Target")
			out = append(out, relationship{id, typ, resolve(name, target)})
		}
	}
}

// relOfType returns the target of the first relationship whose type ends
// in /suffix: transitional and strict OOXML differ only before it.
func relOfType(rels []relationship, suffix string) string {
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/"+suffix) {
			return r.target
		}
	}
	return ""
}

// workbook is what the reader needs of workbook.xml.
type workbook struct {
	part     string
	date1904 bool
	sheets   []sheetRef
}

type sheetRef struct{ name, rid string }

// findWorkbook returns the workbook part: the package's office document.
func (a *archive) findWorkbook() (string, error) {
	rels, err := a.readRels("")
	if err != nil {
		return "", err
	}
	if p := relOfType(rels, "officeDocument"); p != "" && a.has(p) {
		return p, nil
	}
	if a.has("xl/workbook.xml") {
		return "xl/workbook.xml", nil
	}
	switch {
	case a.has("xl/workbook.bin"):
		return "", faultc(source.WorkbookXLSB)
	case a.has("content.xml") && a.has("mimetype"):
		return "", faultc(source.WorkbookODS)
	case a.has("word/document.xml"):
		return "", faultc(source.WorkbookDOCX)
	}
	return "", faultc(source.WorkbookNoPart)
}

func (a *archive) readWorkbook(part string) (*workbook, error) {
	rc, err := a.open(part, maxSmallBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	wb := &workbook{part: part}
	x := newXMLReader(rc, part, maxSmallTokens)
	for {
		t, err := x.next()
		if err == io.EOF {
			return wb, nil
		}
		if err != nil {
			return nil, err
		}
		e, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "workbookPr":
			v, _ := attr(e, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			s := sheetRef{}
			s.name, _ = attr(e, "name")
			for _, at := range e.Attr {
				if at.Name.Local == "id" && at.Name.Space != "" {
					s.rid = at.Value
				}
			}
			wb.sheets = append(wb.sheets, s)
		}
	}
}

// numFmtKind is what a cell's number format makes of a number.
type numFmtKind int8

const (
	plainNumber numFmtKind = iota
	percentNumber
	dateNumber
)

// styles maps a cell's style index (its s attribute) to the kind of its
// number format.
type styles []numFmtKind

func (s styles) kind(i int) numFmtKind {
	if i < 0 || i >= len(s) {
		return plainNumber
	}
	return s[i]
}

func (a *archive) readStyles(part string) (styles, error) {
	if part == "" {
		return nil, nil
	}
	rc, err := a.open(part, maxStylesBytes)
	if rc == nil || err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(rc, part, maxSmallTokens)
	custom := map[int]numFmtKind{}
	var out styles
	inXfs := false
	for {
		t, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := t.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "numFmt":
				id, err1 := strconv.Atoi(attrOr(e, "numFmtId"))
				if err1 == nil {
					custom[id] = classifyFormat(attrOr(e, "formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, err1 := strconv.Atoi(attrOr(e, "numFmtId"))
					k := plainNumber
					if err1 == nil {
						if c, ok := custom[id]; ok {
							k = c
						} else {
							k = builtinFormat(id)
						}
					}
					out = append(out, k)
				}
			}
		case xml.EndElement:
			if e.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

func attrOr(e xml.StartElement, local string) string {
	v, _ := attr(e, local)
	return v
}

// builtinFormat classifies Excel's built-in number formats (ECMA-376
// 18.8.30, with the ids that East Asian locales give date formats).
func builtinFormat(id int) numFmtKind {
	switch {
	case id == 9 || id == 10:
		return percentNumber
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return dateNumber
	}
	return plainNumber
}

// classifyFormat classifies a format code: a date when it has y, m or d
// outside quotes, brackets and escapes, a percentage when it
// has % there.
func classifyFormat(code string) numFmtKind {
	pct := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '[':
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			_, size := utf8.DecodeRuneInString(code[min(i+1, len(code)):])
			i += size
		case 'y', 'Y', 'm', 'M', 'd', 'D':
			return dateNumber
		case '%':
			pct = true
		}
	}
	if pct {
		return percentNumber
	}
	return plainNumber
}

// sharedStrings holds sharedStrings.xml's strings, decoded (_xHHHH_
// escapes included), in one string: a cell that refers to a shared
// string gets a substring of it, never a copy, so that a string used by
// every cell of the sheet is held once.
type sharedStrings struct {
	text string
	ends []uint32
}

func (s *sharedStrings) len() int { return len(s.ends) }

func (s *sharedStrings) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]]
}

func (a *archive) readSharedStrings(part string) (*sharedStrings, error) {
	ss := &sharedStrings{}
	if part == "" {
		return ss, nil
	}
	rc, err := a.open(part, maxStringsBytes)
	if rc == nil || err != nil {
		return ss, err
	}
	defer rc.Close()
	x := newXMLReader(rc, part, maxStringsTokens)
	// Text counts in <t> of an <si>, directly or in a run <r>, but not in
	// a phonetic run <rPh>. One string is gathered in cur, then decoded
	// onto all, whose String does not copy.
	var all strings.Builder
	var cur []byte
	inSI, inT, phonetic := false, false, 0
	for {
		t, err := x.next()
		if err == io.EOF {
			ss.text = all.String()
			return ss, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := t.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "si":
				inSI, cur = true, cur[:0]
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "si":
				if inSI {
					if len(ss.ends) == maxStrings {
						return nil, faultc(source.SheetStringsCap, maxStrings)
					}
					if bytes.Contains(cur, []byte("_x")) {
						all.WriteString(unescapeX(string(cur)))
					} else {
						all.Write(cur)
					}
					ss.ends = append(ss.ends, uint32(all.Len()))
				}
				inSI = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				if len(cur)+len(e) > maxCellBytes {
					return nil, faultf("a shared string of the workbook (%s, string %d) is longer than Excel's 32,767 characters", shorten(part), len(ss.ends)+1)
				}
				cur = append(cur, e...)
			}
		}
	}
}

// unescapeX decodes OOXML's _xHHHH_ escapes of characters XML cannot
// hold (ECMA-376 22.9.2.19), such as _x000D_ for a carriage return.
func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
