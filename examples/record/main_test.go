package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

func record(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRecord(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "progress")
	file := filepath.Join(dir, "tinghu.yaml")
	base := []string{"-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}

	// A new directory (-create) and file: "---" at line 1, source 2,
	// records 3, the record at 4.
	code, out, errs := record(t, append(base, "-create", "-value", "5", "-source", "亭湖区住建局 7月报")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, file+":4:5\n", out)
	assert.Empty(t, errs)
	text, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "---\nsource: \"亭湖区住建局 7月报\"\nrecords:\n  - target: neighbourhoods-renovated\n    district: tinghu\n    date: 2025-07-31\n    value: 5\n", string(text))

	// Another figure for the same day conflicts: every problem, exit 1,
	// nothing written. The new record is named so, not by the line it
	// would have taken, and the hint names -correction.
	code, out, errs = record(t, append(base, "-value", "6", "-lang", "en")...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "the new record conflicts with the record at "+file+":4:5 for neighbourhoods-renovated, tinghu, 2025-07-31 (5 there, 6 here); to replace that one, give -correction REASON\n"+
		"record: the records have errors; nothing was written\n", errs)
	after, _ := os.ReadFile(file)
	assert.Equal(t, string(text), string(after))
	code, _, errs = record(t, append(base, "-value", "6")...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "新记录与 "+file+":4:5 的记录矛盾：同是 neighbourhoods-renovated、tinghu、2025-07-31，那里是 5，这里是 6；如要替换那条，请加上 -correction 写明更正原因\n"+
		"record: 记录有错误；什么也没有写入\n", errs)

	// Any other problem of the new record is named so too, its field by
	// its flag, and in Chinese by its name too.
	code, _, errs = record(t, append(base, "-value", "五")...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "新记录：累计完成（-value）应为数字，这里填的是“五”\n"+
		"record: 记录有错误；什么也没有写入\n", errs)
	code, _, errs = record(t, append(base, "-value", "五", "-lang", "en")...)
	assert.Equal(t, 1, code)
	assert.Regexp(t, `^the new record: -value "五" is not a decimal figure`, errs)

	// The same figure again: already recorded, nothing written, exit 0,
	// the record's place printed.
	code, out, errs = record(t, append(base, "-value", "5.0", "-lang", "en")...)
	assert.Equal(t, 0, code, errs)
	assert.Equal(t, file+":4:5\n", out)
	assert.Equal(t, "record: already recorded at "+file+":4:5 (the same target, district, date and figures); nothing was added\n", errs)
	code, _, errs = record(t, append(base, "-value", "5")...)
	assert.Equal(t, 0, code, errs)
	assert.Equal(t, "record: 已经记录过了，在 "+file+":4:5（指标、县区、日期、数字都相同）；没有重复添加\n", errs)
	after, _ = os.ReadFile(file)
	assert.Equal(t, string(text), string(after))

	// As a correction it is written, with a warning, and a report uses it.
	code, out, errs = record(t, append(base, "-value", "6", "-correction", "更正7月误报")...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, file+":10:5\n", out)
	assert.Equal(t, file+":10:5: 警告：更正（更正7月误报）替换了 "+file+":4:5 的记录：5 → 6\n", errs)
	plan, _ := data.Plan()
	led, probs := renewal.LoadProgressFiles(plan, dir)
	require.False(t, probs.HasErrors(), probs.String())
	g := renewal.Evaluate(led, renewal.MustParseDate("2025-07-31")).Goal("neighbourhoods-renovated", "tinghu")
	require.NotNil(t, g)
	// 6 of tinghu's 20 (18 before the plan's revision of 2025-07-01): 6/20.
	assert.Equal(t, "6", g.Actual.String())
	assert.Equal(t, "0.3000", g.Completion.StringFixed(4))

	// A city-wide record goes to _city.yaml, a name no district id takes.
	code, out, errs = record(t, "-progress", dir, "-target", "city-memory-events", "-date", "2025-07-31", "-value", "3")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, filepath.Join(dir, "_city.yaml")+":3:5\n", out)

	// Unknown ids: a wrong command line, each with a did-you-mean over
	// the ids and names; nothing written.
	code, out, errs = record(t, "-progress", dir, "-target", "neighbourhoods-renovatd", "-district", "tinhu", "-date", "2025-07-31", "-value", "3", "-lang", "en")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, `record: -target neighbourhoods-renovatd: the plan has no target whose id or name is "neighbourhoods-renovatd" (did you mean "neighbourhoods-renovated"?)`+"\n"+
		`record: -district tinhu: the plan has no district whose id or name is "tinhu" (did you mean "tinghu"?)`+"\n", errs)
	code, _, errs = record(t, "-progress", dir, "-target", "改造老旧小", "-district", "亭湖", "-date", "2025-07-31", "-value", "3")
	assert.Equal(t, 2, code)
	assert.Equal(t, "record: -target 改造老旧小: 计划中没有编号或名称为“改造老旧小”的指标（是不是“改造老旧小区”？）\n"+
		"record: -district 亭湖: 计划中没有编号或名称为“亭湖”的县区（是不是“亭湖区”？）\n", errs)
	_, err = os.Stat(filepath.Join(dir, "tinhu.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	// Names, as a clerk writes them: the record is written with the ids.
	code, out, errs = record(t, "-progress", dir, "-target", "改造老旧小区", "-district", "亭湖区", "-date", "2025-08-31", "-value", "7")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, file+":17:5\n", out)
	text, err = os.ReadFile(file)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(text), "---\nrecords:\n  - target: neighbourhoods-renovated\n    district: tinghu\n    date: 2025-08-31\n    value: 7\n"), "%s", text)
}

