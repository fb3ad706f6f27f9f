package renewal

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

// labelVerb matches a format's verbs; %% is not one.
var labelVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z]`)

// TestLabelCatalogue: every Label constant declared in labels.go has a
// text in both languages in the one catalogue, the two take the same
// number of arguments, and the catalogue holds no key that is not
// declared.
func TestLabelCatalogue(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "labels.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[Label]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Label" {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		if !ok {
			t.Errorf("%s is not a string literal", vs.Names[0])
			return true
		}
		key, _ := strconv.Unquote(lit.Value)
		if declared[Label(key)] {
			t.Errorf("key %q is declared twice", key)
		}
		declared[Label(key)] = true
		return true
	})
	if len(declared) < 100 {
		t.Fatalf("found %d Label constants in labels.go; the parse missed them", len(declared))
	}
	for k := range declared {
		text, ok := labelCatalogue[k]
		switch {
		case !ok:
			t.Errorf("label %q is declared but has no text", k)
		case text.en == "":
			t.Errorf("label %q has no English text", k)
		case text.zh == "":
			t.Errorf("label %q has no Chinese text", k)
		case len(labelVerb.FindAllString(text.en, -1)) != len(labelVerb.FindAllString(text.zh, -1)):
			t.Errorf("label %q takes %d arguments in English and %d in Chinese", k,
				len(labelVerb.FindAllString(text.en, -1)), len(labelVerb.FindAllString(text.zh, -1)))
		}
	}
	for k := range labelCatalogue {
		if !declared[k] {
			t.Errorf("the catalogue holds %q, which no constant declares", k)
		}
	}
}

// TestLabelText: a label reads in the language asked for, Chinese by
// default, and a key the catalogue lacks shows as itself.
func TestLabelText(t *testing.T) {
	for _, c := range []struct {
		k    Label
		lang Lang
		want string
	}{
		{LabelCompletionColumn, Chinese, "完成率"},
		{LabelCompletionColumn, English, "Completion"},
		{LabelCompletionColumn, Lang(9), "完成率"},
		{LabelStatusNotStarted, English, "not started"},
		{Label("no-such-label"), English, "no-such-label"},
	} {
		if got := c.k.Text(c.lang); got != c.want {
			t.Errorf("%s.Text(%v) = %q, want %q", c.k, c.lang, got, c.want)
		}
	}
	// A report's labels are read from the same catalogue.
	if got, want := enLabels.counted[NotStarted], "Not started"; got != want {
		t.Errorf("English column of not-started goals = %q, want %q", got, want)
	}
	if got, want := zhLabels.exemptHead, "豁免（不考核）的分解任务："; got != want {
		t.Errorf("Chinese exempt heading = %q, want %q", got, want)
	}
}
