package renewal

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Code names a kind of problem. It is stable from one version to the
// next and the same in every language, so that a program tells problems
// apart by their codes, never by their text: a platform that shows
// problems in its own words keys them on Problem.Code and fills in
// Problem.Args. The codes are listed below, each with its English message.
type Code string

// The problems a load can raise, by code. Each message is written once,
// in the catalogue of this file, in English and, where the catalogue has
// it, in Chinese (Problem.Text); its arguments are Problem.Args, in
// order.
const (
	CodeNoPlan                           Code = "no-plan"
	CodeNilLedger                        Code = "nil-ledger"
	CodeNilReader                        Code = "nil-reader"
	CodeYamlFeature                      Code = "yaml-feature"
	CodeNotAMapping                      Code = "not-a-mapping"
	CodeTooManyKeys                      Code = "too-many-keys"
	CodeFigureWasSplitComma              Code = "figure-was-split-comma"
	CodeKeyNotPlain                      Code = "key-not-plain"
	CodeUnknownKeyDidYouMean             Code = "unknown-key-did-you-mean"
	CodeUnknownKey                       Code = "unknown-key"
	CodeDuplicateKey                     Code = "duplicate-key"
	CodeWrongShape                       Code = "wrong-shape"
	CodeNotAList                         Code = "not-a-list"
	CodeValueTooLong                     Code = "value-too-long"
	CodeEmptyValue                       Code = "empty-value"
	CodeYamlNull                         Code = "yaml-null"
	CodeBlankText                        Code = "blank-text"
	CodeMalformedValue                   Code = "malformed-value"
	CodeEmptyDocument                    Code = "empty-document"
	CodeNotAnIdentifier                  Code = "not-an-identifier"
	CodePlanIdNotPlan                    Code = "plan-id-not-plan"
	CodePlanHasNoRequired                Code = "plan-has-no-required"
	CodeLaggingthresholdOutsideShare     Code = "laggingthreshold-outside-share"
	CodePeriodHasNoRequired              Code = "period-has-no-required"
	CodePeriodEndBeforeStart             Code = "period-end-before-start"
	CodeHasNoIdRequired                  Code = "has-no-id-required"
	CodeHasNoName                        Code = "has-no-name"
	CodeIdDeclaredTwice                  Code = "id-declared-twice"
	CodePointNeedsBothDate               Code = "point-needs-both-date"
	CodeScheduleDateBeforePlan           Code = "schedule-date-before-plan"
	CodeScheduleDateAfter                Code = "schedule-date-after"
	CodeExpectedShareOutsideWrite        Code = "expected-share-outside-write"
	CodeScheduleDatesMustRise            Code = "schedule-dates-must-rise"
	CodeScheduleSharesMustNot            Code = "schedule-shares-must-not"
	CodeNotWholeNumberDays               Code = "not-whole-number-days"
	CodeDocumentHasNoRecords             Code = "document-has-no-records"
	CodeUnknownDefaultDistrict           Code = "unknown-default-district"
	CodeDefaultDateOutsidePeriod         Code = "default-date-outside-period"
	CodeRevisionHasNoDate                Code = "revision-has-no-date"
	CodeRevisionOutsidePlanPeriod        Code = "revision-outside-plan-period"
	CodeRevisionsMustListedRising        Code = "revisions-must-listed-rising"
	CodeRevisionHasNoReason              Code = "revision-has-no-reason"
	CodeReasonRevisionEmptyBasis         Code = "reason-revision-empty-basis"
	CodeMilestoneWhoseRevisionsTake      Code = "milestone-whose-revisions-take"
	CodeRevisedDeadlineOutsidePlan       Code = "revised-deadline-outside-plan"
	CodeRevisedDeadlineBeforeRevision    Code = "revised-deadline-before-revision"
	CodeNotDeclaredDistrict              Code = "not-declared-district"
	CodeTargetHasNoAllocation            Code = "target-has-no-allocation"
	CodeAllocationTargetExemptAlready    Code = "allocation-target-exempt-already"
	CodeRevisedAllocationHasNo           Code = "revised-allocation-has-no"
	CodeDistrictBothRevisedExempted      Code = "district-both-revised-exempted"
	CodeTargetHasNoId                    Code = "target-has-no-id"
	CodeTargetIdDeclaredTwice            Code = "target-id-declared-twice"
	CodeTargetHasNoName                  Code = "target-has-no-name"
	CodeKindNotKindCount                 Code = "kind-not-kind-count"
	CodeMilestoneTakesNoMilestone        Code = "milestone-takes-no-milestone"
	CodeDirectionNotDirectionAtleast     Code = "direction-not-direction-atleast"
	CodeHasNoLeadDepartment              Code = "has-no-lead-department"
	CodeLeadNotDeclaredDepartment        Code = "lead-not-declared-department"
	CodeSupportNotDeclaredDepartment     Code = "support-not-declared-department"
	CodeSupportListsTwice                Code = "support-lists-twice"
	CodeWeightNotAbovePositive           Code = "weight-not-above-positive"
	CodeAllocationNotDeclaredDistrict    Code = "allocation-not-declared-district"
	CodeAllocationHasNoTarget            Code = "allocation-has-no-target"
	CodeAllocationListsDistrictTwice     Code = "allocation-lists-district-twice"
	CodeDeadlineOutsidePlanPeriod        Code = "deadline-outside-plan-period"
	CodeBadText                          Code = "bad-text"
	CodeDuplicateRecordSameTarget        Code = "duplicate-record-same-target"
	CodeCorrectionReplacesRecord         Code = "correction-replaces-record"
	CodeConflictsRecordAddCorrection     Code = "conflicts-record-add-correction"
	CodeWentDownOnOn                     Code = "went-down-on-on"
	CodePlanFileHoldsDocument            Code = "plan-file-holds-document"
	CodePlanCouldNotRead                 Code = "plan-could-not-read"
	CodeLoadingWasStoppedFile            Code = "loading-was-stopped-file"
	CodeEmptyFile                        Code = "empty-file"
	CodeRecordHasNoTarget                Code = "record-has-no-target"
	CodeTargetHasErrorsPlan              Code = "target-has-errors-plan"
	CodeUnknownTarget                    Code = "unknown-target"
	CodeUnknownDistrict                  Code = "unknown-district"
	CodeCityWideRecordWithDistrict       Code = "city-wide-record-with-district"
	CodeRecordHasNoDistrict              Code = "record-has-no-district"
	CodeDefaultDistrictNotAllocated      Code = "default-district-not-allocated"
	CodeDistrictNotAllocated             Code = "district-not-allocated"
	CodeDateOutsidePeriod                Code = "date-outside-period"
	CodeRecordWrongField                 Code = "record-wrong-field"
	CodeRecordMissingField               Code = "record-missing-field"
	CodeDoneDateOutsidePlan              Code = "done-date-outside-plan"
	CodeDoneDateAfterRecord              Code = "done-date-after-record"
	CodeRecordHasNoDate                  Code = "record-has-no-date"
	CodeValueNegativeCountCumulative     Code = "value-negative-count-cumulative"
	CodeNumeratorNegativeMore            Code = "numerator-negative-more"
	CodeDenominatorNotAboveSize          Code = "denominator-not-above-size"
	CodeNumeratorAboveDenominatorShare   Code = "numerator-above-denominator-share"
	CodeRecordTakesNoUnit                Code = "record-takes-no-unit"
	CodeUnitNotSameKind                  Code = "unit-not-same-kind"
	CodeUnitTargetHasNo                  Code = "unit-target-has-no"
	CodeUnitNotUnitConverts              Code = "unit-not-unit-converts"
	CodePercentageRatioRecordGives       Code = "percentage-ratio-record-gives"
	CodePercentageButTargetMeasured      Code = "percentage-but-target-measured"
	CodePercentageButTargetCount         Code = "percentage-but-target-count"
	CodeFractionForPercent               Code = "fraction-for-percent"
	CodeCannotRead                       Code = "cannot-read"
	CodeFileLargerLimitBytes             Code = "file-larger-limit-bytes"
	CodeCountNeitherTargetFigure         Code = "count-neither-target-figure"
	CodeNeedsTargetFigure                Code = "needs-target-figure"
	CodeTargetDiffersFromSum             Code = "target-differs-from-sum"
	CodeRevisedTargetDiffersFromSum      Code = "revised-target-differs-from-sum"
	CodeBaselineDiffersFromSum           Code = "baseline-differs-from-sum"
	CodeFigureNotAShare                  Code = "figure-not-a-share"
	CodeRevisedFigureNotAShare           Code = "revised-figure-not-a-share"
	CodeAtmostAllocationNeedsBaseline    Code = "atmost-allocation-needs-baseline"
	CodeAtmostButHasNo                   Code = "atmost-but-has-no"
	CodeTargetEqualsBaseline             Code = "target-equals-baseline"
	CodeRevisedTargetEqualsBaseline      Code = "revised-target-equals-baseline"
	CodeAllocationEqualsBaseline         Code = "allocation-equals-baseline"
	CodeRevisedAllocationEqualsBaseline  Code = "revised-allocation-equals-baseline"
	CodeTargetBelowBaseline              Code = "target-below-baseline"
	CodeRevisedTargetBelowBaseline       Code = "revised-target-below-baseline"
	CodeAllocationBelowBaseline          Code = "allocation-below-baseline"
	CodeRevisedAllocationBelowBaseline   Code = "revised-allocation-below-baseline"
	CodeRevisedDeadlineBeforePoint       Code = "revised-deadline-before-point"
	CodeCeilingTargetNegative            Code = "ceiling-target-negative"
	CodeCeilingAllocationNegative        Code = "ceiling-allocation-negative"
	CodeCeilingRevisedTargetNegative     Code = "ceiling-revised-target-negative"
	CodeCeilingRevisedAllocationNegative Code = "ceiling-revised-allocation-negative"
	CodeCeilingRevisedBaseline           Code = "ceiling-revised-baseline"
	CodeRankByUnknownTarget              Code = "rank-by-unknown-target"
	CodeRankByNoAllocations              Code = "rank-by-no-allocations"
	CodeRankByNoPlan                     Code = "rank-by-no-plan"
	CodeNothingToAdd                     Code = "nothing-to-add"
	CodeYamlSyntax                       Code = "yaml-syntax"
	CodeEntriesStopped                   Code = "entries-stopped"
	CodeEntriesStoppedSeq                Code = "entries-stopped-seq"
	CodeDirectoryEmpty                   Code = "directory-empty"
	CodeDocumentTooLarge                 Code = "document-too-large"
	CodeLockFileSkipped                  Code = "lock-file-skipped"
	CodeResourceFileSkipped              Code = "resource-file-skipped"
	CodeNoWorkbookReader                 Code = "no-workbook-reader"
	CodeWorkbook                         Code = "workbook"
)

