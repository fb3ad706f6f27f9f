package renewal

// Department is a city department that leads (牵头) or supports (配合)
// targets.
type Department struct {
	ID    string
	Name  string
	Pos   Position
	index int
}
