package dashboard_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// node is an element of a page parsed as XML: the page is written to be
// well-formed, so the standard library reads it without an HTML parser.
type node struct {
	Name     string
	Attr     map[string]string
	Children []*node
	Text     string // character data directly inside, for text nodes
	IsText   bool
}

// parse reads a page strictly: an unclosed or misnested tag is an error.
func parse(page []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	root := &node{Name: "#document"}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{Name: t.Name.Local, Attr: map[string]string{}}
			for _, a := range t.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			top.Children = append(top.Children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.Children = append(top.Children, &node{IsText: true, Text: string(t)})
		}
	}
}

func (n *node) hasClass(c string) bool {
	for _, x := range strings.Fields(n.Attr["class"]) {
		if x == c {
			return true
		}
	}
	return false
}

// all returns the elements under n, n included, for which match holds,
// in document order.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.IsText {
			return
		}
		if match(m) {
			out = append(out, m)
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) byID(id string) *node {
	if found := n.all(func(m *node) bool { return m.Attr["id"] == id }); len(found) > 0 {
		return found[0]
	}
	return &node{}
}

func named(name string, classes ...string) func(*node) bool {
	return func(m *node) bool {
		if m.Name != name {
			return false
		}
		for _, c := range classes {
			if !m.hasClass(c) {
				return false
			}
		}
		return true
	}
}

// text is what a reader sees of n: its character data, leaving out
// styles and the titles of charts, with runs of white space made one.
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		if m.IsText {
			b.WriteString(m.Text)
			return
		}
		if m.Name == "style" || m.Name == "title" || m.Name == "head" {
			return
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageFacts reads the facts of a parsed page, as the browser test reads
// them from the DOM.
func pageFacts(root *node) facts {
	f := facts{Text: root.text(), Scripts: len(root.all(named("script")))}
	for _, rect := range root.byID("ranking-bars").all(named("rect", "fill")) {
		w, _ := strconv.ParseFloat(rect.Attr["width"], 64)
		f.Bars = append(f.Bars, barFact{District: rect.Attr["data-district"], Score: rect.Attr["data-score"], Width: w, Track: 1000})
	}
	for _, rect := range root.byID("targets").all(named("rect", "fill")) {
		f.TargetBars = append(f.TargetBars, rect.Attr["data-target"])
	}
	rows := func(section *node) []warnFact {
		var out []warnFact
		for _, tbody := range section.all(named("tbody")) {
			for _, tr := range tbody.all(named("tr")) {
				w := warnFact{Target: tr.Attr["data-target"], District: tr.Attr["data-district"]}
				for _, td := range tr.all(named("td")) {
					w.Cells = append(w.Cells, td.text())
				}
				out = append(out, w)
			}
		}
		return out
	}
	f.Warnings = rows(root.byID("warnings"))
	f.DueSoon = rows(root.byID("due-soon"))
	f.AtRisk = rows(root.byID("at-risk"))
	f.Exempt = rows(root.byID("exempt"))
	f.Banner = root.byID("error-banner").text()
	for _, li := range root.byID("problems").all(named("li")) {
		f.Problems = append(f.Problems, li.text())
	}
	for _, fig := range root.byID("trend").all(named("figure", "panel")) {
		f.Panels = append(f.Panels, fig.Attr["data-district"])
	}
	return f
}