// The problems of a call that looks up a district, a department or a
// target by id or name (Plan.FindDistrict and the like), as a person
// writes it on a command line. Each is of class ErrArgument.
const (
	CodeFindNoPlan               Code = "find-no-plan"
	CodeFindNoDistrict           Code = "find-no-district"
	CodeFindNoDepartment         Code = "find-no-department"
	CodeFindNoTarget             Code = "find-no-target"
	CodeFindDistrictNameShared   Code = "find-district-name-shared"
	CodeFindDepartmentNameShared Code = "find-department-name-shared"
	CodeFindTargetNameShared     Code = "find-target-name-shared"
)

// Messages of programs that add records from a command line, which the
// package itself does not raise: a program renders them with Code.Text.
const (
	// CodeNewRecord puts "the new record" before a problem of a record
	// that was refused, in place of the line it would have taken.
	CodeNewRecord Code = "new-record"
	// CodeNewRecordConflicts is CodeConflictsRecordAddCorrection for a
	// record given on a command line, whose -correction flag replaces.
	CodeNewRecordConflicts Code = "new-record-conflicts"
	// CodeAlreadyRecorded says that a record with the same target,
	// district, date and figures is there already, so nothing was added.
	CodeAlreadyRecorded Code = "already-recorded"
	// CodeAsOfOutsidePeriod warns that a report's date lies outside
	// the plan period: before it nothing is due, after it every
	// deadline has passed.
	CodeAsOfOutsidePeriod Code = "as-of-outside-period"
)

