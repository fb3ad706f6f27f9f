package renewal

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no zone, as plan and
// progress files write it: YYYY-MM-DD. Dates are small values: compare
// them with ==, Before, After and Compare (a struct has no <), and count
// days with Sub.
//
// The zero Date means "no date"; IsZero reports it.
type Date struct {
	n int32 // days since 0001-01-00, so 0001-01-01 is 1 and 0 is "no date"
}

// unixDay is the day number of 1970-01-01.
const unixDay = 719163

// NewDate returns the date y-m-d. It normalises out-of-range values as
// time.Date does: NewDate(2025, 2, 29) is 2025-03-01.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{int32(t.Unix()/86400) + unixDay}
}

// ParseDate reads a date written YYYY-MM-DD: four-digit year, two-digit
// month and day, a real calendar day. It is the inverse of Date.String.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[:4]) || !digits(s[5:7]) || !digits(s[8:]) {
		return Date{}, fmt.Errorf("%q is not a date; want YYYY-MM-DD, such as 2025-06-30", shorten(s))
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1 {
		return Date{}, fmt.Errorf("%q is not a calendar date; want YYYY-MM-DD, such as 2025-06-30", s)
	}
	return NewDate(t.Year(), t.Month(), t.Day()), nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time {
	return time.Unix(int64(d.n-unixDay)*86400, 0).UTC()
}

// IsZero reports whether d is the zero Date, "no date".
func (d Date) IsZero() bool { return d.n == 0 }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// Sub returns the number of days from e to d: 2025-01-31 Sub 2025-01-01 is 30.
func (d Date) Sub(e Date) int { return int(d.n - e.n) }

// AddDays returns the date n days after d (before it, for negative n).
func (d Date) AddDays(n int) Date { return Date{d.n + int32(n)} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return cmp.Compare(d.n, e.n) }

// MustParseDate is ParseDate for dates known to be good, such as constants
// in tests; it panics on a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
