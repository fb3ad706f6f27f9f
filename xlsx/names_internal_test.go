package xlsx

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTemplateNames(t *testing.T) {
	long := strings.Repeat("𠀀", 64) // 64 code points of 4 bytes: 256 bytes
	names := templateNames([]string{"T1", "t1", "city", "亭湖", "Σσ", "σς", long, long[:len(long)-4] + "𠀁"})
	assert.Equal(t, "district-T1.xlsx", names[0])
	assert.Equal(t, "district-t1~2.xlsx", names[1]) // t1 folds to T1's name
	assert.Equal(t, "district-city.xlsx", names[2]) // never CityTemplate
	assert.Equal(t, "district-亭湖.xlsx", names[3])
	assert.Equal(t, "district-σς~2.xlsx", names[5]) // Σ, σ and ς fold together
	seen := map[string]bool{fold(CityTemplate): true}
	for _, n := range names {
		assert.LessOrEqual(t, len(n), maxNameBytes+len(".xlsx"), n)
		assert.False(t, seen[fold(n)], "%s collides", n)
		seen[fold(n)] = true
	}
	// The two long ids share their first 190 bytes; the hash tells them apart.
	assert.NotEqual(t, names[6], names[7])
}
