package renewal

import "testing"

// TestEveryCodeHasChinese: every code of the catalogue has a Chinese
// text, but those whose whole message is another reader's text.
func TestEveryCodeHasChinese(t *testing.T) {
	for c := range catalogue {
		switch c {
		case CodeYamlFeature, CodeYamlSyntax, CodeWorkbook:
			continue
		}
		if zhCatalogue[c] == "" && catalogue[c].zh == "" {
			t.Errorf("%s has no Chinese text", c)
		}
	}
}
