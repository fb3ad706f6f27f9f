package renewal_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// cancellingFS is a MapFS that cancels a load's context when the n-th
// file is opened, and counts the opens.
type cancellingFS struct {
	fstest.MapFS
	at     int64
	cancel context.CancelFunc
	opens  atomic.Int64
}

func (c *cancellingFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".yaml") && c.opens.Add(1) == c.at {
		c.cancel()
	}
	return c.MapFS.Open(name)
}

func manyFiles(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := range n {
		fsys[fmt.Sprintf("p/%04d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("date: 2025-06-30\nrecords:\n  - {target: pilot-projects, value: %d, date: 2025-%02d-01}\n", i, 1+i%12))}
	}
	return fsys
}

// TestLoadContext: a load whose context is done stops: no more files are
// opened, it returns a nil ledger, and its last problem carries the
// context's error, naming the first file not loaded.
func TestLoadContext(t *testing.T) {
	plan := mustFuzzPlan(t)
	t.Run("DoneBefore", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		led, probs := (&renewal.Loader{}).LoadProgressContext(ctx, plan, manyFiles(3), "p")
		assert.Nil(t, led)
		require.Len(t, probs, 1)
		assert.True(t, errors.Is(probs.Err(), context.Canceled))
		assert.Equal(t, renewal.Position{File: "p/0000.yaml", Line: 1, Column: 1}, probs[0].Position)
		assert.Contains(t, probs[0].Message, "loading was stopped (context canceled): this file and the 2 after it were not loaded")
	})
	t.Run("CancelledPartWay", func(t *testing.T) {
		const n = 2000
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		fsys := &cancellingFS{MapFS: manyFiles(n), at: 5, cancel: cancel}
		var led *renewal.Ledger
		var probs renewal.Problems
		finishes(t, hangLimit, func() {
			led, probs = (&renewal.Loader{Workers: 2}).LoadProgressContext(ctx, plan, fsys, "p")
		})
		assert.Nil(t, led)
		require.NotEmpty(t, probs)
		last := probs[len(probs)-1]
		assert.ErrorIs(t, last, context.Canceled)
		assert.Contains(t, last.Message, "were not loaded")
		// The files opened: the fifth, and those the two workers and the
		// window had under way; far from all 2,000.
		assert.Less(t, fsys.opens.Load(), int64(100), "files opened after the cancel")
	})
	t.Run("Deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 0)
		defer cancel()
		<-ctx.Done()
		_, probs := (&renewal.Loader{}).LoadProgressFilesContext(ctx, plan, t.TempDir())
		assert.ErrorIs(t, probs.Err(), context.DeadlineExceeded)
	})
	t.Run("NotDone", func(t *testing.T) {
		led, probs := (&renewal.Loader{}).LoadProgressContext(context.Background(), plan, manyFiles(12), "p")
		assert.Empty(t, probs)
		assert.Equal(t, 12, led.Stats().Entries)
	})
}

// TestUnreadPlan: progress loaded against a plan that could not be read
// at all gives one problem, not one a record.
func TestUnreadPlan(t *testing.T) {
	plan, probs := renewal.LoadPlanFile(t.TempDir() + "/missing.yaml")
	require.Len(t, probs, 1)
	led, probs := renewal.LoadProgress(plan, manyFiles(50), "p")
	require.Len(t, probs, 1, "%s", probs)
	assert.Contains(t, probs[0].Message, "the plan could not be read, so the progress (50 files) was not checked")
	assert.Equal(t, 0, led.Len())
}