func TestRecordCommandLine(t *testing.T) {
	dir := t.TempDir()
	base := []string{"-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}
	for _, tc := range []struct {
		name     string
		args     []string
		zh, want string // the message's start in Chinese (the default) and with -lang en
	}{
		{"NoProgress", []string{"-target", "x", "-date", "2025-07-31", "-value", "1"}, "record: 请用 -progress 写明进度目录（或用 -db 写明数据库）\n", "record: -progress DIR is required"},
		{"NoTarget", []string{"-progress", dir, "-date", "2025-07-31", "-value", "1"}, "record: 请用 -target 写明指标（编号或名称）\n", "record: -target ID is required"},
		{"NoDate", []string{"-progress", dir, "-target", "x", "-value", "1"}, "record: 请用 -date 写明记录日期，如 2025-06-30\n", "record: -date YYYY-MM-DD is required"},
		{"NoFigure", base, "record: 请只填一种数字：-value，或 -numerator 加 -denominator，或 -done\n", "record: give one of -value, -numerator and -denominator, or -done"},
		{"TwoFigures", append(base, "-value", "1", "-done", "2025-07-01"), "record: 请只填一种数字", "record: give one of -value, -numerator and -denominator, or -done"},
		{"NumeratorAlone", append(base, "-numerator", "1"), "record: -numerator 和 -denominator 要一起填\n", "record: -numerator and -denominator go together"},
		{"BadDate", []string{"-progress", dir, "-target", "x", "-date", "2025-7-31", "-value", "1"}, "record: -date 填的“2025-7-31”不是日期；请写成 YYYY-MM-DD，如 2025-06-30\n", `record: -date: "2025-7-31" is not a date; want YYYY-MM-DD, such as 2025-06-30` + "\n"},
		{"BadDone", append(base, "-done", "2025-02-30"), "record: -done 填的“2025-02-30”不是日期", `record: -done: "2025-02-30" is not a calendar date`},
		{"Argument", append(base, "-value", "1", "extra"), "record: 多了一个参数“extra”；每个值都要写在它的参数名后面\n", `record: unexpected argument "extra"` + "\n"},
		{"UnknownFlag", append(base, "-vaule", "1"), "flag provided but not defined: -vaule", "flag provided but not defined: -vaule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := record(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.True(t, strings.HasPrefix(errs, tc.zh), "%s", errs)
			code, out, errs = record(t, append([]string{"-lang", "en"}, tc.args...)...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.True(t, strings.HasPrefix(errs, tc.want), "%s", errs)
		})
	}
	// -lang itself wrong, whatever else is: told in Chinese, the default.
	code, _, errs := record(t, "-lang", "english", "-target", "x")
	assert.Equal(t, 2, code)
	assert.True(t, strings.HasPrefix(errs, "record: -lang 填的“english”不是可选的语言；请填 zh（中文）或 en（英文）\n"), "%s", errs)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing written")
}

// TestRecordCreate: a progress directory that does not exist is an error
// unless -create, and a refused record makes no folder, with -create or
// without.
func TestRecordCreate(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "progress")
	base := []string{"-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31"}

	code, out, errs := record(t, append(base, "-value", "5")...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "record: 进度目录 "+dir+" 不存在；什么也没有写入（加上 -create 可以新建）\n", errs)
	_, _, errs = record(t, append(base, "-value", "5", "-lang", "en")...)
	assert.Equal(t, "record: the progress directory "+dir+" does not exist; nothing was written (-create makes it)\n", errs)
	assertNoEntries(t, root)

	// Refused with -create: an unknown district; still no folder.
	code, _, errs = record(t, "-progress", dir, "-create", "-target", "neighbourhoods-renovated", "-district", "tinhu", "-date", "2025-07-31", "-value", "5")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `县区（是不是“tinghu”？）`)
	assertNoEntries(t, root)
	// Refused with -create: a figure that is not one; still no folder.
	code, _, errs = record(t, "-progress", dir, "-create", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "五")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "新记录：累计完成（-value）应为数字")
	assertNoEntries(t, root)
	// The same with a -file in folders that do not exist either.
	code, _, _ = record(t, "-progress", dir, "-create", "-file", "2025/07/tinghu.yaml", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "五")
	assert.Equal(t, 1, code)
	assertNoEntries(t, root)

	// A folder of -file that does not exist needs -create too.
	require.NoError(t, os.Mkdir(dir, 0o755))
	code, _, errs = record(t, append(base, "-value", "5", "-file", "2025/07/tinghu.yaml")...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "record: -file 所在的文件夹 "+filepath.Join(dir, "2025", "07")+" 不存在；什么也没有写入（加上 -create 可以新建）\n", errs)
	_, _, errs = record(t, append(base, "-value", "5", "-file", "2025/07/tinghu.yaml", "-lang", "en")...)
	assert.Equal(t, "record: the folder "+filepath.Join(dir, "2025", "07")+" of -file does not exist; nothing was written (-create makes it)\n", errs)
	assertNoEntries(t, dir)

	// With -create the folders are made, and -file is read in DIR: a new
	// file with no source has "---" at 1, records at 2, the record at 3.
	code, out, errs = record(t, append(base, "-value", "5", "-file", "2025/07/tinghu.yaml", "-create")...)
	require.Equal(t, 0, code, errs)
	file := filepath.Join(dir, "2025", "07", "tinghu.yaml")
	assert.Equal(t, file+":3:5\n", out)
	_, err := os.Stat(file)
	assert.NoError(t, err)
}

