package renewal

// District is a county-level unit that is given targets and reports
// progress: a district (区), county (县), county-level city (市) or a
// development zone that reports like one.
type District struct {
	ID    string
	Name  string
	Pos   Position
	index int
}
