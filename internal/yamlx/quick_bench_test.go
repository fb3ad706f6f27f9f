package yamlx

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// benchStream is a month's progress document for 60 targets, as the
// generator and the templates write it, 200 times over.
func benchStream() []byte {
	var b strings.Builder
	for d := range 200 {
		if d > 0 {
			b.WriteString("---\n")
		}
		b.WriteString("district: d" + strings.Repeat("x", d%7) + "\ndate: 2025-06-30\nsource: 亭湖区住建局 2025年6月报\nrecords:\n")
		for t := range 60 {
			b.WriteString("  - {target: target-" + strings.Repeat("k", t%9) + ", value: 1234.5}\n")
		}
	}
	return []byte(b.String())
}

// BenchmarkQuick and BenchmarkYAMLv3 read the same stream to node trees:
// go test -run '^$' -bench 'Quick$|YAMLv3$' -cpu 1 ./internal/yamlx
func BenchmarkQuick(b *testing.B) {
	data := benchStream()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok := Quick(data, 1); !ok {
			b.Fatal("declined")
		}
	}
}

func BenchmarkYAMLv3(b *testing.B) {
	data := benchStream()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := StreamV3(data, func(*yaml.Node) {}); err != nil {
			b.Fatal(err)
		}
	}
}
