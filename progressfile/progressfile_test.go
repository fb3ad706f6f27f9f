package progressfile_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/progressfile"
)

// testPlan splits 100 homes among eight districts d1 … d8 and has a
// city-wide count.
const testPlan = `
id: writers
title: 并发填报
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
districts: [{id: d1, name: 一区}, {id: d2, name: 二区}, {id: d3, name: 三区}, {id: d4, name: 四区},
            {id: d5, name: 五区}, {id: d6, name: 六区}, {id: d7, name: 七区}, {id: d8, name: 八区}]
sections:
  - id: s
    name: 分项
    tasks:
      - id: t
        name: 任务
        targets:
          - {id: homes, name: 改造小区, unit: 个, lead: zjj,
             allocations: {d1: 30, d2: 30, d3: 30, d4: 30, d5: 30, d6: 30, d7: 30, d8: 30}}
          - {id: land, name: 盘活土地, unit: 公顷, target: 30, lead: zjj}
`

// Environment of a child writer process (see TestChildWriter).
const (
	envChild  = "PROGRESSFILE_CHILD" // the plan file
	envDir    = "PROGRESSFILE_DIR"
	envWorker = "PROGRESSFILE_WORKER" // its district: d1 … d8
	envFile   = "PROGRESSFILE_FILE"   // "" for the district's default file
	envCount  = "PROGRESSFILE_COUNT"  // appends; 0: until killed
	envFault  = "PROGRESSFILE_FAULT"  // the step at which to exit with 3
)

func writePlan(t *testing.T) (string, *renewal.Plan) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.yaml")
	require.NoError(t, os.WriteFile(path, []byte(testPlan), 0o644))
	plan, probs := renewal.LoadPlanFile(path)
	require.Empty(t, probs.String())
	return path, plan
}

// TestChildWriter is the body of a child writer process: the tests run
// the test binary again with only this test and its environment set.
// Worker dK appends homes for dK, dated day j of 2025 with value j (1 …),
// so that each record is distinct and none falls.
func TestChildWriter(t *testing.T) {
	planPath := os.Getenv(envChild)
	if planPath == "" {
		t.Skip("run as a child process by the other tests")
	}
	plan, probs := renewal.LoadPlanFile(planPath)
	if probs.HasErrors() {
		fmt.Fprint(os.Stderr, probs)
		os.Exit(2)
	}
	if step := os.Getenv(envFault); step != "" {
		progressfile.SetFault(func(s string) {
			if s == step {
				os.Exit(3)
			}
		})
	}
	w := &progressfile.Writer{Plan: plan, Dir: os.Getenv(envDir)}
	worker := os.Getenv(envWorker)
	file := os.Getenv(envFile)
	n, _ := strconv.Atoi(os.Getenv(envCount))
	for j := 1; n == 0 || j <= n; j++ {
		if j > 300 {
			time.Sleep(time.Hour) // waiting to be killed
		}
		e := renewal.Entry{Target: "homes", District: worker, Date: renewal.NewDate(2025, 1, j), Value: strconv.Itoa(j)}
		if _, err := w.Append(context.Background(), file, worker+"填报", e); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

func child(planPath, dir, worker, file string, count int, fault string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"="+planPath, envDir+"="+dir, envWorker+"="+worker,
		envFile+"="+file, envCount+"="+strconv.Itoa(count), envFault+"="+fault)
	return cmd
}

// runChildren runs 8 writers of count appends each at once, the writer
// dK into file(K), and waits for them.
func runChildren(t *testing.T, planPath, dir string, count int, file func(k int) string) {
	t.Helper()
	runChildrenIn(t, planPath, func(int) string { return dir }, count, file)
}

// runChildrenIn is runChildren with the writer dK given the progress
// directory dir(K).
func runChildrenIn(t *testing.T, planPath string, dir func(k int) string, count int, file func(k int) string) {
	t.Helper()
	var wg sync.WaitGroup
	for k := 1; k <= 8; k++ {
		cmd := child(planPath, dir(k), fmt.Sprintf("d%d", k), file(k), count, "")
		wg.Go(func() {
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "writer %d: %s", k, out)
		})
	}
	wg.Wait()
}

