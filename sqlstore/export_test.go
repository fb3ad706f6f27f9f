package sqlstore

import "context"

// SetFault makes f run at each step of a write, and returns what undoes
// it.
func SetFault(f func(ctx context.Context, step string)) (restore func()) {
	old := fault
	fault = f
	return func() { fault = old }
}
