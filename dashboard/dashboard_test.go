package dashboard_test

import (
	"testing"

	"github.com/citybureau/renewal"
)

func TestWriteSample(t *testing.T) {
	for _, lang := range []renewal.Lang{renewal.Chinese, renewal.English} {
		_, page := samplePage(t, lang)
		p := save(t, artefacts(t), "sample-"+lang.String()+".html", page)
		t.Logf("wrote %s (%d bytes)", p, len(page))
	}
}
