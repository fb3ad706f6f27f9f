package source_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/citybureau/renewal/internal/source"
)

func TestRegister(t *testing.T) {
	r := func(string, []byte, source.Limits) (string, []source.Document, []source.Problem) {
		return "S", nil, nil
	}
	_, ok := source.Lookup(".test")
	assert.False(t, ok)
	source.Register(".test", r)
	got, ok := source.Lookup(".test")
	if assert.True(t, ok) {
		sheet, _, _ := got("x", nil, source.Limits{})
		assert.Equal(t, "S", sheet)
	}
	assert.Panics(t, func() { source.Register(".test", r) }, "a second reader for one extension")
	assert.Panics(t, func() { source.Register(".nil", nil) })
}