// checkAll loads dir and checks that it holds exactly the records of 8
// writers × count appends: each district's days 1 … count with value j.
func checkAll(t *testing.T, plan *renewal.Plan, dir string, count int) {
	t.Helper()
	led, probs := renewal.LoadProgressFiles(plan, dir)
	require.Empty(t, probs.String())
	assert.Equal(t, 8*count, led.Len())
	assert.Equal(t, 8*count, led.Stats().Entries, "no entry doubled")
	seen := map[string]bool{}
	for r := range led.Records() {
		key := r.District.ID + " " + r.Date.String()
		assert.False(t, seen[key], "%s twice", key)
		seen[key] = true
		assert.Equal(t, strconv.Itoa(r.Date.Sub(renewal.NewDate(2025, 1, 1))+1), r.Value.String(), key)
	}
	for k := 1; k <= 8; k++ {
		for j := 1; j <= count; j++ {
			assert.True(t, seen[fmt.Sprintf("d%d %s", k, renewal.NewDate(2025, 1, j))], "d%d day %d lost", k, j)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	planPath, plan := writePlan(t)
	t.Run("OneFile", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "progress")
		runChildren(t, planPath, dir, 25, func(int) string { return filepath.Join(dir, "all.yaml") })
		checkAll(t, plan, dir, 25)
		// 200 documents of 6 lines, "---" to value, and nothing else.
		text, err := os.ReadFile(filepath.Join(dir, "all.yaml"))
		require.NoError(t, err)
		assert.Equal(t, 200, strings.Count(string(text), "---\n"))
		assert.Equal(t, 200*7, strings.Count(string(text), "\n"))
	})
	t.Run("OwnFiles", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "progress")
		runChildren(t, planPath, dir, 25, func(int) string { return "" })
		checkAll(t, plan, dir, 25)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		// The lock file, and each district's default file; no temporary
		// file left.
		assert.Equal(t, []string{progressfile.LockFile, "d1.yaml", "d2.yaml", "d3.yaml", "d4.yaml", "d5.yaml", "d6.yaml", "d7.yaml", "d8.yaml"}, names)
	})
}

// TestParentAndChildDirs runs 8 writers into one file at once, half of
// them given the progress directory and half a folder inside it, which
// they name differently: they take the same lock, so that no record is
// lost and no writer removes another's temporary file.
func TestParentAndChildDirs(t *testing.T) {
	planPath, plan := writePlan(t)
	root := filepath.Join(t.TempDir(), "progress")
	sub := filepath.Join(root, "2025")
	file := filepath.Join(sub, "all.yaml")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	runChildrenIn(t, planPath, func(k int) string {
		if k%2 == 0 {
			return sub
		}
		return root
	}, 25, func(int) string { return file })
	checkAll(t, plan, root, 25)
	temps, _ := filepath.Glob(filepath.Join(sub, "*"+progressfile.TempSuffix))
	assert.Empty(t, temps)
	// The file's lock is the one in its folder; the parent's writers hold
	// their directory's lock as well.
	for _, d := range []string{root, sub} {
		info, err := os.Lstat(filepath.Join(d, progressfile.LockFile))
		require.NoError(t, err)
		assert.True(t, info.Mode().IsRegular())
	}
}

