package renewal

import (
	"context"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/yamlx"
)

// TestStreamWalkWalksAFullList: a records list that reaches the streamed
// path's walker with its items in place, not streamed to Items (as a
// one-line flow list once did, and every record of the document was
// lost), is walked all the same.
func TestStreamWalkWalksAFullList(t *testing.T) {
	plan, probs := LoadPlanFile("data/plan-2025.yaml")
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	gate := newPlanGate(context.Background())
	gate.open(plan)
	text := []byte("date: 2025-06-30\nrecords: [{target: city-memory-events, value: 1}, {target: city-memory-events, date: 2025-07-31, value: 2}, {target: nope, value: 3}]\n")
	var docs []*yaml.Node
	if err := yamlx.StreamV3(text, func(doc *yaml.Node) { docs = append(docs, doc) }); err != nil || len(docs) != 1 {
		t.Fatalf("%d documents, error %v", len(docs), err)
	}
	res := &fileResult{}
	d := &decoder{file: "p.yaml", slots: gate.slots, hints: gate.hints}
	s := &streamWalk{d: d, plan: plan, res: res, gate: gate}
	s.Document(docs[0])
	s.End()
	// Three entries: two counted, the unknown target rejected with its
	// error.
	if res.entries != 3 || res.bad != 1 || d.probs.n != 1 {
		t.Errorf("%d entries, %d rejected, %d problems; want 3, 1 and 1", res.entries, res.bad, d.probs.n)
	}
}
