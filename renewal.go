// Package renewal tracks a city's urban-renewal work plan (城市更新重点任务).
// It loads the plan and the districts' progress reports from YAML, checks
// them, and computes, as of any date, how complete every target is,
// city-wide and per district, against time-proportional expected progress
// (序时进度), with statuses, roll-ups and rankings, in exact decimal
// arithmetic. Reports render as text, Markdown, CSV or JSON.
//
// # Use
//
//	plan, ledger, probs := renewal.LoadFiles("plan.yaml", "progress/")
//	if err := probs.Err(); err != nil { … } // every error, as file:line:column: message
//	report := renewal.Evaluate(ledger, renewal.MustParseDate("2025-06-30"))
//	report.Write(os.Stdout, renewal.Text, renewal.Chinese)
//	g := report.Goal("neighbourhoods-renovated", "tinghu") // one district's goal
//	b, err := json.Marshal(report)                          // the JSON report
//
// (Example_files runs this on files in testdata.) LoadPlanFile and
// LoadProgressFiles load the two apart; LoadPlan and LoadProgress read
// from any fs.FS (embed.FS, os.DirFS, fstest.MapFS); ReadPlan and
// ReadProgress read from an io.Reader. The package data embeds the
// speech's 2025 plan and a synthetic sample.
//
// A report holds every goal (Report.Targets, each with its districts'
// goals), the roll-ups and ranks, and lookups: Report.Goal by target and
// district id, Report.District, Report.Scorecard, and Report.WarningList
// for the warning list (预警清单). Plan.FindDistrict, FindDepartment and
// FindTarget find by id or by name, as people write them (亭湖区), with a
// did-you-mean when nothing matches. json.Marshal of a Report, a Goal, a
// DistrictResult or a Scorecard gives the same objects as the JSON
// report; report.schema.json in the repository describes the report's
// fields. Date, Status, Kind, Direction, Severity, Format and Lang are
// text in JSON and work as flag values (flag.TextVar).
//
// No call panics on a nil or zero argument: progress loaded for a nil
// plan, a plan or progress read from a nil reader, or a report evaluated
// from a nil ledger, holds an error of class ErrArgument; a zero report
// date is the latest record date. A report
// made from input with errors keeps them (Report.Errors) and says so at
// the top of its text and Markdown forms.
//
// # The plan file
//
// A plan says what is to be done, by whom and by when:
//
//	id: yancheng-renewal-2025                 # [a-z0-9][a-z0-9-]*
//	title: 2025年全市城市更新重点任务
//	period: {start: 2025-01-01, end: 2025-12-31}   # both days inclusive
//	schedule:                                 # optional 序时进度 curve
//	  - {date: 2025-06-30, expected: 45%}
//	lagging_threshold: 10%                    # optional; default 10%
//	due_soon_days: 30                         # optional; default 30; whole days ≥ 0
//	pace_days: 28                             # optional; default 28; whole days ≥ 1
//	departments: [{id: zjj, name: 市住建局}]
//	districts: [{id: tinghu, name: 亭湖区}, {id: yandu, name: 盐都区}]
//	sections:
//	  - id: livelihood
//	    name: 加快老旧小区和片区改造
//	    tasks:
//	      - id: old-neighbourhoods
//	        name: 加大老旧小区改造力度
//	        targets:
//	          - id: neighbourhoods-renovated
//	            name: 改造老旧小区
//	            kind: count           # count (default) | ratio | level | milestone
//	            direction: at_least   # at_least (default) | at_most
//	            unit: 个
//	            target: 26            # a count's target defaults to its allocations' sum
//	            allocations: {tinghu: 14, yandu: {target: 12, baseline: 2}}
//	            lead: zjj             # 牵头; support: [...] for 配合
//	            weight: 2             # optional; default 1
//	            deadline: 2025-12-31  # optional; default the period's end
//	            revisions:            # optional documented adjustments (调整, 核减)
//	              - from: 2025-07-01
//	                reason: 盐都区地块收储，核减其任务
//	                target: 16
//	                allocations: {tinghu: 16}
//	                exempt: [yandu]
//
// Every key is listed above, or is one of a target's optional baseline
// (the starting figure, default 0), support (the departments that 配合),
// schedule (its own 序时进度 curve) and note, or of a revision's target,
// baseline and deadline; any other key is an error naming it. An at_least
// count whose target is below its baseline is a warning suggesting
// direction: at_most. The plan id follows [a-z0-9][a-z0-9-]*. Every other
// identifier (department, district, section, task, target) is 1 to 64
// letters and marks of any script and case, digits, '-', '_' and '.',
// beginning with a letter or a digit: T1, A-01.2, old_neighbourhoods and
// 亭湖 are identifiers, and T1 and t1 are two. Identifiers are unique
// within their kind; target ids are unique across the plan. An unknown
// target or district id in a progress file gets a did-you-mean, and is
// named as a look-alike when it differs from a declared id only by
// letters from another script, full-width forms or invisible characters,
// each differing character by place and code point (character 1 is
// U+0422 where "T1" has U+0054).
//
// # Figures, dates and units
//
// Figures are parsed from the YAML text exactly as written, never through
// float64: an optional sign, digits with optional comma groups of three,
// an optional fraction and an optional "%" ("12", "-3.5", "1,200.5",
// "85%"), at most 30 significant digits. 85% is 0.85. So "1e3", "0x10",
// "010" (octal 8 to YAML), "1_000", ".inf", "~" and an empty value are
// errors. For a target whose unit is "%", a figure without the sign is
// read in percent too: 85 is 0.85. Dates are YYYY-MM-DD. A record may give
// its figure in another unit of the same dimension (亩 for 公顷, 公里 for
// 米, 万户 for 户, 万元 for 元); it is converted exactly, or to 24 decimal
// places where the factor does not divide evenly (1 亩 = 1/15 公顷). A
// ratio or milestone record takes no unit, and a percentage is refused for
// a target measured in another unit.
//
// YAML anchors, aliases, tags and duplicate keys are errors; so are an
// empty file, a document with no records, invalid UTF-8 and control
// characters, each reported at its position. A UTF-8 BOM and CRLF line
// ends are accepted.
//
// # The kinds
//
//	kind       a district's figure          the city's figure
//	count      its record's value           the sum over allocated districts, or a city-level record
//	ratio      numerator / denominator      Σ numerators / Σ denominators of districts with a record
//	level      its record's value           a city-level record (no district)
//	milestone  1 once done, else 0          the share of allocated districts done, or a city-level record
//
// A count with allocations and no target aims at their sum; a declared
// target that differs from the sum is a warning, and the target stands.
// A milestone's allocations are a list of district ids or the word all.
//
// # The progress file
//
//	district: tinghu            # optional default for this document's records
//	date: 2025-06-30            # optional default
//	source: 亭湖区住建局 6月报
//	records:
//	  - {target: neighbourhoods-renovated, value: 14}
//	  - {target: property-coverage, numerator: 38, denominator: 45}
//	  - {target: district-leading-groups, done: 2025-03-12}
//	  - {target: low-efficiency-land, value: 18.5, unit: 亩}
//
// A file may hold several documents separated by ---; each document's
// district and date defaults apply to that document only. Figures are
// cumulative as of the record's date. Files are loaded in the order the
// paths are given, a directory's *.yaml and *.yml files in lexical path
// order, and records in file order.
//
// A progress path may also be a workbook (a filled-in 填报 sheet), and
// a directory's *.xlsx files are read in the same lexical order as its
// YAML files (an Excel lock file ~$… or a macOS ._… file skipped with a
// warning). The reader lives in the xlsx subpackage, so that a caller who
// reads only YAML does not compile it; a program that reads workbooks
// imports it for its side effect, import _ "github.com/citybureau/renewal/xlsx",
// and without it a workbook is an error that says so. A workbook's
// records follow every rule of a progress file, and their positions name
// the cell: tinghu.xlsx:填报!D7 (Position.Sheet).
//
// For each target and district the record in force on day D is the one
// with the latest date on or before D; records dated later are ignored for
// that day. A milestone is done on D when any of its records has a done
// date on or before D, whatever the record's own date. Two records with
// the same target, district and date are a duplicate (a warning, counted
// once) when their figures agree, and a conflict (an error) when they do
// not, unless the later one in load order has a correction, which then
// replaces the earlier with a warning. A cumulative at_least count that
// goes down is a warning. Every entry is counted or named in a problem:
// Ledger.Stats adds up.
//
// # Adding records
//
// Ledger.Check tells, for an Addition (Entry values, as a form or a
// command line gives them, bound for one file), every problem a load
// would raise were its document appended: the record checks above, with
// a did-you-mean for an unknown target or district, and the same-date and
// fall rules against the ledger's records, each naming the record it
// meets. Ledger.With returns a new ledger with the records, as that load
// would give it, without reading a file; the old ledger is unchanged.
// Addition.Document renders the canonical document: "---", the source,
// and each record with its target, district and date written out, one key
// a line; text that YAML might misread is double-quoted, and figures are
// written as given. Package progressfile appends it to a file under a
// lock, atomically.
//
// # Records from other sources
//
// A program that keeps records elsewhere (a database, a form, a message
// queue) hands them to Loader.LoadEntries as Entry values, ids and figures
// as text, each with its Position (a store's row, records#1042, or a
// form's line): it gets the ledger and the problems a load of the same
// records from files would give, each problem at its entry's position,
// the slice's order being the load order. Loader.ReadEntries gives the
// entries that files and workbooks hold, as written, with their
// documents' defaults filled in, so that an importer can store them and
// load them back to the same ledger. Loader.LoadEntrySeq takes the
// entries one at a time (a database cursor's rows) rather than as a
// slice, with the same result and no million-entry slice held.
//
// # Computation
//
// For each goal (a target city-wide, and each allocation) with target
// figure T, baseline b and actual figure a:
//
//	completion c = (a − b) / (T − b)        at_least
//	             = (b − a) / (b − T)        at_most
//	             = a                        milestone
//	score      s = c clamped to [0, 1]
//
// With no record in force, a = b for count and level, 0 for a milestone,
// and a ratio has no actual figure and completion 0.
//
// An at_most ratio or level that writes no baseline anywhere (not on the
// target, an allocation or a revision) is a ceiling (控制在…以内, such as
// 城镇登记失业率控制在4.3%以内): a figure to hold at or under its goal all
// year. Its completion is T / a, and 1 when a ≤ 0, so 4.3% against 4.17%
// is 1.0312 (103.1%) and against 5% is 0.86; its expected progress is 1
// on every day; it has no baseline (null in JSON), and with no record no
// actual figure and completion 0. Its goals may not be negative (0 is
// allowed: 零事故), and a revision may not give it a baseline. Any other
// at_most target needs a baseline on every goal, and an at_most count
// always does. Expected progress e
// is the straight line from the period's start to the deadline, counting
// days with both ends included, or the schedule's piecewise-linear curve
// through (the day before the start, 0), its points and (deadline, 1); 1
// on and after the deadline, and 1 on every day for a level target. The
// plan's schedule applies only to targets due at the period's end; a
// target's own schedule always wins. The status is the first that holds:
//
//	completed          c ≥ 1
//	overdue            D is after the deadline
//	not_started        no record in force
//	on_track           c ≥ e
//	lagging            e − c ≤ lagging_threshold
//	seriously_lagging  otherwise
//
// Roll-ups are weighted means of scores, by target weight: a district over
// its allocations, a department over the targets it leads, a section, a
// task and the whole plan over their targets' city-wide scores. Districts
// rank by score, best first; equal scores share a rank (1, 2, 2, 4) and
// keep declaration order; a district with no goals has no score (null in
// JSON) and no rank, and is listed last. Departments rank the same way
// (Rollup.Rank). Sections and tasks are listed in declaration order, and
// so are departments in Report.Departments and JSON; the text and
// Markdown reports, like the page, list departments in rank order, equal
// ranks and then those with no score and no rank (one that leads
// nothing) in declaration order.
//
// # Revisions and exemptions
//
// A target's revisions change it from their from date on, in list order
// (from dates rise strictly, within the period; each needs a reason): a
// new city-wide target or baseline, new figures for some allocations (a
// bare figure keeps the allocation's baseline), a new deadline (not before
// from, nor before a point of the target's own schedule), and exempt
// allocations, which are not assessed from then on (豁免, 核减) and cannot
// be revised or exempted again. A milestone's revision gives only reason,
// deadline and exempt. What a revision does not name stays as it was. The
// terms in force on a day (Target.InForce) are what evaluation uses on
// that day: goal and baseline figures, deadline and so expected progress,
// and which allocations count. Sums the plan derives (a count's target
// with none declared, its baseline) are summed over the allocations
// assessed; a declared figure stands until a revision gives a new one,
// and a declared count target that then differs from its assessed
// allocations' sum is a warning, once for each revision after which they
// differ. The figures after each revision pass the plan's own checks.
//
// An exempt allocation keeps its figures, records and actual figure in the
// report, with status exempt, its revision's reason (Goal.Reason), and no
// completion, score or expected progress; it is left out of its target's
// city-wide sums and share, its district's score and counts, and every
// warning list. A target none of whose allocations is assessed is itself
// exempt and leaves every roll-up; a department that leads only exempt
// targets has no score and no rank. Goal.Original is the figure before
// any revision and Goal.Revised the from date of the latest revision in
// force; the text report shows a revised figure as "120 → 110".
//
// # Early warning
//
// Each goal assessed also has, as of D with the deadline in force:
//
//	days_left     the days from D to the deadline: 0 on it, negative after it
//	due_soon      not completed, and 0 ≤ days_left ≤ due_soon_days (临期)
//	completed_on  for a completed goal, the first day of the run of days up to D
//	              on which it has been complete (never before the period)
//	late          completed_on is after the deadline (逾期完成)
//	projected     the completion at the deadline at the pace between reports
//	at_risk       projected is given and below 1 (进度预警)
//
// The pace is measured between reports, never between calendar dates, so
// that a district reporting quarterly is not read as stalled for two
// months and racing the third, nor a first report as a month's work. For
// each series (one district's records of a target, or a city-level
// goal's), L is its latest report on or before D, and L′ its latest report
// on or before L − pace_days (28 by default, so that a month-end report
// finds the month before, February too); with none, L′ is the day before
// the period and its figure the baseline in force (for a ratio, only a
// baseline written for that goal: the allocation's for a district, and
// with none there is no pace). Over Δ = L − L′ days the figure (a count's
// value, a ratio's share) went from x_L′ to x_L, and the projected figure
// is
//
//	p = x_L + (x_L − x_L′) × days / Δ
//
// with days from the later of L and D − Δ to the deadline: a series
// silent for longer than Δ is credited with one interval of work after its
// last report, and no more. A series with no report on or before D has no
// pace: a count's p is its baseline. projected is the completion of p;
// for a count's city-wide goal, of the sum of its assessed districts' p
// (every one, completed or not); for a ratio's, of their p weighted by
// their latest denominators, over the districts with a pace (none: no
// projection). It is given for count and ratio goals that are on track,
// lagging, seriously lagging or not started, when D is within the period,
// and never for ceilings. The text and Markdown reports list the goals
// due soon, and the goals on track but at risk (those lagging are on the
// warning list already).
//
// # What circulars say
//
// Progress circulars (通报) say who over-fulfilled, how far each figure is
// ahead of or behind time, and how districts rank on one target. Each goal
// assessed has:
//
//	exceeded  completed, with the actual figure beyond the goal: a > T for
//	          at_least, a < T for at_most (ceilings too); never a milestone (超额完成)
//	gap       c − e from the unrounded figures, for counts, ratios and milestones;
//	          none for levels and ceilings, which are held (较序时进度): text and
//	          Markdown print it in percentage points, "+13.8", "-6.7", "0.0"
//	rank      a district goal's rank among its target's assessed district goals
//	          (单项排名), by completion, unclamped, highest first; for a ceiling by
//	          a / T, lowest first (0 when T = 0 and a ≤ 0), then the goals with
//	          T = 0 and a > 0 by a, then those with no actual figure
//
// Ranks compare the figures exactly, as the fractions they are, by
// cross-products, and equal ones share a rank (1, 2, 2, 4). An exempt
// goal has none of these (rank null, exceeded false), and a city-wide
// goal has no rank. Report.RankBy names targets whose district rankings
// the text and Markdown reports print, one table each.
//
// # Changes and trends
//
// Set Report.Previous to the report of the same ledger as of an earlier
// date, D0, to compare: the JSON report then gives each district's
// previous score and rank and each goal's previous status, and the text
// report the previous ranks, the moves (↑2, ↓1, —) and the first 40
// status changes, city-wide goals first. EvaluateSeries evaluates one
// ledger at many dates (MonthEnds gives a year's month ends) for trend
// lines; Series.District and Series.Goal read them out.
//
// # Text from the data in reports
//
// Reports print names, reasons and other text from the data as written,
// but never so that the format reads it as something else. A
// bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
// U+061C), which would reorder the rest of a line, is shown, not
// removed: text, Markdown and CSV write it as its escape, \u202e, as
// problems quote it, so that a reader sees it is there. In text and
// Markdown a line break or another control character becomes a space.
// Markdown writes <, > and & as the entities &lt;, &gt; and &amp;, and
// puts a backslash before each of \ | ` * _ ~ [ ] #, so that no name
// becomes HTML, a link or emphasis, and a pipe, with or without a
// backslash before it, never ends a table cell; a line of prose or a
// list item that would begin a list or a rule has its first mark
// escaped. The JSON report holds the text as it is.
//
// # Exact numbers and rounding
//
// Arithmetic is decimal throughout; every division is carried to 24
// decimal places (Precision). Scores are compared for ranking at 20
// places, so that equal fractions reached by different sums tie. Figures
// are rounded only when printed, half away from zero (四舍五入 on the
// magnitude: 0.00005 → 0.0001, −0.00005 → −0.0001): to 4 decimal places
// for fractions in JSON and CSV, trailing zeros trimmed, and to 1 decimal
// place for percentages in text and Markdown.
//
// # Problems
//
// Loading never stops at the first fault and never panics. A tool reading
// the problems of a million-record flood can print them with
// Problem.AppendText into one buffer, as examples/report does. Every error and
// warning is a Problem with file, line, column and a message that says
// what was expected, rendered as "file:line:column: message". Each also
// has a Code, the same in every language, and the values its message is
// made of (Problem.Args), so that a program never parses the text; its
// message is written once, in the catalogue, and Problem.Text gives it
// in a language (Chinese falls back to English until its texts are
// written). The JSON report gives each problem's code and args. Problems
// come back with whatever loaded, in load order; Problems.Err joins the
// errors with errors.Join, so that errors.As finds the first and
// errors.Is tests every one, and each Problem wraps a class (ErrSyntax,
// ErrField, ErrValue, ErrReference, ErrRule, and ErrArgument for a bad
// call) for errors.Is. To go through them all, range over Problems.Errors.
// Problems belong to loading, so they are the same whatever the report
// date; a report keeps them (Report.Warnings, Report.Errors).
//
// # Limits
//
// A Loader bounds what one input may cost (see Limits): 64 MiB a file,
// 64 KiB a value, 30 significant digits a figure, 10,000 keys a mapping,
// and 8 MiB a progress document that needs yaml.v3 (a document of plain
// records has no such limit: it is read a batch of records at a time).
// Progress is read by size: a document of 1 MiB or more, or over the
// document limit, is read 4,096 records at a time when the package's own
// reader reads it (records in block style or a one-line flow list, in a
// block mapping or a document written as one flow mapping); a file of
// 512 KiB or more in several documents is decoded on every core; the
// rest is read whole. Decline, never drop: a path that cannot read a
// style declines before it hands over a record and the next path reads
// it, so every path loads the same records and problems as yaml.v3
// alone would, and none returns nothing; the one difference is a
// document over the limit that only yaml.v3 reads, refused with a
// problem naming the limit.
// Aliases are never followed, so an alias bomb costs only its bytes, and
// yaml.v3 itself stops nesting at depth 10,000; the formats nest six
// levels deep, so anything deeper is reported as a value of the wrong
// shape.
//
// # Concurrency
//
// A loaded Plan and Ledger are read-only: any number of goroutines may
// evaluate them at once, at the same or different dates. A Loader holds
// only its settings, so one may load for many goroutines at once. Loading
// decodes files in parallel and merges them in load order, so the result
// does not depend on the number of workers. A load that can take long (a
// directory of thousands of files) can be cancelled or given a deadline
// through Loader.LoadProgressContext, LoadProgressFilesContext and
// LoadFilesContext: it then stops within about one document's parse and
// returns a nil Ledger with a last problem whose Err is the context's
// error.
//
// # How the code is laid out
//
// For contributors: one noun or one stage a file. The nouns and the
// computation, none of which reads YAML (a test holds them to it):
// plan.go, target.go (the target's checks, targetChecks, run on the
// plan's terms as written and on the terms after each revision),
// revision.go (revisions and the terms in force on a day), progress.go
// (Entry, the positioned entries of every source, and the record checks,
// recordChecks), record.go, ledger.go (InForce), district.go,
// department.go, schedule.go (expected progress), status.go (the status
// ladder, its order and DefaultLaggingThreshold), date.go, problem.go
// (its one-line escaping is internal/escape, which progressfile and the
// programs share), catalogue.go (every problem's Code and its wording, the one place a
// message is written; catalogue_zh.go their Chinese, and
// catalogue_sheet.go their wording in a workbook's cells, in the words
// of its columns), evaluate.go (a target's goals), completion.go
// (completion, score and status, once in integers and once in decimal),
// warning.go (early warning, the projection between reports),
// circular.go (exceeded, gap, and the ranking on one target), rollup.go
// (weighted means and ranks), series.go (many dates), report.go (Report
// and Goal), with the integer arithmetic in internal/fixed.
//
// Reading: load.go is the API (Loader, Limits); entries.go the seam for
// other sources (LoadEntries, ReadEntries); api.go the checks of a call's
// arguments; source.go finds and reads the files (sources, the tree walk,
// the checked text); pipeline.go is the progress pipeline (the plan gate,
// parallel decoding, merge), pipeline_split.go one large file on both
// cores, pipeline_stream.go one large document a batch of records at a
// time, workbook.go the workbooks (positioned values from the readers
// that internal/source registers); problem_store.go keeps a load's
// problems compact until it returns them; internal/yamlx reads the YAML
// (its quick reader the plain subset files nearly always are, into the
// node trees yaml.v3 gives, and yaml.v3 the rest); decode.go has the
// node-level readers, which check only shape; decode_ident.go the
// identifiers and their look-alikes; decode_plan.go, decode_target.go and
// decode_revision.go read the plan; decode_progress.go turns a progress
// document's nodes into positioned entries; store.go is the records'
// compact form; index.go sorts each slot and resolves records of one date
// (duplicates, corrections, conflicts) and falls; append.go checks and
// adds records to a loaded ledger through the seam (Check, With) and
// renders them as a document.
//
// Writing: render.go picks the format; layout.go builds the document that
// text.go and markdown.go lay out, with layout_warning.go's parts for
// early warning, revisions and changes; labels.go is the catalogue of
// labels (Label: every heading, column and note of the reports, the
// dashboard and the workbook report, English and Chinese side by side,
// the one place a label is worded; dashboard/labels.go only binds the
// page's names to its keys, xlsx/report.go reads its sheets' names and
// columns from it, and any other writer takes its words from
// Label.Text); views.go the lookups of a report (Goal, District,
// Scorecard, WarningList); csv.go and json.go write rows and the JSON
// object, marshal.go the encoding interfaces. A new output format that
// needs another library (a workbook, a page) belongs in a subpackage
// that reads the exported Report.
//
// A new target kind touches target.go (Kind, its name, and any rule of
// its figures in targetChecks), decode_target.go (reading it),
// progress.go (the fields its records take, kindKeys, and their figures),
// evaluate.go and warning.go (its figures and projection), index.go and
// ledger.go (its records' figures), layout.go (how a figure shows),
// catalogue.go (any new message), and the workbook and page writers,
// xlsx/template.go, xlsx/report.go and dashboard/format.go: 12 files,
// where its record checks were in the YAML decoder and its revised
// figures had checks of their own in revision.go before (14). A new
// source touches no file here: it makes Entry values and calls
// LoadEntries (as package sqlstore does), or, for a file format, it is
// one reader that registers with internal/source and hands positioned
// values (as package xlsx does); before, it built YAML node trees for the
// decoder. A new language adds a Lang and its name in render.go, a
// column of the labels' catalogue in labels.go (and, if its headings are
// not numbered with digits, its numbering there), its problems' messages
// in a file of its own beside catalogue_zh.go with one line in
// catalogue.go's Problem.Text to pick it (a message with no text falls
// back to English), their wordings in a workbook's cells in
// catalogue_sheet.go, and the workbook reader's own problems in
// internal/source/words.go (a text in each Wording, and its phrases): 6
// files, of which one is new. The dashboard and the workbook report take
// their words from the labels' catalogue, and the clerks' template is
// Chinese only. Before, the workbook report, xlsx/report.go, had word
// pairs of its own (one file more); before that, api.go (the error
// notice and the languages' check), marshal.go (their names) and
// dashboard/labels.go did too, each with words or names of its own
// (three more), and before that the problems could not be worded in
// another language at all.
package renewal
