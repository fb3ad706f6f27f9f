package xlsx_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestReportWordsFromCatalogue: the workbook report words nothing of its
// own. Every heading, column, sheet name and mark comes from the root
// package's catalogue of labels (renewal.Label), so report.go holds no
// string literal with a Chinese character: each word pair has a Chinese
// half, and one written here would be a second place to word it.
func TestReportWordsFromCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "report.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	literals := 0
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		literals++
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
		}
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s: %s is worded in report.go; take it from a renewal.Label", fset.Position(lit.Pos()), lit.Value)
		}
		return true
	})
	if literals == 0 {
		t.Fatal("found no string literal in report.go; the parse missed them")
	}
}
