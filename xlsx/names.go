package xlsx

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CityTemplate is the file name of the city-level records' template.
// District templates are named district-<id>.xlsx, so no district id can
// give this name.
const CityTemplate = "city.xlsx"

// maxNameBytes keeps a file name well under the 255 bytes most file
// systems allow.
const maxNameBytes = 200

// templateNames returns the file name of each district's template, in
// the order of ids. The names never collide, with each other or with
// CityTemplate, on a disk that ignores case either: of ids that fold to
// the same name (T1 and t1), the later in plan order gets ~2, ~3 …,
// and "~" is no identifier's character. An id too long for a file name
// is cut and given a hash of the whole id.
func templateNames(ids []string) []string {
	names := make([]string, len(ids))
	seen := map[string]int{}
	for i, id := range ids {
		base := "district-" + id
		if len(base) > maxNameBytes {
			cut := maxNameBytes - 10
			for !utf8.RuneStart(base[cut]) {
				cut--
			}
			h := fnv.New32a()
			h.Write([]byte(id))
			base = fmt.Sprintf("%s~%08x", base[:cut], h.Sum32())
		}
		key := fold(base)
		seen[key]++
		if n := seen[key]; n > 1 {
			base = fmt.Sprintf("%s~%d", base, n)
		}
		names[i] = base + ".xlsx"
	}
	return names
}

// fold maps s to one spelling of its case-insensitive class: each rune
// to the smallest rune of its simple case-folding orbit.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
