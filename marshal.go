package renewal

import (
	"bytes"
	"fmt"
	"strings"
)

// The enumerations and Date read and write themselves as the files and the
// JSON report spell them, through encoding.TextMarshaler and
// encoding.TextUnmarshaler: so they are strings in encoding/json (map keys
// too), and flag.TextVar takes them as flag values.

// MarshalText returns the date as YYYY-MM-DD, or empty text for the zero
// Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written YYYY-MM-DD, as ParseDate does; empty
// text is the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// marshalName returns names[v], or an error for a value outside them.
func marshalName[T ~int8](what string, v T, names []string) ([]byte, error) {
	if v < 0 || int(v) >= len(names) {
		return nil, fmt.Errorf("renewal: %s %d is not one of %s", what, v, strings.Join(names, ", "))
	}
	return []byte(names[v]), nil
}

// unmarshalName sets *v to the value whose name is text.
func unmarshalName[T ~int8](what string, v *T, text []byte, names []string) error {
	for i, n := range names {
		if string(text) == n {
			*v = T(i)
			return nil
		}
	}
	return fmt.Errorf("renewal: %q is not a %s; want %s", bytes.ToValidUTF8(text, []byte("\uFFFD")), what, strings.Join(names, ", "))
}

var (
	directionNames = []string{AtLeast: "at_least", AtMost: "at_most"}
	severityNames  = []string{Error: "error", Warning: "warning"}
)

// MarshalText returns the status as the JSON report writes it, such as
// "on_track".
func (s Status) MarshalText() ([]byte, error) { return marshalName("status", s, statusNames[:]) }

// UnmarshalText reads a status as MarshalText writes it.
func (s *Status) UnmarshalText(text []byte) error {
	return unmarshalName("status", s, text, statusNames[:])
}

// MarshalText returns the kind as the plan file writes it, such as "count".
func (k Kind) MarshalText() ([]byte, error) { return marshalName("kind", k, kindNames[:]) }

// UnmarshalText reads a kind as the plan file writes it.
func (k *Kind) UnmarshalText(text []byte) error { return unmarshalName("kind", k, text, kindNames[:]) }

// MarshalText returns "at_least" or "at_most".
func (d Direction) MarshalText() ([]byte, error) {
	return marshalName("direction", d, directionNames)
}

// UnmarshalText reads "at_least" or "at_most".
func (d *Direction) UnmarshalText(text []byte) error {
	return unmarshalName("direction", d, text, directionNames)
}

// MarshalText returns "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return marshalName("severity", s, severityNames) }

// UnmarshalText reads "error" or "warning".
func (s *Severity) UnmarshalText(text []byte) error {
	return unmarshalName("severity", s, text, severityNames)
}

// MarshalText returns the format's name: text, markdown, csv or json.
func (f Format) MarshalText() ([]byte, error) { return marshalName("format", f, formatNames[:]) }

// UnmarshalText reads a format's name, as ParseFormat does.
func (f *Format) UnmarshalText(text []byte) error {
	return unmarshalName("format", f, text, formatNames[:])
}

// MarshalText returns the language's name: zh or en.
func (l Lang) MarshalText() ([]byte, error) { return marshalName("language", l, langNames) }

// UnmarshalText reads a language's name, as ParseLang does.
func (l *Lang) UnmarshalText(text []byte) error {
	return unmarshalName("language", l, text, langNames)
}

// MarshalJSON returns the JSON report, as WriteJSON writes it (which see),
// so that json.Marshal of a Report, or of a value holding one, gives the
// one JSON form of a report.
func (r Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
