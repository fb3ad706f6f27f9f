package circular_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/circular"
	"github.com/citybureau/renewal/data"
)

// node is an XML element as encoding/xml reads it, with its attributes,
// children and text.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

// attr returns the value of the w: attribute local.
func (n *node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// child returns the first w: child named local, or nil.
func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			return c
		}
	}
	return nil
}

// all returns every descendant named local, in document order.
func (n *node) all(local string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.Nodes {
			if c.XMLName.Local == local {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// text is the text of the w:t nodes under n.
func (n *node) text() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// parts are the files of a .docx package.
type parts map[string][]byte

func unzip(t *testing.T, b []byte) parts {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := parts{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		p[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// parse reads a part strictly: a part that is not well-formed XML fails
// the test.
func (p parts) parse(t *testing.T, name string) *node {
	t.Helper()
	b, ok := p[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	var n node
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	if err := d.Decode(&n); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &n
}

// sample is the embedded sample's report as of 2025-09-30, compared with
// 2025-06-30.
func sample(t *testing.T) *renewal.Report {
	t.Helper()
	plan, probs := data.Plan()
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	ledger, probs := data.Sample(plan)
	if probs.HasErrors() {
		t.Fatal(probs.Err())
	}
	r := renewal.Evaluate(ledger, renewal.MustParseDate("2025-09-30"))
	r.Previous = renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
	return r
}

func write(t *testing.T, r *renewal.Report, o circular.Options) parts {
	t.Helper()
	var b bytes.Buffer
	if err := circular.Write(&b, r, o); err != nil {
		t.Fatal(err)
	}
	return unzip(t, b.Bytes())
}

// para is a paragraph of the body: its style and text.
type para struct {
	style, text string
	n           *node
}

// paragraphs lists the body's paragraphs outside tables, in order.
func paragraphs(doc *node) []para {
	var out []para
	for _, p := range doc.child("body").Nodes {
		if p.XMLName.Local != "p" {
			continue
		}
		out = append(out, para{p.child("pPr").child("pStyle").attr("val"), p.text(), p})
	}
	return out
}

// body is the text of the circular before its attachments, one
// paragraph a line.
func body(ps []para) []para {
	for i, p := range ps {
		if p.style == "AttachmentTag" {
			return ps[:i]
		}
	}
	return ps
}

// percent renders a fraction as the circular should: in percent, one
// place, half away from zero (decimal's Round).
func percent(v decimal.Decimal) string {
	s := v.Mul(decimal.NewFromInt(100)).Round(1).StringFixed(1)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}

// monthDay is a date as the circular writes it within the year.
func monthDay(d renewal.Date) string {
	return fmt.Sprintf("%d月%d日", int(d.Time().Month()), d.Time().Day())
}

// tables returns the rows of every table of the body, each row its
// cells' text.
func tables(doc *node) [][][]string {
	var out [][][]string
	for _, tb := range doc.child("body").all("tbl") {
		var rows [][]string
		for _, tr := range tb.all("tr") {
			var cells []string
			for _, tc := range tr.all("tc") {
				cells = append(cells, tc.text())
			}
			rows = append(rows, cells)
		}
		out = append(out, rows)
	}
	return out
}
