//go:build race

package xlsx_test

// raceFactor stretches the watchdogs of hostile inputs under the race
// detector, which runs such loads some ten times slower.
const raceFactor = 8
