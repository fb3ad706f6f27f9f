package renewal

// SetSplit sets the smallest file decoded in parallel batches and the
// batch size, for the differential tests, and returns a function that
// puts them back.
func SetSplit(min, batch int) (restore func()) {
	oldMin, oldBatch := splitMin, batchBytes
	splitMin, batchBytes = min, batch
	return func() { splitMin, batchBytes = oldMin, oldBatch }
}

// EnglishFormat returns the catalogue's English format of code, and
// whether the catalogue has code.
func EnglishFormat(c Code) (string, bool) {
	w, ok := catalogue[c]
	return w.en, ok
}