// Messages of the example programs' command lines, which the package
// itself does not raise: a program renders them with Code.Text. Those
// ending in One are the message before them for a count of 1.
const (
	// CodeErrorsPlanOrProgress ends a load of the plan and the progress
	// that found errors: their number.
	CodeErrorsPlanOrProgress    Code = "errors-plan-or-progress"
	CodeErrorsPlanOrProgressOne Code = "errors-plan-or-progress-one"
	// CodeErrorsPlan ends a load of the plan that found errors.
	CodeErrorsPlan    Code = "errors-plan"
	CodeErrorsPlanOne Code = "errors-plan-one"
	// CodeErrorsProgress ends a load of the progress files that found
	// errors.
	CodeErrorsProgress    Code = "errors-progress"
	CodeErrorsProgressOne Code = "errors-progress-one"
	// CodeErrorsStore ends a load of the records of a database that
	// found errors.
	CodeErrorsStore    Code = "errors-store"
	CodeErrorsStoreOne Code = "errors-store-one"
	// CodeUnexpectedArgument: a word on the command line that is no flag.
	CodeUnexpectedArgument Code = "unexpected-argument"
	// CodeFormatUnknown: -format names no format the program writes;
	// the formats it writes follow.
	CodeFormatUnknown Code = "format-unknown"
	// CodeLangUnknown: -lang names no language.
	CodeLangUnknown Code = "lang-unknown"
	// CodeFlagNotADate: a flag's value is not a date. Its arguments are
	// the flag, the English reason and the value.
	CodeFlagNotADate Code = "flag-not-a-date"
	// CodeSinceNotBeforeAsOf: -since is not before -as-of.
	CodeSinceNotBeforeAsOf Code = "since-not-before-as-of"
	// CodeSinceNotBeforeLatest: -since is not before the latest record
	// date, the report date when -as-of is not given.
	CodeSinceNotBeforeLatest Code = "since-not-before-latest"
	// CodeArgumentNotAFlag: a word on the command line that is no flag,
	// where records are added.
	CodeArgumentNotAFlag Code = "argument-not-a-flag"
	// CodeProgressOrDBRequired: neither -progress nor -db was given.
	CodeProgressOrDBRequired Code = "progress-or-db-required"
	// CodeProgressOrDBNotBoth: both -progress and -db were given; the
	// argument is what -progress takes (DIR, PATH).
	CodeProgressOrDBNotBoth Code = "progress-or-db-not-both"
	// CodeFileWithDB: -file was given with -db.
	CodeFileWithDB Code = "file-with-db"
	// CodeDBInvalid: -db is not a store's DSN; the reason follows.
	CodeDBInvalid Code = "db-invalid"
	// CodeTargetRequired: -target was not given.
	CodeTargetRequired Code = "target-required"
	// CodeDateRequired: -date was not given.
	CodeDateRequired Code = "date-required"
	// CodeDistrictRequired: -district was not given.
	CodeDistrictRequired Code = "district-required"
	// CodeOutRequired: -out, the directory of the templates, was not
	// given.
	CodeOutRequired Code = "out-required"
	// CodeOneFigure: a record was given no figure, or more than one kind.
	CodeOneFigure Code = "one-figure"
	// CodeNumeratorDenominatorTogether: one of -numerator and
	// -denominator was given without the other.
	CodeNumeratorDenominatorTogether Code = "numerator-denominator-together"
	// CodeProgressDirMissing: the progress directory does not exist.
	CodeProgressDirMissing Code = "progress-dir-missing"
	// CodeProgressDirNotDir: the progress directory is a file.
	CodeProgressDirNotDir Code = "progress-dir-not-dir"
	// CodeFileFolderMissing: the folder of -file does not exist.
	CodeFileFolderMissing Code = "file-folder-missing"
	// CodePlanErrorsNothingWritten: the plan has errors, so no record
	// was added.
	CodePlanErrorsNothingWritten Code = "plan-errors-nothing-written"
	// CodeRecordsRefused: the records had errors, so none was written.
	CodeRecordsRefused Code = "records-refused"
	// CodeRecordLocked: another writer held the lock of a file (the
	// first argument) for all of -wait (the second), so nothing was
	// written.
	CodeRecordLocked Code = "record-locked"
	// CodeWorkbookNotText: -format xlsx with standard output a terminal
	// and no -o.
	CodeWorkbookNotText Code = "workbook-not-text"
	// CodeDocumentNotText: a document format (docx, pdf: the argument)
	// with no -o.
	CodeDocumentNotText Code = "document-not-text"
	// CodeNoBrowser: -format pdf with no browser to print with; the
	// reason follows.
	CodeNoBrowser Code = "no-browser"
	// CodeDistrictsOfPlan heads the list of the plan's districts after a
	// -district that names none.
	CodeDistrictsOfPlan Code = "districts-of-plan"
	// CodeTemplatesExist: workbooks (their number) already in the
	// directory (the second argument), so no template was written.
	CodeTemplatesExist    Code = "templates-exist"
	CodeTemplatesExistOne Code = "templates-exist-one"
	// CodeUnexpectedArgumentPaths: a word on the command line that is no
	// flag, where paths are given with -progress to import.
	CodeUnexpectedArgumentPaths Code = "unexpected-argument-paths"
	// CodeDBRequired: -db was not given.
	CodeDBRequired Code = "db-required"
	// CodeImportProgressRequired: no -progress to import.
	CodeImportProgressRequired Code = "import-progress-required"
	// CodeExportOutRequired: no -o directory to export to.
	CodeExportOutRequired Code = "export-out-required"
	// CodeImportErrorsPlan ends an import refused for the plan's errors.
	CodeImportErrorsPlan    Code = "import-errors-plan"
	CodeImportErrorsPlanOne Code = "import-errors-plan-one"
	// CodeImportErrorsProgress ends an import refused for the errors of
	// the files.
	CodeImportErrorsProgress    Code = "import-errors-progress"
	CodeImportErrorsProgressOne Code = "import-errors-progress-one"
	// CodeNothingImported: an import failed for the reason given.
	CodeNothingImported Code = "nothing-imported"
	// CodeStoreEmpty: an export of a store (the first argument) with no
	// records left the directory (the second) empty.
	CodeStoreEmpty Code = "store-empty"
	// CodeExportLost: the exported files give back fewer records than
	// the store holds: the store, its rows, the directory, the records.
	CodeExportLost Code = "export-lost"
)