// TestRecordFileInDir: -file is a path relative to the progress
// directory, not to the working directory.
func TestRecordFileInDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(t.TempDir())
	code, out, errs := record(t, "-progress", dir, "-file", "tinghu-07.yaml", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, filepath.Join(dir, "tinghu-07.yaml")+":3:5\n", out)
	_, err := os.Stat("tinghu-07.yaml")
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing in the working directory")

	// A path leading out of the directory is refused.
	code, _, errs = record(t, "-progress", dir, "-file", "../x.yaml", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "is not inside the progress directory")
}

// TestRecordSkippedNames: a file a load would skip, or not read, is
// refused before anything is written: the recorded figure is one the
// report reads.
func TestRecordSkippedNames(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ file, want string }{
		{"._tinghu.yaml", "._tinghu.yaml: a load skips a file of this name, which macOS gives the resource files it leaves beside a file it copies (._…), so nothing was written to it"},
		{"~$tinghu.yaml", "~$tinghu.yaml: a load skips a file of this name, which Excel and WPS give their lock files (~$…), so nothing was written to it"},
		{"tinghu.YAML", "tinghu.YAML: a progress file's name ends in .yaml or .yml (in lower case), or a load does not read it"},
		{"tinghu.xlsx", "tinghu.xlsx: a progress file's name ends in .yaml or .yml (in lower case), or a load does not read it"},
		{"tinghu", "tinghu: a progress file's name ends in .yaml or .yml (in lower case), or a load does not read it"},
	} {
		code, out, errs := record(t, "-progress", dir, "-file", tc.file, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
		assert.Equal(t, 1, code, tc.file)
		assert.Empty(t, out)
		assert.Equal(t, "record: "+filepath.Join(dir, tc.want)+"\n", errs)
	}
	assertNoEntries(t, dir)
}

