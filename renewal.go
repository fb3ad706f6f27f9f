// Package renewal tracks a city's urban-renewal work plan: it loads the
// plan and district progress reports from YAML, checks them, and computes
// how complete every target is, city-wide and per district, against
// time-proportional expected progress (序时进度), with roll-ups and
// rankings, in exact decimal arithmetic.
//
// The full manual is being written; see SPEC.md for the file format.
package renewal
