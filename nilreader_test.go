package renewal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// TestNilReader: ReadPlan and ReadProgress given a nil reader return an
// error of class ErrArgument, with an empty plan or ledger that a report
// can be made from, instead of panicking.
func TestNilReader(t *testing.T) {
	plan, probs := renewal.ReadPlan("plan.yaml", nil)
	require.NotNil(t, plan)
	require.Len(t, probs, 1)
	assert.ErrorIs(t, probs.Err(), renewal.ErrArgument)
	assert.Equal(t, "ReadPlan was given a nil reader; nothing was read", probs[0].Error())
	assert.Equal(t, "ReadPlan 收到的读取来源为空（nil），什么也没有读入", probs[0].Text(renewal.Chinese))

	real, _ := data.Plan()
	led, probs := renewal.ReadProgress(real, "progress.yaml", nil)
	require.NotNil(t, led)
	require.Len(t, probs, 1)
	assert.ErrorIs(t, probs.Err(), renewal.ErrArgument)
	assert.Equal(t, "ReadProgress was given a nil reader; nothing was read", probs[0].Error())
	assert.Zero(t, led.Len())
	r := renewal.Evaluate(led, renewal.Date{})
	assert.True(t, r.HasErrors(), "the report holds the error")

	// A nil plan too: the error of the nil plan, as for any progress.
	led, probs = renewal.ReadProgress(nil, "progress.yaml", nil)
	require.NotNil(t, led)
	assert.ErrorIs(t, probs.Err(), renewal.ErrArgument)
	assert.True(t, renewal.Evaluate(led, renewal.Date{}).HasErrors())
}