// TestLockPerFile: a writer given a folder inside the directory, through
// a link to it, takes the lock of the file's real folder.
func TestLockPerFile(t *testing.T) {
	_, plan := writePlan(t)
	root := t.TempDir()
	dir := filepath.Join(root, "progress")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "2025"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(dir, "2025"), filepath.Join(root, "this-year")))
	held := flock.New(filepath.Join(dir, "2025", progressfile.LockFile))
	ok, err := held.TryLock()
	require.NoError(t, err)
	require.True(t, ok)
	defer held.Unlock()
	e := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"}
	for _, w := range []*progressfile.Writer{
		{Plan: plan, Dir: dir},
		{Plan: plan, Dir: filepath.Join(dir, "2025")},
		{Plan: plan, Dir: filepath.Join(root, "this-year")},
	} {
		file := filepath.Join(w.Dir, "d1.yaml")
		if w.Dir == dir {
			file = filepath.Join(dir, "2025", "d1.yaml")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := w.Append(ctx, file, "", e)
		cancel()
		require.ErrorIs(t, err, progressfile.ErrLocked, w.Dir)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Regexp(t, `^another writer holds the lock on `+regexp.QuoteMeta(file)+`; gave up after waiting \d+ms$`, err.Error())
	}
	_, err = os.Stat(filepath.Join(dir, "2025", "d1.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	// The directory's lock held: a writer into a folder inside it waits
	// for it, and names it.
	require.NoError(t, held.Unlock())
	dirLock := flock.New(filepath.Join(dir, progressfile.LockFile))
	ok, err = dirLock.TryLock()
	require.NoError(t, err)
	require.True(t, ok)
	defer dirLock.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = (&progressfile.Writer{Plan: plan, Dir: dir}).Append(ctx, filepath.Join(dir, "2025", "d1.yaml"), "", e)
	require.ErrorIs(t, err, progressfile.ErrLocked)
	assert.Regexp(t, `^another writer holds the lock on the progress directory `+regexp.QuoteMeta(dir)+`; gave up after waiting \d+ms$`, err.Error())
}

// TestTempFilePerWriter: a temporary file is named after the file and the
// writer's process, and is new.
func TestTempFilePerWriter(t *testing.T) {
	_, plan := writePlan(t)
	dir := t.TempDir()
	var temps []string
	progressfile.SetFault(func(step string) {
		if step == "written" {
			temps, _ = filepath.Glob(filepath.Join(dir, "*"+progressfile.TempSuffix))
		}
	})
	defer progressfile.SetFault(func(string) {})
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	_, err := w.Append(context.Background(), "", "", renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"})
	require.NoError(t, err)
	require.Len(t, temps, 1)
	assert.Regexp(t, `^\.d1\.yaml\.`+strconv.Itoa(os.Getpid())+`-[0-9a-f]{16}`+regexp.QuoteMeta(progressfile.TempSuffix)+`$`, filepath.Base(temps[0]))
}

// TestRefusedMakesNoFolder: records with errors make no folder, neither
// the progress directory nor a file's folders; good ones make both.
func TestRefusedMakesNoFolder(t *testing.T) {
	_, plan := writePlan(t)
	root := t.TempDir()
	dir := filepath.Join(root, "progress")
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	bad := renewal.Entry{Target: "homes", District: "d9", Date: renewal.NewDate(2025, 7, 31), Value: "5"}
	for _, file := range []string{"", filepath.Join(dir, "2025", "07", "d1.yaml")} {
		res, err := w.Append(context.Background(), file, "", bad)
		require.ErrorIs(t, err, progressfile.ErrRefused)
		assert.Contains(t, res.Problems.String(), `district "d9" is not a declared district`)
		entries, err := os.ReadDir(root)
		require.NoError(t, err)
		assert.Empty(t, entries, "no folder made for %q", file)
	}
	// Made under the lock, a good record is written with its folders.
	good := bad
	good.District = "d1"
	res, err := w.Append(context.Background(), filepath.Join(dir, "2025", "07", "d1.yaml"), "", good)
	require.NoError(t, err)
	assert.Equal(t, []renewal.Position{{File: filepath.Join(dir, "2025", "07", "d1.yaml"), Line: 3, Column: 5}}, res.At)
	// It conflicts with itself as a new record.
	good.Value = "6"
	_, err = w.Append(context.Background(), filepath.Join(dir, "2025", "08", "d1.yaml"), "", good)
	require.ErrorIs(t, err, progressfile.ErrRefused)
	_, err = os.Stat(filepath.Join(dir, "2025", "08"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestReadOnlyFile: a file whose mode bars its owner from writing is
// refused and left as it was; its mode bits decide, as CI runs as root.
func TestReadOnlyFile(t *testing.T) {
	_, plan := writePlan(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "d1.yaml")
	require.NoError(t, os.WriteFile(path, []byte(handWritten), 0o644))
	require.NoError(t, os.Chmod(path, 0o444))
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	_, err := w.Append(context.Background(), "", "", renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"})
	require.ErrorIs(t, err, fs.ErrPermission)
	assert.False(t, errors.Is(err, progressfile.ErrRefused))
	assert.Equal(t, path+" is read-only (mode 0444): a read-only progress file is closed to new records, so nothing was written; make it writable to add to it", err.Error())
	got, _ := os.ReadFile(path)
	assert.Equal(t, handWritten, string(got))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o444), info.Mode().Perm())
}

// TestReaderSeesWholeFiles loads the directory in a loop while 8 writers
// append to one file: every load is whole, with no YAML error, and sees
// no fewer records than the one before.
func TestReaderSeesWholeFiles(t *testing.T) {
	planPath, plan := writePlan(t)
	dir := filepath.Join(t.TempDir(), "progress")
	file := filepath.Join(dir, "all.yaml")
	var stop atomic.Bool
	var loads, last int
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			if _, err := os.Stat(file); err != nil {
				continue // not written yet: an empty directory is a warning
			}
			led, probs := renewal.LoadProgressFiles(plan, dir)
			if !assert.Empty(t, probs.String(), "load %d", loads) {
				return
			}
			assert.GreaterOrEqual(t, led.Len(), last)
			last = led.Len()
			loads++
		}
	}()
	runChildren(t, planPath, dir, 10, func(int) string { return file })
	stop.Store(true)
	<-done
	checkAll(t, plan, dir, 10)
	assert.Greater(t, loads, 0)
	t.Logf("%d loads during 80 appends", loads)
}

// handWritten is a progress file as a person writes it: comments, a flow
// mapping, CRLF line ends and no line break at the end.
const handWritten = "# 城东 6月报\r\n" + // 1
	"district: d1   # default\r\n" + // 2
	"records:\r\n" + // 3
	"  - {target: homes, date: 2025-06-30, value: 4}  # 含1处\r\n" + // 4
	"# end" // 5

// TestKilledWriter ends a writer at each step of its write, as a kill
// would: the file is then the old one (before the rename) or the new one
// (after), it loads with no problem, and the next writer proceeds.
func TestKilledWriter(t *testing.T) {
	planPath, plan := writePlan(t)
	doc := "\r\n---\r\nsource: d1填报\r\nrecords:\r\n  - target: homes\r\n    district: d1\r\n    date: 2025-01-01\r\n    value: 1\r\n"
	for _, tc := range []struct {
		step string
		want string // the file after the kill
		temp bool   // a temporary file is left
	}{
		{"locked", handWritten, false},
		{"written", handWritten, true},
		{"synced", handWritten, true},
		{"renamed", handWritten + doc, false},
		{"done", handWritten + doc, false},
	} {
		t.Run(tc.step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "progress")
			require.NoError(t, os.MkdirAll(dir, 0o755))
			path := filepath.Join(dir, "d1.yaml")
			require.NoError(t, os.WriteFile(path, []byte(handWritten), 0o644))
			cmd := child(planPath, dir, "d1", "", 1, tc.step)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "%s", out)
			require.Equal(t, 3, exit.ExitCode(), "%s", out)
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
			temps, _ := filepath.Glob(filepath.Join(dir, "*"+progressfile.TempSuffix))
			assert.Equal(t, tc.temp, len(temps) == 1, "temporary files %q", temps)
			led, probs := renewal.LoadProgressFiles(plan, dir)
			require.Empty(t, probs.String())
			before := led.Len()

			// The next writer is not kept waiting (the lock died with the
			// child) and clears the temporary file a kill left.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			w := &progressfile.Writer{Plan: plan, Dir: dir}
			res, err := w.Append(ctx, "", "", renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"})
			require.NoError(t, err)
			assert.Empty(t, res.Problems.String())
			led, probs = renewal.LoadProgressFiles(plan, dir)
			require.Empty(t, probs.String())
			assert.Equal(t, before+1, led.Len())
			temps, _ = filepath.Glob(filepath.Join(dir, "*"+progressfile.TempSuffix))
			assert.Empty(t, temps)
		})
	}
}

// TestKill9 kills a writer that appends in a loop at a moment of the
// kernel's choosing, three times: each time the directory loads with no
// problem and a new writer gets the lock.
func TestKill9(t *testing.T) {
	planPath, plan := writePlan(t)
	dir := filepath.Join(t.TempDir(), "progress")
	for round := range 3 {
		cmd := child(planPath, dir, fmt.Sprintf("d%d", round+1), "", 0, "")
		require.NoError(t, cmd.Start())
		// Wait for a few of its records, then kill it mid-stream.
		deadline := time.Now().Add(30 * time.Second)
		for {
			led, _ := renewal.LoadProgressFiles(plan, dir)
			if led.Len() >= 5*(round+1) || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		led, probs := renewal.LoadProgressFiles(plan, dir)
		require.Empty(t, probs.String())
		require.GreaterOrEqual(t, led.Len(), 5*(round+1))

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		w := &progressfile.Writer{Plan: plan, Dir: dir}
		_, err := w.Append(ctx, "", "", renewal.Entry{Target: "land", Date: renewal.NewDate(2025, 12, round+1), Value: "1"})
		cancel()
		require.NoError(t, err)
		after, probs := renewal.LoadProgressFiles(plan, dir)
		require.Empty(t, probs.String())
		assert.Equal(t, led.Len()+1, after.Len())
	}
}

// TestConflictAndCorrection refuses a record that disagrees with one in
// the file, naming that record, and writes nothing; the same record as a
// correction is written, and the report uses it.
func TestConflictAndCorrection(t *testing.T) {
	_, plan := writePlan(t)
	dir := filepath.Join(t.TempDir(), "progress")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "d1.yaml")
	require.NoError(t, os.WriteFile(path, []byte(handWritten), 0o644))
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	e := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 6, 30), Value: "6"}

	res, err := w.Append(context.Background(), path, "", e)
	require.ErrorIs(t, err, progressfile.ErrRefused)
	// The file has 5 lines; a line break, then "---" at 6, records at 7,
	// the entry at 8.
	name := filepath.Join(dir, "d1.yaml")
	assert.Equal(t, name+":8:5: conflicts with the record at "+name+":4:5 for homes, d1, 2025-06-30 (4 there, 6 here); add correction: <reason> to this record to replace that one\n",
		res.Problems.String())
	got, _ := os.ReadFile(path)
	assert.Equal(t, handWritten, string(got), "nothing written")

	e.Correction = "更正6月误报"
	res, err = w.Append(context.Background(), path, "", e)
	require.NoError(t, err)
	assert.Equal(t, name+":8:5: warning: correction (更正6月误报) replaces the record at "+name+":4:5: 4 → 6\n",
		res.Problems.String())
	assert.Equal(t, []renewal.Position{{File: name, Line: 8, Column: 5}}, res.At)

	led, probs := renewal.LoadProgressFiles(plan, dir)
	require.False(t, probs.HasErrors(), probs.String())
	g := renewal.Evaluate(led, renewal.NewDate(2025, 6, 30)).Goal("homes", "d1")
	require.NotNil(t, g)
	// 6 of d1's 30: completion 6/30 = 0.2.
	assert.Equal(t, "6", g.Actual.String())
	assert.Equal(t, "0.2", g.Completion.String())
	assert.Equal(t, renewal.Position{File: name, Line: 8, Column: 5}, g.Record)
	// The ledger Append returns is the one a load gives.
	assert.Equal(t, led.Stats(), res.Ledger.Stats())
}

