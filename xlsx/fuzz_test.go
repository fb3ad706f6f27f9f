package xlsx_test

import (
	"strings"
	"testing"

	"github.com/citybureau/renewal/internal/source"
)

// FuzzRead reads workbooks whose 填报 sheet holds the rows given as XML
// and whose shared strings part holds the strings given as XML, the
// sheet read whole and cut off after cut bytes. Whatever the input, the
// reader must not panic; every problem is short (a quoted value is cut);
// the records' text stays within the 64 MiB bound however often a
// shared string is used; and a sheet cut off, when read whole it gave
// records, gives an error and none.
func FuzzRead(f *testing.F) {
	head := `<row r="1">` + istr("目标编号") + istr("县区编号") + istr("累计完成") + istr("日期") + istr("备注") + `</row>`
	f.Add(head+`<row r="2">`+istr("neighbourhoods")+istr("tinghu")+`<c><v>14</v></c>`+istr("2025-06-30")+`</row>`, "", uint16(120))
	f.Add(head+`<row r="2"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c><v>0.30000000000000004</v></c><c t="d"><v>2025-06-30T12:00:00</v></c><c t="s"><v>2</v></c></row>`,
		`<si><t>neighbourhoods</t></si><si><r><t>ting</t></r><r><t>hu</t></r><rPh><t>ティン</t></rPh></si><si><t>含_x000D_2个</t></si>`, uint16(300))
	// One shared string referred to by every cell.
	f.Add(head+strings.Repeat(`<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>`, 10),
		`<si><t>`+strings.Repeat("长", 200)+`</t></si>`, uint16(500))
	f.Add(head+`<row r="2"><c r="A2" t="inlineStr"><is><t>t</t></is></c><c r="Q2"><v>7</v></c><c r="C2" t="e"><v>#N/A</v></c></row>`, "", uint16(0))
	f.Add(head+`<row r="3"><c r="A3"><f>1+1</f></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="zz"><v>1</v></c><c r="D3"><v>`+strings.Repeat("9", 500)+`</v></c></row>`, "<si><t>x", uint16(2))
	f.Add(`<row r="2"><c r="A2"`, `</si>`, uint16(5))
	f.Fuzz(func(t *testing.T, rows, strs string, cut uint16) {
		sheet := worksheet(rows)
		book := func(sheet string) []byte {
			return bookOf(t, `<sst xmlns="`+mainNS+`">`+strs+`</sst>`, wsheet{"填报", sheet})
		}
		whole, probs := read(book(sheet), source.Limits{Rows: 100})
		check(t, whole, probs)
		if int(cut) >= len(sheet) {
			return
		}
		part, probs := read(book(sheet[:cut]), source.Limits{Rows: 100})
		check(t, part, probs)
		if whole == nil {
			return
		}
		fault := false
		for _, p := range probs {
			fault = fault || (p.Line == 0 && !p.Warning)
		}
		if part != nil || !fault {
			t.Errorf("the sheet cut off after %d of its %d bytes gives records %v and problems %v, where it should give an error and no records", cut, len(sheet), flat(part), render("book.xlsx", probs))
		}
	})
}

// check checks what a read gave: problems no longer than a line of a few
// hundred bytes, and records' text within the bound of 64 MiB.
func check(t *testing.T, docs []source.Document, probs []source.Problem) {
	t.Helper()
	for _, p := range probs {
		if len(p.Message) > 1000 {
			t.Errorf("a problem of %d bytes: %.300s…", len(p.Message), p.Message)
		}
	}
	var text int
	for _, d := range docs {
		text += len(d.Date.Text)
		for _, r := range d.Records {
			for _, f := range r.Fields {
				text += len(f.Text)
			}
		}
	}
	if text > 64<<20+1<<20 {
		t.Errorf("the records hold %d bytes of text, past the 64 MiB bound", text)
	}
}
