package renewal

import (
	"github.com/shopspring/decimal"
)

// Record is one reported figure: what a district (or the city) had done
// of a target by a date. Figures are cumulative as of Date, converted to
// the target's unit; percentages are fractions.
type Record struct {
	Position
	Target   *Target
	District *District // nil for a city-level record
	Date     Date
	// Value is the figure of a count or level record.
	Value decimal.Decimal
	// Numerator and Denominator are the parts of a ratio record.
	Numerator, Denominator decimal.Decimal
	// Done is the day a milestone was done, for a milestone record.
	Done Date
	// Unit is the unit the record was written in when it named one.
	Unit string
	Note string
	// Correction is the reason given when this record replaces an earlier
	// one for the same target, district and date.
	Correction string
	// Source is the file's `source`: who reported.
	Source string
}

// Stats counts what a progress load did with the record entries it read.
// Entries = Records + Rejected + Duplicates + Replaced: every entry is
// counted, or named in a problem.
type Stats struct {
	Files      int // files read
	Entries    int // record entries read
	Records    int // records counted in the ledger
	Rejected   int // entries not counted because of an error
	Duplicates int // exact repeats, counted once (each named in a warning)
	Replaced   int // records replaced by a later correction (each named in a warning)
}