// TestAppendKeepsTheFile appends to hand-written files: every byte of
// each stays, and the new document follows in the file's line ends.
func TestAppendKeepsTheFile(t *testing.T) {
	_, plan := writePlan(t)
	e := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5", Note: "含2处待公示"}
	for _, tc := range []struct{ name, old, want string }{{
		name: "CRLFNoFinalBreak",
		old:  handWritten,
		want: handWritten + "\r\n---\r\nsource: 城东区住建局\r\nrecords:\r\n  - target: homes\r\n    district: d1\r\n    date: 2025-07-31\r\n    value: 5\r\n    note: 含2处待公示\r\n",
	}, {
		name: "LF",
		old:  "district: d1\ndate: 2025-06-30\nrecords:\n  - target: homes   # 6月\n    value: 4\n\n# 以下为7月\n",
		want: "district: d1\ndate: 2025-06-30\nrecords:\n  - target: homes   # 6月\n    value: 4\n\n# 以下为7月\n" +
			"---\nsource: 城东区住建局\nrecords:\n  - target: homes\n    district: d1\n    date: 2025-07-31\n    value: 5\n    note: 含2处待公示\n",
	}, {
		name: "New",
		want: "---\nsource: 城东区住建局\nrecords:\n  - target: homes\n    district: d1\n    date: 2025-07-31\n    value: 5\n    note: 含2处待公示\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "progress")
			path := filepath.Join(dir, "2025", "07", "d1.yaml") // folders made as needed
			if tc.old != "" {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(tc.old), 0o600))
			}
			w := &progressfile.Writer{Plan: plan, Dir: dir}
			res, err := w.Append(context.Background(), path, "城东区住建局", e)
			require.NoError(t, err)
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
			led, probs := renewal.LoadProgressFiles(plan, dir)
			require.Empty(t, probs.String())
			var last renewal.Record
			for r := range led.Records() {
				last = r
			}
			assert.Equal(t, res.At[0], last.Position)
			assert.Equal(t, "含2处待公示", last.Note)
			if tc.old != "" {
				info, err := os.Stat(path)
				require.NoError(t, err)
				assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the file keeps its mode")
			}
		})
	}
}

