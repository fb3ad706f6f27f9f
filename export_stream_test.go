package renewal

// Thresholds are the loader's size switches, for the threshold tests.
type Thresholds struct {
	StreamMin    int   // the smallest document streamed (streamMin)
	StreamBatch  int   // records walked a streamed batch (streamBatch)
	SplitMin     int   // the smallest file split into batches (splitMin)
	SplitBatch   int   // about the bytes of a split batch (batchBytes)
	PendingNodes int64 // nodes that may wait for the plan (pendingNodes)
}

// CurrentThresholds returns the thresholds in force.
func CurrentThresholds() Thresholds {
	return Thresholds{streamMin, streamBatch, splitMin, batchBytes, pendingNodes}
}

// SetThresholds sets the loader's thresholds and returns a function that
// puts them back. It must not run during a load.
func SetThresholds(th Thresholds) (restore func()) {
	old := CurrentThresholds()
	streamMin, streamBatch, splitMin, batchBytes, pendingNodes = th.StreamMin, th.StreamBatch, th.SplitMin, th.SplitBatch, th.PendingNodes
	return func() { SetThresholds(old) }
}

// DropStreamBatch makes the streamed path drop its nth batch of records
// of each file (1 the first, 0 none), and returns a function that puts it
// back: the bug the differential tests must catch.
func DropStreamBatch(n int) (restore func()) {
	old := dropStreamBatch
	dropStreamBatch = n
	return func() { dropStreamBatch = old }
}
