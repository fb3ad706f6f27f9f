//go:build !race

package main

// raceFactor stretches the watchdogs of hostile inputs under the race
// detector; without it, 1.
const raceFactor = 1
