package dashboard_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/citybureau/renewal"
)

func TestWriteSample(t *testing.T) {
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		t.Run(lang.String(), func(t *testing.T) {
			r, page := samplePage(t, lang)
			p := save(t, artefacts(t), "sample-"+lang.String()+".html", page)
			t.Logf("wrote %s (%d bytes)", p, len(page))
			root, err := parse(page)
			if err != nil {
				t.Fatalf("the page is not well-formed: %v", err)
			}
			if errs := check(r, lang, pageFacts(root), 0.05, sampleTrends); len(errs) > 0 {
				t.Fatal(errors.Join(errs...))
			}
		})
	}
}

// TestCheckCatches shows that the checks fail on a broken page: one
// district's bar missing.
func TestCheckCatches(t *testing.T) {
	r, page := samplePage(t, renewal.Chinese)
	broken := dropBar(page, "funing")
	if len(broken) == len(page) {
		t.Fatal("dropBar removed nothing")
	}
	root, err := parse(broken)
	if err != nil {
		t.Fatal(err)
	}
	errs := check(r, renewal.Chinese, pageFacts(root), 0.05, sampleTrends)
	joined := errors.Join(errs...)
	if joined == nil || !strings.Contains(joined.Error(), "10 ranking bars for 11 districts") {
		t.Fatalf("the checks missed a dropped bar: %v", joined)
	}
}