// TestRecordLockHeld: a lock another writer holds for longer than -wait
// is said once, in a sentence naming the file and the wait.
func TestRecordLockHeld(t *testing.T) {
	dir := t.TempDir()
	held := flock.New(filepath.Join(dir, ".renewal-lock"))
	ok, err := held.TryLock()
	require.NoError(t, err)
	require.True(t, ok)
	defer held.Unlock()
	// In Chinese, the default: the file, the wait, and what to do.
	code, out, errs := record(t, "-progress", dir, "-wait", "100ms", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "record: 有人正在往 "+filepath.Join(dir, "tinghu.yaml")+" 里写，等了 "+waitedIn(t, errs)+" 还没写完；这条没有写入，请稍后再试，或把 -wait 设长一些\n", errs)

	start := time.Now()
	code, out, errs = record(t, "-lang", "en", "-progress", dir, "-wait", "200ms", "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	m := regexp.MustCompile(`^record: another writer holds the lock on (.*); gave up after waiting (\S+)\n$`).FindStringSubmatch(errs)
	require.NotNil(t, m, "%s", errs)
	assert.Equal(t, filepath.Join(dir, "tinghu.yaml"), m[1])
	waited, err := time.ParseDuration(m[2])
	require.NoError(t, err)
	// It waited the 200 ms allowed, give or take the rounding to 10 ms and
	// the start of the command before the wait began.
	assert.GreaterOrEqual(t, waited, 150*time.Millisecond)
	assert.LessOrEqual(t, waited, 200*time.Millisecond)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	_, err = os.Stat(filepath.Join(dir, "tinghu.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestRecordReadOnly: a read-only progress file is refused, named, and
// left as it was (its mode bits are checked: CI runs as root, who may
// write any file).
func TestRecordReadOnly(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tinghu.yaml")
	const text = "district: tinghu\nrecords: []\n"
	require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
	require.NoError(t, os.Chmod(file, 0o444))
	code, out, errs := record(t, "-progress", dir, "-target", "neighbourhoods-renovated", "-district", "tinghu", "-date", "2025-07-31", "-value", "5")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "record: "+file+" is read-only (mode 0444): a read-only progress file is closed to new records, so nothing was written; make it writable to add to it\n", errs)
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, text, string(got))
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o444), info.Mode().Perm())
}

// assertNoEntries checks that dir is empty.
func assertNoEntries(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Empty(t, names, "nothing made in %s", dir)
}

// waitedIn returns the wait a Chinese lock message says, checked to be
// within the 100 ms allowed, give or take the rounding to 10 ms.
func waitedIn(t *testing.T, errs string) string {
	t.Helper()
	m := regexp.MustCompile(`等了 (\S+) 还没写完`).FindStringSubmatch(errs)
	require.NotNil(t, m, "%s", errs)
	waited, err := time.ParseDuration(m[1])
	require.NoError(t, err)
	assert.GreaterOrEqual(t, waited, 50*time.Millisecond)
	assert.LessOrEqual(t, waited, 100*time.Millisecond)
	return m[1]
}