// TestRefusedFiles: a file outside the progress directory, by its path or
// through a symbolic link, and one a load would not read, are refused
// before anything is written.
func TestRefusedFiles(t *testing.T) {
	_, plan := writePlan(t)
	root := t.TempDir()
	dir := filepath.Join(root, "progress")
	outside := filepath.Join(root, "outside")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.MkdirAll(outside, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "x.yaml"), []byte("records: []\n"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(outside, "x.yaml"), filepath.Join(dir, "link.yaml")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "sub")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "._x.yaml"), []byte("macOS\n"), 0o644))
	require.NoError(t, os.Symlink("._x.yaml", filepath.Join(dir, "skip.yaml")))
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	e := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"}
	for _, tc := range []struct{ file, err string }{
		{filepath.Join(dir, "..", "x.yaml"), "is not inside the progress directory"},
		{filepath.Join(dir, "link.yaml"), "is not inside the progress directory"},
		{filepath.Join(dir, "sub", "y.yaml"), "is not inside the progress directory"},
		{dir + ".yaml", "is not inside the progress directory"},
		{filepath.Join(dir, "d1.txt"), "ends in .yaml or .yml"},
		{filepath.Join(dir, "d1.YAML"), "ends in .yaml or .yml"},
		{filepath.Join(dir, "._d1.yaml"), "._d1.yaml: a load skips a file of this name, which macOS gives the resource files it leaves beside a file it copies (._…), so nothing was written to it"},
		{filepath.Join(dir, "~$d1.yml"), "~$d1.yml: a load skips a file of this name, which Excel and WPS give their lock files (~$…), so nothing was written to it"},
		{filepath.Join(dir, "skip.yaml"), "skip.yaml: a load skips a file of this name"}, // a link to ._x.yaml
	} {
		_, err := w.Append(context.Background(), tc.file, "", e)
		assert.ErrorContains(t, err, tc.err, tc.file)
		assert.False(t, errors.Is(err, progressfile.ErrRefused))
	}
	got, _ := os.ReadFile(filepath.Join(outside, "x.yaml"))
	assert.Equal(t, "records: []\n", string(got))
	_, err := os.Stat(filepath.Join(outside, "y.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	for _, name := range []string{"._d1.yaml", "~$d1.yml"} {
		_, err := os.Lstat(filepath.Join(dir, name))
		assert.ErrorIs(t, err, os.ErrNotExist, name)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "._x.yaml"))
	assert.Equal(t, "macOS\n", string(got))

	// A link inside the directory to a file inside it is followed: the
	// file it names is written, and stays a link's target.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "d1.yaml"), []byte("records: []\n"), 0o644))
	require.NoError(t, os.Symlink("d1.yaml", filepath.Join(dir, "alias.yaml")))
	res, err := w.Append(context.Background(), filepath.Join(dir, "alias.yaml"), "", e)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "d1.yaml"), res.File)
	got, _ = os.ReadFile(filepath.Join(dir, "d1.yaml"))
	assert.Contains(t, string(got), "records: []\n---\n")
	target, err := os.Readlink(filepath.Join(dir, "alias.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "d1.yaml", target, "the link stays a link")
}

func TestNames(t *testing.T) {
	for _, name := range []string{progressfile.LockFile, "x" + progressfile.TempSuffix} {
		for _, ext := range []string{".yaml", ".yml", ".xlsx"} {
			assert.False(t, strings.HasSuffix(strings.ToLower(name), ext), name)
		}
	}
	assert.Equal(t, "d1.yaml", progressfile.DefaultFile("d1"))
	assert.Equal(t, "亭湖.yaml", progressfile.DefaultFile("亭湖"))
	// No identifier begins with "_", so no district's file is the city's.
	assert.Equal(t, "_city.yaml", progressfile.DefaultFile(""))
}

// TestAlreadyRecorded: an entry that gives the same figures as a record
// of the directory for its target, district and date (a unit converted as
// a load converts it) is not written again: Already, At naming that
// record, no problem, the file untouched. A repeat within one call is
// written once. A refused entry's problems are New.
func TestAlreadyRecorded(t *testing.T) {
	_, plan := writePlan(t)
	dir := filepath.Join(t.TempDir(), "progress")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "d1.yaml")
	require.NoError(t, os.WriteFile(path, []byte(handWritten), 0o644))
	w := &progressfile.Writer{Plan: plan, Dir: dir}
	same := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 6, 30), Value: "4"}
	name := filepath.Join(dir, "d1.yaml")

	res, err := w.Append(context.Background(), path, "", same)
	require.NoError(t, err)
	assert.Equal(t, []bool{true}, res.Already)
	assert.Equal(t, []renewal.Position{{File: name, Line: 4, Column: 5}}, res.At)
	assert.Empty(t, res.Problems)
	got, _ := os.ReadFile(path)
	assert.Equal(t, handWritten, string(got), "nothing written")

	// Into another file of the directory, which does not exist: not made.
	res, err = w.Append(context.Background(), filepath.Join(dir, "2025", "06.yaml"), "", same)
	require.NoError(t, err)
	assert.Equal(t, []bool{true}, res.Already)
	_, err = os.Stat(filepath.Join(dir, "2025"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "no folder made for nothing")

	// 1 公顷 = 15 亩: 45 亩 is 3 公顷, the figure of the record of land.
	land := renewal.Entry{Target: "land", Date: renewal.NewDate(2025, 6, 30), Value: "3"}
	res, err = w.Append(context.Background(), "", "", land)
	require.NoError(t, err)
	city := filepath.Join(dir, progressfile.CityFile)
	assert.Equal(t, []renewal.Position{{File: city, Line: 3, Column: 5}}, res.At)
	before, _ := os.ReadFile(city)
	inMu := land
	inMu.Value, inMu.Unit = "45", "亩"
	res, err = w.Append(context.Background(), "", "", inMu)
	require.NoError(t, err)
	assert.Equal(t, []bool{true}, res.Already)
	assert.Equal(t, []renewal.Position{{File: city, Line: 3, Column: 5}}, res.At)
	after, _ := os.ReadFile(city)
	assert.Equal(t, string(before), string(after))

	// A new figure with a repeat of it, and one already there: the new
	// one written once, the repeat pointing at it.
	next := renewal.Entry{Target: "homes", District: "d1", Date: renewal.NewDate(2025, 7, 31), Value: "5"}
	res, err = w.Append(context.Background(), path, "", next, same, next)
	require.NoError(t, err)
	assert.Equal(t, []bool{false, true, true}, res.Already)
	// The file had 5 lines: a line break, "---" at 6, records at 7, the entry at 8.
	at := renewal.Position{File: name, Line: 8, Column: 5}
	assert.Equal(t, []renewal.Position{at, {File: name, Line: 4, Column: 5}, at}, res.At)
	got, _ = os.ReadFile(path)
	assert.Equal(t, 1, strings.Count(string(got), "2025-07-31"), "%s", got)
	assert.Empty(t, res.Problems)

	// A refused entry: its problem lies in the document never written.
	conflict := same
	conflict.Value = "6"
	res, err = w.Append(context.Background(), path, "", conflict)
	require.ErrorIs(t, err, progressfile.ErrRefused)
	require.Len(t, res.Problems, 1)
	assert.True(t, res.New(res.Problems[0]), "%s", res.Problems[0])
	assert.False(t, res.New(renewal.Problem{Position: renewal.Position{File: name, Line: 4, Column: 5}}), "a record of the file is not new")
}