// wording is a problem's message in each language: a format whose verbs
// take the problem's arguments. The English format takes them as the
// code raises them (%d an int); any other takes each as text (%s). An
// empty text falls back to English.
type wording struct{ en, zh string }

// catalogue holds every problem's message: the one place its wording is
// written.
var catalogue = withSheetCodes(map[Code]wording{
	CodeNoPlan:                           {en: "progress was loaded with no plan; load the plan first and pass it in"},
	CodeNilLedger:                        {en: "Evaluate was given a nil ledger; load progress with LoadProgress or LoadFiles"},
	CodeNilReader:                        {en: "%s was given a nil reader; nothing was read", zh: "%s 收到的读取来源为空（nil），什么也没有读入"},
	CodeYamlFeature:                      {en: "%s"},
	CodeNotAMapping:                      {en: "%s is %s; want a mapping of %s"},
	CodeTooManyKeys:                      {en: "%s has %d keys, more than the limit of %d"},
	CodeFigureWasSplitComma:              {en: "the figure %s was split at its comma: in a { … } mapping a comma ends an entry, so YAML read %s and then %s as a key; put the figure in quotes: \"%s\""},
	CodeKeyNotPlain:                      {en: "a key of %s is %s; want a plain name"},
	CodeUnknownKeyDidYouMean:             {en: "unknown key %q in %s: did you mean %q? (want one of %s)"},
	CodeUnknownKey:                       {en: "unknown key %q in %s; want one of %s"},
	CodeDuplicateKey:                     {en: "duplicate key %q in %s (first at line %d)"},
	CodeWrongShape:                       {en: "%s is %s; want %s"},
	CodeNotAList:                         {en: "%s is %s; want a list of %s"},
	CodeValueTooLong:                     {en: "%s is %d bytes long, more than the limit of %d"},
	CodeEmptyValue:                       {en: "%s is empty; want %s"},
	CodeYamlNull:                         {en: "%s %q is YAML's null, no value at all; want %s"},
	CodeBlankText:                        {en: "%s is blank; want some text"},
	CodeMalformedValue:                   {en: "%s %v"},
	CodeEmptyDocument:                    {en: "the document is empty; want %s (is the file cut off?)"},
	CodeNotAnIdentifier:                  {en: "%s %q is not an identifier: %s; want %s"},
	CodePlanIdNotPlan:                    {en: "plan id %q is not a plan identifier; want lower-case letters, digits and hyphens, beginning with a letter or digit, such as yancheng-renewal-2025"},
	CodePlanHasNoRequired:                {en: "the plan has no %q, which is required"},
	CodeLaggingthresholdOutsideShare:     {en: "lagging_threshold %s is outside 0%%–100%%; want a share such as 10%%"},
	CodePeriodHasNoRequired:              {en: "period has no %q, which is required"},
	CodePeriodEndBeforeStart:             {en: "period end %s is before its start %s"},
	CodeHasNoIdRequired:                  {en: "a %s has no id, which is required"},
	CodeHasNoName:                        {en: "%s %s has no name, which is required"},
	CodeIdDeclaredTwice:                  {en: "%s id %q is declared twice"},
	CodePointNeedsBothDate:               {en: "a point of %s needs both date and expected"},
	CodeScheduleDateBeforePlan:           {en: "schedule date %s is before the plan period starts on %s"},
	CodeScheduleDateAfter:                {en: "schedule date %s is after %s, %s"},
	CodeExpectedShareOutsideWrite:        {en: "expected share %s is outside 0%%–100%% (write a share such as 45%%)"},
	CodeScheduleDatesMustRise:            {en: "schedule dates must rise: %s does not come after %s"},
	CodeScheduleSharesMustNot:            {en: "schedule shares must not fall: %s is less than %s before it"},
	CodeNotWholeNumberDays:               {en: "%s %q is not a whole number of days from %d to %d; want a number such as %d"},
	CodeDocumentHasNoRecords:             {en: "the document has no records (write records: [] for none; is the file cut off?)"},
	CodeUnknownDefaultDistrict:           {en: "district %q is not a declared district%s; %s"},
	CodeDefaultDateOutsidePeriod:         {en: "date %s is outside the plan period %s to %s; %s"},
	CodeRevisionHasNoDate:                {en: "a revision of %s has no from date, which is required; want from: YYYY-MM-DD"},
	CodeRevisionOutsidePlanPeriod:        {en: "revision from %s is outside the plan period %s to %s"},
	CodeRevisionsMustListedRising:        {en: "revisions must be listed with rising from dates: %s does not come after %s"},
	CodeRevisionHasNoReason:              {en: "a revision of %s has no reason, which is required; want the basis of the adjustment, such as 市政府第12次常务会议调整"},
	CodeReasonRevisionEmptyBasis:         {en: "the reason of a revision of %s is empty; want the basis of the adjustment"},
	CodeMilestoneWhoseRevisionsTake:      {en: "%s is a milestone, whose revisions take no %q; want reason, deadline or exempt"},
	CodeRevisedDeadlineOutsidePlan:       {en: "revised deadline %s is outside the plan period %s to %s"},
	CodeRevisedDeadlineBeforeRevision:    {en: "revised deadline %s is before the revision applies from %s"},
	CodeNotDeclaredDistrict:              {en: "%s %q is not a declared district%s"},
	CodeTargetHasNoAllocation:            {en: "%s %q: target %s has no allocation to that district; a revision may name only the districts the target allocates to"},
	CodeAllocationTargetExemptAlready:    {en: "%s %q: that allocation of target %s is exempt already, and an exemption lasts"},
	CodeRevisedAllocationHasNo:           {en: "revised allocation %s has no target figure, which is required"},
	CodeDistrictBothRevisedExempted:      {en: "district %q is both revised and exempted by one revision; want one or the other"},
	CodeTargetHasNoId:                    {en: "a target has no id, which is required"},
	CodeTargetIdDeclaredTwice:            {en: "target id %q is declared twice (target ids are unique across the plan)"},
	CodeTargetHasNoName:                  {en: "%s has no name, which is required"},
	CodeKindNotKindCount:                 {en: "kind %q is not a kind; want count, ratio, level or milestone"},
	CodeMilestoneTakesNoMilestone:        {en: "%s is a milestone, which takes no %q (a milestone is done or not done)"},
	CodeDirectionNotDirectionAtleast:     {en: "direction %q is not a direction; want at_least or at_most"},
	CodeHasNoLeadDepartment:              {en: "%s has no lead department (牵头), which is required"},
	CodeLeadNotDeclaredDepartment:        {en: "lead %q is not a declared department"},
	CodeSupportNotDeclaredDepartment:     {en: "support %q is not a declared department"},
	CodeSupportListsTwice:                {en: "support lists %q twice"},
	CodeWeightNotAbovePositive:           {en: "weight %s is not above 0; want a positive figure such as 1 or 2"},
	CodeAllocationNotDeclaredDistrict:    {en: "allocation to %q: not a declared district"},
	CodeAllocationHasNoTarget:            {en: "allocation %s has no target figure, which is required"},
	CodeAllocationListsDistrictTwice:     {en: "allocation lists district %q twice"},
	CodeDeadlineOutsidePlanPeriod:        {en: "deadline %s is outside the plan period %s to %s"},
	CodeBadText:                          {en: "%s %s"},
	CodeDuplicateRecordSameTarget:        {en: "duplicate of the record at %s (same target, district, date and figures); counted once"},
	CodeCorrectionReplacesRecord:         {en: "correction (%s) replaces the record at %s: %s → %s"},
	CodeConflictsRecordAddCorrection:     {en: "conflicts with the record at %s for %s, %s, %s (%s there, %s here); add correction: <reason> to this record to replace that one"},
	CodeWentDownOnOn:                     {en: "%s in %s went down from %s on %s (%s) to %s on %s; figures are cumulative, so a fall is usually a misreport"},
	CodePlanFileHoldsDocument:            {en: "a plan file holds one document; this is another one"},
	CodePlanCouldNotRead:                 {en: "the plan could not be read, so the progress (%d files) was not checked"},
	CodeLoadingWasStoppedFile:            {en: "loading was stopped (%v): this file and the %d after it were not loaded"},
	CodeEmptyFile:                        {en: "the file is empty; want %s (is it cut off?)"},
	CodeRecordHasNoTarget:                {en: "the record has no target, which is required"},
	CodeTargetHasErrorsPlan:              {en: "target %q has errors in the plan, so its records cannot be checked"},
	CodeUnknownTarget:                    {en: "target %q is not a target of plan %s%s"},
	CodeUnknownDistrict:                  {en: "district %q is not a declared district%s"},
	CodeCityWideRecordWithDistrict:       {en: "target %s has no allocations, so its records are city-wide and take no district"},
	CodeRecordHasNoDistrict:              {en: "the record has no district, and target %s is split among districts (give district: here or in the file)"},
	CodeDefaultDistrictNotAllocated:      {en: "the document's district %s has no allocation of target %s (give this record its own district:, or move it)"},
	CodeDistrictNotAllocated:             {en: "district %s has no allocation of target %s"},
	CodeDateOutsidePeriod:                {en: "date %s is outside the plan period %s to %s"},
	CodeRecordWrongField:                 {en: "target %s is a %s, whose records take %s, not %s"},
	CodeRecordMissingField:               {en: "the record has no %s (target %s is a %s, whose records take %s)"},
	CodeDoneDateOutsidePlan:              {en: "done date %s is outside the plan period %s to %s (give the record a date: within the period)"},
	CodeDoneDateAfterRecord:              {en: "done date %s is after the record's date %s (a record cannot report the future)"},
	CodeRecordHasNoDate:                  {en: "the record has no date (give date: here or in the file)"},
	CodeValueNegativeCountCumulative:     {en: "value %s is negative; a count is a cumulative quantity, 0 or more"},
	CodeNumeratorNegativeMore:            {en: "numerator %s is negative; want 0 or more"},
	CodeDenominatorNotAboveSize:          {en: "denominator %s is not above 0; want the size of the whole, such as 45"},
	CodeNumeratorAboveDenominatorShare:   {en: "numerator %s is above its denominator %s (a share cannot exceed the whole)"},
	CodeRecordTakesNoUnit:                {en: "target %s is a %s, whose records take no unit"},
	CodeUnitNotSameKind:                  {en: "unit %s is not of the same kind as %s, the unit of target %s"},
	CodeUnitTargetHasNo:                  {en: "unit %s: target %s has no unit, so its records take none"},
	CodeUnitNotUnitConverts:              {en: "unit %s is not a unit that converts to %s, the unit of target %s (write the figure in %s)"},
	CodePercentageRatioRecordGives:       {en: "%s %s is a percentage; a ratio record gives the two counts, such as numerator: 38 and denominator: 45"},
	CodePercentageButTargetMeasured:      {en: "%s %s is a percentage, but target %s is measured in %s"},
	CodePercentageButTargetCount:         {en: "%s %s is a percentage, but target %s is a count, an additive quantity (give its unit \"%%\" in the plan if it is a share)"},
	CodeFractionForPercent:               {en: "value %s reads as %s%%, far from the goal of %s%%; if %s%% was meant, type %s%% (or format the cell as a percentage)"},
	CodeCannotRead:                       {en: "cannot read: %v"},
	CodeFileLargerLimitBytes:             {en: "the file is larger than the limit of %d bytes"},
	CodeCountNeitherTargetFigure:         {en: "%s is a count with neither a target figure nor allocations; want target, allocations, or both"},
	CodeNeedsTargetFigure:                {en: "%s is a %s, which needs a target figure"},
	CodeTargetDiffersFromSum:             {en: "%s: target %s differs from the sum of its allocations %s; the target stands"},
	CodeRevisedTargetDiffersFromSum:      {en: "%s: from %s the target %s differs from the sum of its assessed allocations %s; the target stands"},
	CodeBaselineDiffersFromSum:           {en: "%s: baseline %s differs from the sum of its allocations' baselines %s; the city's figure is summed from the districts, so completion is measured from %s"},
	CodeFigureNotAShare:                  {en: "%s: %s %s is not a share from 0%% to 100%% (write 85%%, or give the target unit: \"%%\")"},
	CodeRevisedFigureNotAShare:           {en: "%s: revised %s %s is not a share from 0%% to 100%%"},
	CodeAtmostAllocationNeedsBaseline:    {en: "%s is at_most, so allocation %s needs a baseline to fall from; want %s: {target: X, baseline: Y}"},
	CodeAtmostButHasNo:                   {en: "%s is at_most but has no baseline to fall from; want baseline: the starting figure"},
	CodeTargetEqualsBaseline:             {en: "%s: target %s equals its baseline, so completion cannot be measured"},
	CodeRevisedTargetEqualsBaseline:      {en: "%s: from %s the target %s equals its baseline, so completion cannot be measured"},
	CodeAllocationEqualsBaseline:         {en: "%s: allocation %s target %s equals its baseline, so completion cannot be measured"},
	CodeRevisedAllocationEqualsBaseline:  {en: "%s: from %s allocation %s target %s equals its baseline, so completion cannot be measured"},
	CodeTargetBelowBaseline:              {en: "%s is at_least, but its target %s is below its baseline %s: %s"},
	CodeRevisedTargetBelowBaseline:       {en: "%s is at_least, but from %s its target %s is below its baseline %s: %s"},
	CodeAllocationBelowBaseline:          {en: "%s is at_least, but allocation %s's target %s is below its baseline %s: %s"},
	CodeRevisedAllocationBelowBaseline:   {en: "%s is at_least, but from %s allocation %s's target %s is below its baseline %s: %s"},
	CodeRevisedDeadlineBeforePoint:       {en: "%s: revised deadline %s is before %s, a point of the target's own schedule"},
	CodeCeilingTargetNegative:            {en: "%s is a ceiling (at_most with no baseline), and its target %s is below 0; want a figure of 0 or more"},
	CodeCeilingAllocationNegative:        {en: "%s is a ceiling (at_most with no baseline), and allocation %s's target %s is below 0; want a figure of 0 or more"},
	CodeCeilingRevisedTargetNegative:     {en: "%s is a ceiling, and from %s its target %s is below 0; want a figure of 0 or more"},
	CodeCeilingRevisedAllocationNegative: {en: "%s is a ceiling, and from %s allocation %s's target %s is below 0; want a figure of 0 or more"},
	CodeCeilingRevisedBaseline:           {en: "%s is a ceiling (at_most with no baseline in the plan), so a revision cannot give it a baseline; to measure a fall from a baseline, write one on the target and every allocation in the plan"},
	CodeRankByUnknownTarget:              {en: "the plan has no target %q%s"},
	CodeRankByNoAllocations:              {en: "target %s has no allocations, so no district has a rank on it%s"},
	CodeRankByNoPlan:                     {en: "no plan to rank districts in"},
	CodeNothingToAdd:                     {en: "nothing to add: the addition has no records"},
	CodeYamlSyntax:                       {en: "%s"},
	CodeEntriesStopped:                   {en: "loading was stopped (%v): this entry and the %d after it were not loaded"},
	CodeEntriesStoppedSeq:                {en: "loading was stopped (%v): this entry and any after it were not loaded"},
	CodeDirectoryEmpty:                   {en: "directory %s holds no progress files (*.yaml or *.yml); nothing was loaded from it"},
	CodeDocumentTooLarge:                 {en: "the document starting here is %d bytes, more than the limit of %d bytes a document; split it into documents with --- lines"},
	CodeLockFileSkipped:                  {en: "a lock file that Excel or WPS keeps while the workbook is open; skipped"},
	CodeResourceFileSkipped:              {en: "a resource file that macOS leaves beside a file it copies; skipped"},
	CodeNoWorkbookReader:                 {en: "a workbook, and this program reads none: it must import _ \"%s\" to read .xlsx files"},
	CodeWorkbook:                         {en: "%s"},

	CodeFindNoPlan:               {en: "no plan to look in", zh: "没有计划，无从查找"},
	CodeFindNoDistrict:           {en: "the plan has no district whose id or name is %q%s", zh: "计划中没有编号或名称为“%s”的县区%s"},
	CodeFindNoDepartment:         {en: "the plan has no department whose id or name is %q%s", zh: "计划中没有编号或名称为“%s”的部门%s"},
	CodeFindNoTarget:             {en: "the plan has no target whose id or name is %q%s", zh: "计划中没有编号或名称为“%s”的指标%s"},
	CodeFindDistrictNameShared:   {en: "districts %s and %s are both named %q; give the id of the one meant", zh: "县区 %s 和 %s 都叫“%s”；请填写所指县区的编号"},
	CodeFindDepartmentNameShared: {en: "departments %s and %s are both named %q; give the id of the one meant", zh: "部门 %s 和 %s 都叫“%s”；请填写所指部门的编号"},
	CodeFindTargetNameShared:     {en: "targets %s and %s are both named %q; give the id of the one meant", zh: "指标 %s 和 %s 都叫“%s”；请填写所指指标的编号"},

	CodeNewRecord:          {en: "the new record: %s", zh: "新记录：%s"},
	CodeNewRecordConflicts: {en: "the new record conflicts with the record at %s for %s, %s, %s (%s there, %s here); to replace that one, give -correction REASON", zh: "新记录与 %[1]s 的记录矛盾：同是 %[2]s、%[3]s、%[4]s，那里是 %[5]s，这里是 %[6]s；如要替换那条，请加上 -correction 写明更正原因"},
	CodeAlreadyRecorded:    {en: "already recorded at %s (the same target, district, date and figures); nothing was added", zh: "已经记录过了，在 %s（指标、县区、日期、数字都相同）；没有重复添加"},
	CodeAsOfOutsidePeriod:  {en: "the report date %s is outside the plan period %s to %s; check -as-of", zh: "报告日期 %s 不在计划期 %s 至 %s 内；请核对 -as-of"},

	CodeErrorsPlanOrProgress:         {en: "%d errors in the plan or the progress files; nothing to report", zh: "计划或进度文件中有 %s 处错误；未生成报告"},
	CodeErrorsPlanOrProgressOne:      {en: "1 error in the plan or the progress files; nothing to report", zh: "计划或进度文件中有 1 处错误；未生成报告"},
	CodeErrorsPlan:                   {en: "%d errors in the plan; progress was not checked", zh: "计划中有 %s 处错误；先改好计划，才能检查进度"},
	CodeErrorsPlanOne:                {en: "1 error in the plan; progress was not checked", zh: "计划中有 1 处错误；先改好计划，才能检查进度"},
	CodeErrorsProgress:               {en: "%d errors in the progress files; nothing to report", zh: "进度文件中有 %s 处错误；未生成报告"},
	CodeErrorsProgressOne:            {en: "1 error in the progress files; nothing to report", zh: "进度文件中有 1 处错误；未生成报告"},
	CodeErrorsStore:                  {en: "%d errors in the store; nothing to report", zh: "数据库的记录中有 %s 处错误；未生成报告"},
	CodeErrorsStoreOne:               {en: "1 error in the store; nothing to report", zh: "数据库的记录中有 1 处错误；未生成报告"},
	CodeUnexpectedArgument:           {en: "unexpected argument %q (give progress paths with -progress)", zh: "多了一个参数“%s”（进度文件的路径请写在 -progress 后面）"},
	CodeFormatUnknown:                {en: "-format %q: want %s", zh: "-format 填的“%s”不是本程序能输出的格式；可填 %s"},
	CodeLangUnknown:                  {en: "-lang %q: want zh or en", zh: "-lang 填的“%s”不是可选的语言；请填 zh（中文）或 en（英文）"},
	CodeFlagNotADate:                 {en: "%[1]s: %[2]s", zh: "%[1]s 填的“%[3]s”不是日期；请写成 YYYY-MM-DD，如 2025-06-30"},
	CodeSinceNotBeforeAsOf:           {en: "-since %s is not before -as-of %s; want an earlier date to compare with", zh: "-since %s 应早于 -as-of %s；请填一个更早的日期来比较"},
	CodeSinceNotBeforeLatest:         {en: "-since %s is not before the report date %s (the latest record date); want an earlier date", zh: "-since %s 应早于报告日期 %s（最新一条记录的日期）；请填一个更早的日期"},
	CodeArgumentNotAFlag:             {en: "unexpected argument %q", zh: "多了一个参数“%s”；每个值都要写在它的参数名后面"},
	CodeProgressOrDBRequired:         {en: "-progress DIR is required (or -db DSN)", zh: "请用 -progress 写明进度目录（或用 -db 写明数据库）"},
	CodeProgressOrDBNotBoth:          {en: "give -progress %s or -db DSN, not both", zh: "-progress %s 和 -db DSN 只能给一个"},
	CodeFileWithDB:                   {en: "-file names a progress file; a store has no files", zh: "-file 指的是进度文件；写入数据库时不用它"},
	CodeDBInvalid:                    {en: "-db: %s", zh: "-db 填的数据库地址不对：%s"},
	CodeTargetRequired:               {en: "-target ID is required", zh: "请用 -target 写明指标（编号或名称）"},
	CodeDateRequired:                 {en: "-date YYYY-MM-DD is required", zh: "请用 -date 写明记录日期，如 2025-06-30"},
	CodeDistrictRequired:             {en: "-district is required", zh: "请用 -district 写明县区（编号或名称）"},
	CodeOutRequired:                  {en: "-out is required", zh: "请用 -out 写明模板存放的目录"},
	CodeOneFigure:                    {en: "give one of -value, -numerator and -denominator, or -done", zh: "请只填一种数字：-value，或 -numerator 加 -denominator，或 -done"},
	CodeNumeratorDenominatorTogether: {en: "-numerator and -denominator go together", zh: "-numerator 和 -denominator 要一起填"},
	CodeProgressDirMissing:           {en: "the progress directory %s does not exist; nothing was written (-create makes it)", zh: "进度目录 %s 不存在；什么也没有写入（加上 -create 可以新建）"},
	CodeProgressDirNotDir:            {en: "the progress directory %s is not a directory; nothing was written", zh: "进度目录 %s 不是文件夹；什么也没有写入"},
	CodeFileFolderMissing:            {en: "the folder %s of -file does not exist; nothing was written (-create makes it)", zh: "-file 所在的文件夹 %s 不存在；什么也没有写入（加上 -create 可以新建）"},
	CodePlanErrorsNothingWritten:     {en: "the plan has errors; nothing written", zh: "计划有错误；什么也没有写入"},
	CodeRecordsRefused:               {en: "the records have errors; nothing was written", zh: "记录有错误；什么也没有写入"},
	CodeRecordLocked:                 {en: "another writer held the lock on %s for all of %s; nothing was written: try again, or give a longer -wait", zh: "有人正在往 %s 里写，等了 %s 还没写完；这条没有写入，请稍后再试，或把 -wait 设长一些"},
	CodeWorkbookNotText:              {en: "-format xlsx writes a workbook, not text: give -o FILE, or redirect standard output to a file", zh: "-format xlsx 输出的是 Excel 工作簿，不是文字：请用 -o 写明文件名，或把标准输出重定向到文件"},
	CodeDocumentNotText:              {en: "-format %s writes a document, not text: give -o FILE", zh: "-format %s 输出的是文档，不是文字：请用 -o 写明文件名"},
	CodeNoBrowser:                    {en: "-format pdf: %s", zh: "-format pdf 要用 Chromium 或 Chrome 浏览器来打印，这里找不到：%s"},
	CodeDistrictsOfPlan:              {en: "districts of the plan:", zh: "计划中的县区："},
	CodeTemplatesExist:               {en: "%d workbooks are already in %s; nothing was written (-force replaces them)", zh: "%s 个工作簿已经在 %s 里了；什么也没有写入（加上 -force 可以替换）"},
	CodeTemplatesExistOne:            {en: "1 workbook is already in %[2]s; nothing was written (-force replaces them)", zh: "1 个工作簿已经在 %[2]s 里了；什么也没有写入（加上 -force 可以替换）"},
	CodeUnexpectedArgumentPaths:      {en: "unexpected argument %q (give paths with -progress)", zh: "多了一个参数“%s”（要导入的路径请写在 -progress 后面）"},
	CodeDBRequired:                   {en: "-db DSN is required", zh: "请用 -db 写明数据库"},
	CodeImportProgressRequired:       {en: "-progress PATH is required: the files to import", zh: "请用 -progress 写明要导入的文件或目录"},
	CodeExportOutRequired:            {en: "-o DIR is required", zh: "请用 -o 写明导出到哪个目录"},
	CodeImportErrorsPlan:             {en: "%d errors in the plan; nothing imported", zh: "计划中有 %s 处错误；什么也没有导入"},
	CodeImportErrorsPlanOne:          {en: "1 error in the plan; nothing imported", zh: "计划中有 1 处错误；什么也没有导入"},
	CodeImportErrorsProgress:         {en: "%d errors in the progress files; nothing imported", zh: "进度文件中有 %s 处错误；什么也没有导入"},
	CodeImportErrorsProgressOne:      {en: "1 error in the progress files; nothing imported", zh: "进度文件中有 1 处错误；什么也没有导入"},
	CodeNothingImported:              {en: "%s; nothing imported", zh: "%s；什么也没有导入"},
	CodeStoreEmpty:                   {en: "%s holds no records; %s is empty", zh: "数据库 %s 里没有记录；%s 是空的"},
	CodeExportLost:                   {en: "%s holds %d records, but %s gives back only %d", zh: "数据库 %s 有 %s 条记录，但 %s 只读回 %s 条"},
})

