package main

// The states of a submission. The store's table keeps them as pending,
// accepted, rejected (and withdrawn, which this service never sets): the
// names of its released migration, which are not changed. The API, the
// pages and the docs say pending, approved and returned, the words of a
// review. This table is the one place the two namings meet: every query
// and every answer goes through it.
const (
	statePending  = "pending"
	stateApproved = "approved"
	stateReturned = "returned"
)

var states = []struct{ api, stored, zh string }{
	{statePending, "pending", "待审核"},
	{stateApproved, "accepted", "已通过"},
	{stateReturned, "rejected", "已退回"},
	{"withdrawn", "withdrawn", "已撤回"},
}

// storedState is the store's name of an API state; ok is false for a
// name the API does not give.
func storedState(api string) (stored string, ok bool) {
	for _, s := range states {
		if s.api == api && api != "withdrawn" {
			return s.stored, true
		}
	}
	return "", false
}

// apiState is the API's name of a state the store keeps; a state the
// table does not know is given as it is.
func apiState(stored string) string {
	for _, s := range states {
		if s.stored == stored {
			return s.api
		}
	}
	return stored
}

// stateName is an API state in Chinese, for the pages.
func stateName(api string) string {
	for _, s := range states {
		if s.api == api {
			return s.zh
		}
	}
	return api
}
