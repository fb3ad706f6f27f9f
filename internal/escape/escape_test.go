package escape_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/citybureau/renewal/internal/escape"
)

func TestOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"progress/亭湖.yaml", "progress/亭湖.yaml"},
		{"a\nrecord: forged", `a\nrecord: forged`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"a\u2028b", `a\u2028b`},
		{"bad\xffbyte", `bad\xffbyte`},
		{`back\slash`, `back\slash`},
	} {
		got := escape.OneLine(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.Equal(t, got, escape.OneLine(got), "escaping twice changes nothing")
	}
}