// codes numbers the catalogue's codes for the compact problems of a load
// (see problem_store.go); codeNo is the inverse.
var codes, codeNo = func() ([]Code, map[Code]uint16) {
	list := []Code{""}
	no := map[Code]uint16{"": 0}
	for c := range catalogue {
		list = append(list, c)
	}
	// Map order differs from run to run; the numbers need not be stable,
	// only one to one.
	for i, c := range list {
		no[c] = uint16(i)
	}
	return list, no
}()

// message renders code's English message with args.
func message(code Code, args []any) string {
	return fmt.Sprintf(catalogue[code].en, args...)
}

// newProblem returns the problem of code at pos, its message rendered
// from the catalogue in English on one line.
func newProblem(pos Position, sev Severity, class error, code Code, args ...any) Problem {
	return Problem{Position: pos, Severity: sev, Class: class, Message: oneLine(messageAt(pos, code, args)), Code: code, args: joinArgs(args)}
}

// problemAs is newProblem with the message as rendered, where it may
// span lines: a warning's, a bad call's, or a reader's own text.
func problemAs(pos Position, sev Severity, class error, code Code, args ...any) Problem {
	return Problem{Position: pos, Severity: sev, Class: class, Message: messageAt(pos, code, args), Code: code, args: joinArgs(args)}
}

// argSep separates the arguments of a problem as it keeps them: no input
// holds it (a control character), and an argument that did would be cut
// there.
const argSep = "\x00"

// joinArgs returns a problem's arguments as text, as its message shows
// them (%v), joined by argSep.
func joinArgs(args []any) string {
	if len(args) == 0 {
		return ""
	}
	var b []byte
	for i, a := range args {
		if i > 0 {
			b = append(b, argSep...)
		}
		switch v := a.(type) {
		case string:
			b = append(b, v...)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case fmt.Stringer:
			b = append(b, v.String()...)
		case error:
			b = append(b, v.Error()...)
		default:
			b = fmt.Append(b, v)
		}
	}
	return string(b)
}

// Args returns the values the problem's message is made of, as text, in
// the order of its code's message: a target id, a figure as written, a
// date. A problem with no code, or whose code takes none, has none.
func (p Problem) Args() []string {
	if p.args == "" {
		return nil
	}
	return strings.Split(p.args, argSep)
}

// Text returns code's message in lang with args, as a Problem of the code
// with those Args reads (Problem.Text): for a program that raises a
// message of the catalogue itself, or a platform that keeps problems as
// codes and arguments. An unknown code gives "".
func (c Code) Text(lang Lang, args ...any) string {
	w, ok := catalogue[c]
	if !ok {
		return ""
	}
	// Each argument as text, as Args gives it: %d and %v take it as %s.
	en := textVerb.ReplaceAllStringFunc(w.en, func(v string) string {
		if v == "%%" || strings.HasSuffix(v, "q") {
			return v
		}
		if i := strings.LastIndexByte(v, ']'); i >= 0 {
			return v[:i+1] + "s" // %[2]d: the same argument, as text
		}
		return "%s"
	})
	text := make([]any, len(args))
	for i, a := range args {
		text[i] = joinArgs([]any{a})
	}
	return Problem{Code: c, Message: oneLine(fmt.Sprintf(en, text...)), args: joinArgs(args)}.Text(lang)
}

// textVerb matches a format's verbs, %% too.
var textVerb = regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z%]`)

// Text returns the problem's message in lang: in English, Message; in
// Chinese, the catalogue's Chinese wording of its code with its
// arguments, or Message where it has none (a problem with no code).
func (p Problem) Text(lang Lang) string {
	if lang != Chinese {
		return p.Message
	}
	if s, ok := zhText(p); ok {
		return s
	}
	return oneLine(p.Message)
}
